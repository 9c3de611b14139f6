#!/usr/bin/env python3
"""Scores trend detection and clustering on a replayed generated stream.

    python3 Benchmarks/trend_eval.py WORKDIR

WORKDIR holds the generator's truth.jsonl and stories.jsonl and the replay's
detections.jsonl, counts.jsonl and assignments.jsonl. yuqing's detector is compared, on the
same per-topic new-story counts per 5-minute bucket, with two baselines implemented here:
mean + 3 sigma over a trailing 24-hour window (Huginn's peak detector), and a fixed count
threshold set from the first week. Detections are grouped into episodes (same topic and
direction, gaps of at most 3 buckets); an event counts as found when an episode of its
direction starts between 2 buckets before it and its end; an episode is a true alarm when it
starts within an event's span (up to 12 buckets after its end). Delay is in buckets from the
event's start to the episode's start.
"""
import collections
import datetime as dt
import json
import math
import os
import statistics
import sys

BUCKET = 300
WINDOW = 3


def stamp(text):
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()) // BUCKET


def load(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def episodes(detections):
    """detections: {(topic, polarity): sorted buckets} -> [(topic, polarity, start)]"""
    result = []
    for (topic, polarity), buckets in detections.items():
        previous = None
        for bucket in sorted(buckets):
            if previous is None or bucket - previous > 3:
                result.append((topic, polarity, bucket))
            previous = bucket
    return result


def score(name, found_episodes, events):
    matched_events, delays = 0, []
    by_kind = collections.defaultdict(list)
    for event in events:
        hits = [start for topic, polarity, start in found_episodes
                if topic == event["topic"] and polarity == event["polarity"] and event["start"] - 2 <= start <= event["end"]]
        if hits:
            matched_events += 1
            delays.append(max(0, min(hits) - event["start"]))
            by_kind[event["kind"]].append(max(0, min(hits) - event["start"]))
        else:
            by_kind[event["kind"]].append(None)
    true_alarms = sum(
        1 for topic, polarity, start in found_episodes
        if any(e["topic"] == topic and e["polarity"] == polarity and e["start"] - 2 <= start <= e["end"] + 12 for e in events))
    precision = true_alarms / len(found_episodes) if found_episodes else 0.0
    recall = matched_events / len(events) if events else 0.0
    delay = statistics.median(delays) if delays else float("nan")
    kinds = "  ".join(
        f"{kind}: {sum(d is not None for d in values)}/{len(values)} found, delay {statistics.median([d for d in values if d is not None]) if any(d is not None for d in values) else float('nan'):.0f}"
        for kind, values in sorted(by_kind.items()))
    print(f"{name:<24} episodes {len(found_episodes):5d}  precision {precision:.3f}  recall {recall:.3f}  median delay {delay:.1f} buckets   [{kinds}]")
    if os.environ.get("SHOW_FALSE") == name:
        for topic, polarity, start in sorted(found_episodes, key=lambda e: e[2]):
            if not any(e["topic"] == topic and e["polarity"] == polarity and e["start"] - 2 <= start <= e["end"] + 12 for e in events):
                print("   false:", topic, polarity, dt.datetime.fromtimestamp(start * BUCKET, dt.timezone.utc).isoformat())
    return precision, recall, delay


def main():
    work = sys.argv[1]
    truth = load(os.path.join(work, "truth.jsonl"))
    events = [{"topic": t["topic"], "polarity": "down" if t["kind"] == "drop" else "up", "kind": t["kind"],
               "start": stamp(t["start"]), "end": stamp(t["end"])} for t in truth]
    counts = collections.defaultdict(dict)
    for row in load(os.path.join(work, "counts.jsonl")):
        counts[row["topic"]][stamp(row["bucket"])] = int(row["stories"])
    first = min(min(series) for series in counts.values())
    last = max(max(series) for series in counts.values())

    found = collections.defaultdict(list)
    for row in load(os.path.join(work, "detections.jsonl")):
        polarity = "down" if row["direction"] == "falling" else "up"
        found[(row["topic"], polarity)].append(stamp(row["bucket"]))
    results = {"yuqing": score("yuqing", episodes(found), events)}

    sigma = collections.defaultdict(list)
    fixed = collections.defaultdict(list)
    week = first + 7 * 288
    for topic, series in counts.items():
        values = [series.get(b, 0) for b in range(first, last + 1)]
        sums = [sum(values[max(0, i - WINDOW + 1):i + 1]) for i in range(len(values))]
        training = sums[:7 * 288]
        high = sorted(training)[int(len(training) * 0.995)]
        low = sorted(training)[int(len(training) * 0.05)]
        for i in range(len(values)):
            bucket = first + i
            if i >= 288:
                window = sums[max(0, i - 288 - WINDOW):i - WINDOW + 1]
                mean = sum(window) / len(window)
                sd = math.sqrt(sum((x - mean) ** 2 for x in window) / len(window))
                if sums[i] > mean + 3 * sd:
                    sigma[(topic, "up")].append(bucket)
                elif sums[i] < mean - 3 * sd:
                    sigma[(topic, "down")].append(bucket)
            if bucket >= week:
                if sums[i] > high:
                    fixed[(topic, "up")].append(bucket)
                elif sums[i] < low:
                    fixed[(topic, "down")].append(bucket)
    results["mean+3sigma (Huginn)"] = score("mean+3sigma (Huginn)", episodes(sigma), events)
    results["fixed threshold"] = score("fixed threshold", episodes(fixed), events)

    by_kind = collections.Counter(e["kind"] for e in events)
    print("events:", dict(by_kind))

    truth_story = {row["id"]: row["story"] for row in load(os.path.join(work, "stories.jsonl"))}
    predicted = {row["id"]: row["story"] for row in load(os.path.join(work, "assignments.jsonl"))}
    pairs = lambda n: n * (n - 1) // 2
    joint = collections.Counter((truth_story[i], predicted[i]) for i in predicted if i in truth_story)
    same_both = sum(pairs(n) for n in joint.values())
    same_truth = sum(pairs(n) for n in collections.Counter(truth_story[i] for i in predicted if i in truth_story).values())
    same_pred = sum(pairs(n) for n in collections.Counter(predicted[i] for i in predicted if i in truth_story).values())
    print(f"clustering: {len(predicted)} items, pairwise precision {same_both / same_pred:.4f}, recall {same_both / same_truth:.4f}")


if __name__ == "__main__":
    main()
