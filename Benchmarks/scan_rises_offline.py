#!/usr/bin/env python3
"""Would a scan for rises do better than yuqing's rise windows? Measured offline, before
building it: yuqing's own falls and ramps (from a replay's detections) with its rise
windows replaced by the scan of scan_oracle.py over a generic family of step rises (×2.5,
4, 6 and 9 for up to 6 hours), one threshold h for every stream. The scan knows only what
yuqing knows: the normal rate from the past 28 days (scan_oracle.past_rate, raised by
`--inflate` as yuqing raises its baseline by its error) and the burstiness as yuqing
estimates it (`estimated_shape`, a port of TrendDetector.dispersion: the median absolute
deviation of hourly counts over the last 14 days' comparable days), not the generator's.
Prints, for each h, the issue's targets met on the `--tune` and the `--check` streams,
dense and sparse apart, and yuqing's own count on the same streams (BENCHMARKS.md,
session 23). `--replace ramp` asks the same of yuqing's ramps: they are replaced by a scan
over climbs to ×2.5–5 in 4–11 hours, its rises and falls kept.

    python3 Benchmarks/scan_rises_offline.py --inflate 0.09 --tune DIR... --check DIR...

Each DIR is a replayed evaluation directory as trend-eval.sh leaves it (detections.jsonl,
counts.jsonl, truth.jsonl, model.json). Needs numpy.
"""
import argparse
import collections

import numpy as np

import scan_oracle as so
import trend_eval as te

RISES = [("up", "rise", factor, 72) for factor in (2.5, 4, 6, 9)]
RAMPS = [("up", "ramp", factor, length) for factor in (2.5, 3.5, 5) for length in (48, 72, 96, 132)]
LOCAL = 8 * 3600 // 300  # Beijing time, in buckets


def estimated_shape(series, first, last):
    """Each bucket's gamma shape 1/α, α estimated as TrendDetector.dispersion does from the
    14 days before the bucket's day (hourly counts, comparable days, median absolute
    deviation beyond the median); a large shape (Poisson) when α is 0."""
    n = last - first + 1
    grid = np.zeros(n)
    for bucket, value in series.items():
        grid[bucket - first] = value
    day_of = (np.arange(first, last + 1) + LOCAL) // 288
    alpha = np.zeros(n)
    for day in range(day_of[0], day_of[-1] + 1):
        members = np.flatnonzero(day_of == day)
        end = members[0]
        days = min(14, end // 288)
        if days < 3:
            continue
        start = end - days * 288
        excess = squares = 0.0
        for hour in range(24):
            for weekend in (False, True):
                values = [grid[start + d * 288 + hour * 12: start + d * 288 + hour * 12 + 12].sum() for d in range(days)
                          if (so.dt_weekday((first + start + d * 288 + hour * 12 + LOCAL) // 288) >= 5) == weekend]
                if len(values) < 3:
                    continue
                center = np.median(values)
                spread = 1.4826 * np.median(np.abs(np.array(values) - center))
                excess += spread * spread - center
                squares += center * center
        alpha[members] = 0 if squares <= 0 else min(2, max(0, excess / squares))
    return np.where(alpha > 1e-9, 1 / np.maximum(alpha, 1e-9), 1e7)


def load(work, inflate, replace):
    truth, events, counts, first, last, shape = te.load_stream(work)
    rate = so.past_rate(counts, first, last, days=28)
    oracle_delays = te.oracle(truth, counts, 1e-4, te.background(truth, counts), shape)
    evident = te.evident_events(events, oracle_delays)
    kept, own = collections.defaultdict(list), collections.defaultdict(list)
    for row in te.load(f"{work}/detections.jsonl"):
        key = (row["topic"], "down" if row["direction"] == "falling" else "up")
        own[key].append(te.stamp(row["bucket"]))
        if row["direction"] != replace:
            kept[key].append(te.stamp(row["bucket"]))
    family = RISES if replace == "rising" else RAMPS
    scans = {topic: so.TopicScan(counts[topic], topic, family, first, last, lambda t, b: rate(t, b) * (1 + inflate),
                                 estimated_shape(counts[topic], first, last)) for topic in counts}
    return dict(events=events, evident=evident, oracle=oracle_delays, dense=shape is None, kept=kept, own=own,
                scans=scans, watch=first + 7 * 288)


def checks(stream, h):
    """The targets with yuqing's detections of the replaced kind swapped for the scan's
    alarms at h (None: yuqing's own)."""
    found = collections.defaultdict(list)
    for key, buckets in (stream["own"] if h is None else stream["kept"]).items():
        found[key] += buckets
    if h is not None:
        for topic, scan in stream["scans"].items():
            found[(topic, "up")] += scan.alarms("up", h, stream["watch"])
    return te.target_checks(te.episodes(found), stream["events"], stream["evident"], stream["oracle"], stream["dense"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inflate", type=float, default=0.0)
    parser.add_argument("--tune", nargs="+", required=True)
    parser.add_argument("--check", nargs="*", default=[])
    parser.add_argument("--replace", choices=["rising", "ramp"], default="rising",
                        help="which of yuqing's detections the scan replaces (ramp: a scan over ramps to ×2.5–5 in 4–11 h)")
    args = parser.parse_args()
    streams = {work: load(work, args.inflate, args.replace) for work in args.tune + args.check}
    groups = [(f"{label} {kind}", [w for w in works if streams[w]["dense"] == (kind == "dense")])
              for label, works in (("tuned", args.tune), ("checked", args.check)) for kind in ("dense", "sparse")]
    groups = [(name, works) for name, works in groups if works]

    def row(h):
        return "  ".join(f"{name} {sum(ok for w in works for _, ok in checks(streams[w], h))}/"
                         f"{sum(len(checks(streams[w], h)) for w in works)}" for name, works in groups)
    print(f"yuqing alone:          {row(None)}")
    for h in so.GRID:
        if 6.0 <= h <= 16.0:
            print(f"scan for the {args.replace}, h {h:5.2f}: {row(float(h))}")


if __name__ == "__main__":
    main()
