#!/usr/bin/env python3
"""How well one scan detector does across streams: the scan of scan_oracle.py over a generic
family of changes (not the planted ones), with the normal rate read from the past only
(scan_oracle.past_rate over `--days` days, inflated by `--inflate` as yuqing's tests inflate
their baseline), and ONE threshold pair for rises and falls for all the streams given —
the pair that meets most of issue 16's targets on the `--tune` streams, then applied to
every stream. Which part of the rate's estimate matters is read from how the totals move
with `--days` and `--inflate` (BENCHMARKS.md, session 19).

    python3 Benchmarks/scan_single_pair.py --days 28 --tune DIR... --check DIR...
    python3 Benchmarks/scan_single_pair.py --frontier [--known-rate] --tune DIR...

`--frontier` asks instead how far one pair can go at all: for each number of streams on
which precision reaches 0.90, the most targets any pair meets (session 23).

Each DIR is a replayed evaluation directory (as trend-eval.sh leaves it: truth.jsonl,
counts.jsonl, model.json). Needs numpy.
"""
import argparse
import os

import scan_oracle as so
import trend_eval as te

# Rises ×2.5–9 for up to 6 hours, ramps to ×2.5–5 over 4–11 hours, drops to 0.02–0.35 ×
# for 4 or 24 hours: the shapes a duty officer cares about, on a coarse grid.
GENERIC = ([("up", "rise", f, 72) for f in (2.5, 4, 6, 9)]
           + [("up", "ramp", f, n) for f in (2.5, 3.5, 5) for n in (48, 72, 96, 132)]
           + [("down", "drop", f, n) for f in (0.02, 0.15, 0.35) for n in (48, 288)])


def stream_table(work, days, inflate, known_rate=False):
    """The scan's direction table on one stream, and what its targets are judged by."""
    truth, events, counts, first, last, shape = te.load_stream(work)
    events = [dict(event, factor=planted["factor"]) for event, planted in zip(events, truth)]
    oracle_delays = te.oracle(truth, counts, 1e-4, te.background(truth, counts), shape)
    evident = te.evident_events(events, oracle_delays)
    base = te.background(truth, counts) if known_rate else so.past_rate(counts, first, last, days=days)
    rate = lambda topic, bucket: base(topic, bucket) * (1 + inflate)
    scans = {topic: so.TopicScan(counts[topic], topic, GENERIC, first, last, rate, shape) for topic in counts}
    table = so.direction_table(events, evident, scans, first + 7 * 288, te.score, te.episodes, te.kind_medians)
    return {"table": table, "evident": len(evident), "oracle": oracle_delays, "dense": shape is None}


def checks(stream, h_up, h_down):
    up = next(row for row in stream["table"]["up"] if abs(row[0] - h_up) < 1e-9)
    down = next(row for row in stream["table"]["down"] if abs(row[0] - h_down) < 1e-9)
    total = len(up[1]) + len(down[1])
    precision = (up[2] + down[2]) / total if total else 0.0
    recall = (up[3] + down[3]) / stream["evident"] if stream["evident"] else 0.0
    return te.checks_of(precision, recall, {**up[4], **down[4]}, stream["oracle"], stream["dense"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--inflate", type=float, default=0.0)
    parser.add_argument("--tune", nargs="+", required=True)
    parser.add_argument("--check", nargs="*", default=[])
    parser.add_argument("--known-rate", action="store_true", help="the generator's rate instead of the past's")
    parser.add_argument("--frontier", action="store_true",
                        help="for each number of --tune streams where precision reaches 0.90, the most targets a pair meets")
    args = parser.parse_args()
    streams = {work: stream_table(work, args.days, args.inflate, args.known_rate) for work in args.tune + args.check}
    met = lambda works, h_up, h_down: sum(ok for work in works for _, ok in checks(streams[work], h_up, h_down))
    if args.frontier:
        grid = [float(h) for h in so.GRID if 4.0 <= h <= 30.0]
        best = {}
        for pair in ((u, d) for u in grid for d in grid):
            results = [checks(streams[work], *pair) for work in args.tune]
            precise = sum(result[0][1] for result in results)
            total = sum(ok for result in results for _, ok in result)
            if total > best.get(precise, (-1,))[0]:
                best[precise] = (total, *pair)
        for precise, (total, h_up, h_down) in sorted(best.items()):
            print(f"precision met on {precise} of {len(args.tune)}: at most {total} targets (pair {h_up:.2f} / {h_down:.2f})")
        return
    grid = [float(h) for h in so.GRID if 6.0 <= h <= 21.0]
    h_up, h_down = max(((u, d) for u in grid for d in grid), key=lambda pair: (met(args.tune, *pair), -sum(pair)))
    print(f"rate from {args.days} days, inflated {args.inflate:.0%}: pair {h_up:.2f} / {h_down:.2f}")
    for label, works in (("tuned on", args.tune), ("checked on", args.check)):
        if not works:
            continue
        total = sum(len(checks(streams[work], h_up, h_down)) for work in works)
        print(f"  {label}: {met(works, h_up, h_down)} of {total} targets")
        for work in works:
            failed = [text for text, ok in checks(streams[work], h_up, h_down) if not ok]
            print(f"    {os.path.basename(work.rstrip('/'))}: {', '.join(failed) or 'all met'}")


if __name__ == "__main__":
    main()
