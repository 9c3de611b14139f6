"""An oracle that knows everything about a change except when it starts.

The SPRT oracle in trend_eval.py is started at each event's true start. A real detector is
not told the start: it must watch every bucket, and every bucket it watches is a chance of a
false alarm. This oracle is the best such detector that still knows the normal rate, the
count model and the planted changes: for each change it tests, it computes at every bucket t
the largest log-likelihood ratio of "this change (kind, factor, length) began at s" over the
starts s within the change's length before t — a scan statistic, the generalised
likelihood ratio over the unknown start (for a step change, Page's CUSUM with a window).
A topic alarms at every bucket where one of its statistics is at least h, so one event
makes one run of alarms, as yuqing's alarms while a trend lasts. It tests either its own
planted changes or (`pooled`) every change planted in the stream, on every topic.

h is not a per-test level: the oracle is scored exactly as yuqing is (episodes, precision,
recall, delays) and h is the smallest threshold at which its precision over the whole stream
reaches the issue's 0.90. Its delays are then what a detector can reach at yuqing's
precision when only the start is unknown; yuqing does not know the rate, the factor or the
shape either, so this bar is still generous to the oracle.

Needs numpy (python3 -m pip install numpy).
"""
import collections

import numpy as np

FLOOR = 0.02  # a silence: "almost nothing", as in trend_eval.oracle_delay
GRID = np.arange(2.0, 30.01, 0.25)


def factors(kind, factor_at_end, length):
    """The change's factor at each offset 0..length from its start."""
    offsets = np.arange(length + 1, dtype=float)
    if kind == "ramp":
        values = 1 + (factor_at_end - 1) * (offsets + 0.5) / max(length, 1)
    else:
        values = np.full(length + 1, float(factor_at_end))
    return np.maximum(values, FLOOR)


def window_best(counts, rates, buckets, kind, factor_at_end, length, shape):
    """At each bucket t, the largest log-likelihood ratio of the counts of buckets s..t under
    "the change began at s" against "no change", over the starts s with t - s <= length.

    With `shape`, the sparse generator's negative binomial (one gamma factor of that shape
    per clock hour, integrated out, hours cut at the window's ends as trend_eval does) — a
    number, or an array with each bucket's shape (a detector's estimate that moves day by
    day); without it, Poisson counts."""
    n = len(counts)
    best = np.full(n, -np.inf)
    f = factors(kind, factor_at_end, length)
    if shape is None:
        total = np.zeros(n)
        for d in range(min(length + 1, n)):
            total = total[: n - d] + counts[d:] * np.log(f[d]) - rates[d:] * (f[d] - 1)
            best[d:] = np.maximum(best[d:], total)
        return best
    closed = np.zeros(n)
    hour = np.full(n, -1)
    h_counts, h_before, h_after, h_log = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    for d in range(min(length + 1, n)):
        m = n - d
        closed, hour = closed[:m], hour[:m]
        h_counts, h_before, h_after, h_log = h_counts[:m], h_before[:m], h_after[:m], h_log[:m]
        c, lam, this_hour = counts[d:], rates[d:], buckets[d:] // 12
        k = shape[d:] if isinstance(shape, np.ndarray) else shape
        new = this_hour != hour
        ended = h_log + (k + h_counts) * (np.log(k + h_before) - np.log(k + h_after))
        closed = closed + np.where(new & (hour >= 0), ended, 0.0)
        keep = ~new
        h_counts, h_before, h_after, h_log = h_counts * keep, h_before * keep, h_after * keep, h_log * keep
        hour = this_hour
        h_counts = h_counts + c
        h_before = h_before + lam
        h_after = h_after + lam * f[d]
        h_log = h_log + c * np.log(f[d])
        total = closed + h_log + (k + h_counts) * (np.log(k + h_before) - np.log(k + h_after))
        best[d:] = np.maximum(best[d:], total)
    return best


class TopicScan:
    """One topic's detector: per direction, the largest scan statistic over its hypotheses."""

    def __init__(self, series, topic, hypotheses, first, last, rate, shape):
        self.first = first
        buckets = np.arange(first, last + 1)
        counts = np.array([series.get(int(b), 0) for b in buckets], dtype=float)
        rates = np.array([rate(topic, int(b)) for b in buckets], dtype=float)
        self.statistic = {}
        for polarity, kind, factor, length in hypotheses:
            best = window_best(counts, rates, buckets, kind, factor, length, shape)
            previous = self.statistic.get(polarity)
            self.statistic[polarity] = best if previous is None else np.maximum(previous, best)

    def alarms(self, polarity, threshold, watch_from):
        """Buckets from `watch_from` on at which the statistic for `polarity` reaches `threshold`."""
        statistic = self.statistic.get(polarity)
        if statistic is None:
            return []
        return [int(t) + self.first for t in np.flatnonzero(statistic >= threshold) if int(t) + self.first >= watch_from]


def hypotheses_of(events):
    return sorted({(e["polarity"], e["kind"], e["factor"], e["end"] - e["start"]) for e in events})


def scan_oracle(truth_events, counts, rate, shape, first, last, watch_from, score, episodes, pooled, target=0.90):
    """Scores the oracle at the smallest threshold whose precision reaches `target`. Each
    topic tests its own planted changes, or (`pooled`) every change planted in the stream on
    every topic: it then knows the family of changes, not which one comes where.

    Returns (threshold, episodes) or (None, None) when no threshold on the grid reaches it."""
    scans = {}
    family = hypotheses_of(truth_events)
    for topic in counts:
        mine = family if pooled else hypotheses_of([e for e in truth_events if e["topic"] == topic])
        if mine:
            scans[topic] = TopicScan(counts[topic], topic, mine, first, last, rate, shape)
    for threshold in GRID:
        found = collections.defaultdict(list)
        for topic, scan in scans.items():
            for polarity in ("up", "down"):
                found[(topic, polarity)] = scan.alarms(polarity, threshold, watch_from)
        result = episodes(found)
        if score("", result, truth_events, quiet=True)[0] >= target:
            return float(threshold), result
    return None, None


def direction_table(truth_events, evident, scans, watch_from, score, episodes, kind_medians):
    """Per direction, one row per threshold on the grid: (threshold, episodes, how many of
    them are inside an event, how many of `evident` they find, the median delay per kind).
    Events have a direction, so two rows, one per direction, add up to a detector."""
    table = {}
    for polarity in ("up", "down"):
        mine = [e for e in truth_events if e["polarity"] == polarity]
        wanted = [e for e in evident if e["polarity"] == polarity]
        rows = []
        for threshold in GRID:
            found = {(topic, polarity): scan.alarms(polarity, threshold, watch_from) for topic, scan in scans.items()}
            result = episodes(found)
            precision, _, _ = score("", result, mine, quiet=True)
            _, recall, _ = score("", result, wanted, quiet=True)
            rows.append((float(threshold), result, round(precision * len(result)), round(recall * len(wanted)),
                         kind_medians(result, mine)))
        table[polarity] = rows
    return table


def best_pair(table, key, target=0.90):
    """The (up, down) rows whose precision together reaches `target` and that `key(up, down)`
    ranks highest; None when no pair reaches the target."""
    best = None
    for up in table["up"]:
        for down in table["down"]:
            total = len(up[1]) + len(down[1])
            if total == 0 or (up[2] + down[2]) / total < target:
                continue
            rank = key(up, down)
            if best is None or rank > best[0]:
                best = (rank, up, down)
    return None if best is None else best[1:]


def scan_oracle_by_direction(truth_events, evident, counts, rate, shape, first, last, watch_from, score, episodes,
                             kind_medians, target=0.90):
    """The family form with a threshold of its own for rises and for falls, the pair chosen
    knowing the truth: of all pairs whose precision over the stream reaches `target`, the
    one that finds most of `evident` (the events the SPRT oracle finds). The most a detector
    that knows the rate, the model and the family of changes, but not when or where one
    starts, can find at the precision target — the bar for issue 16's recall target.

    Returns (direction table, (up row, down row)) — the pair None when no pair reaches the
    target; the table lets a caller choose a pair by another measure."""
    family = hypotheses_of(truth_events)
    scans = {topic: TopicScan(counts[topic], topic, family, first, last, rate, shape) for topic in counts}
    table = direction_table(truth_events, evident, scans, watch_from, score, episodes, kind_medians)
    return table, best_pair(table, lambda up, down: (up[3] + down[3], -(len(up[1]) + len(down[1]))), target)


def past_rate(counts, first, last, days=28, floor=0.05):
    """The normal rate as a detector could know it: for each topic and bucket, the mean count
    at that time of day (within 30 minutes) over the previous `days` days of the same kind
    (weekday or weekend, Beijing time), leaving out the day busiest at that time so that
    one planted burst does not lift the month. Only the past is read; before the first
    comparable day, the floor."""
    offset = 8 * 3600 // 300
    day0 = (first + offset) // 288
    day_count = (last + offset) // 288 - day0 + 1
    result = {}
    for topic, series in counts.items():
        grid = np.zeros(day_count * 288)
        for bucket, value in series.items():
            grid[bucket + offset - day0 * 288] = value
        kernel = np.ones(13) / 13
        smooth = np.convolve(grid, kernel, mode="same").reshape(day_count, 288)
        weekend = np.array([dt_weekday(day0 + d) >= 5 for d in range(day_count)])
        rates = np.full((day_count, 288), floor)
        for d in range(day_count):
            past = [e for e in range(max(0, d - days), d) if weekend[e] == weekend[d]]
            if not past:
                continue
            block = smooth[past]
            if len(past) > 2:
                total = block.sum(axis=0) - block.max(axis=0)
                rates[d] = np.maximum(floor, total / (len(past) - 1))
            else:
                rates[d] = np.maximum(floor, block.mean(axis=0))
        result[topic] = rates

    def rate(topic, bucket):
        index = bucket + offset - day0 * 288
        return float(result[topic][index // 288, index % 288])
    return rate


def dt_weekday(day):
    """Monday 0 .. Sunday 6 of a day counted from 1970-01-01 (a Thursday)."""
    return (day + 3) % 7
