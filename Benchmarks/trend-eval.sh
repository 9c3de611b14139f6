#!/usr/bin/env bash
# Trend detection and clustering, evaluated on a generated stream replayed by yuqing. See
# BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-$(mktemp -d)}"
python3 -m pip install --quiet jieba numpy 2>/dev/null || python3 -m pip install --quiet --break-system-packages jieba numpy
[ -f "$work/stream.jsonl" ] || python3 Benchmarks/generate_stream.py "$work"
swift build -c release --product yuqing >/dev/null
rm -rf "$work/replay" && mkdir -p "$work/replay"
.build/release/yuqing replay --config "$work/eval.yml" "$work/stream.jsonl" --into "$work/replay" \
    --detections "$work/detections.jsonl" --counts "$work/counts.jsonl" --assignments "$work/assignments.jsonl" | tail -1
# The replay's store (about 100 MB for a dense stream) is not needed for scoring.
[ -n "${KEEP_REPLAY:-}" ] || rm -rf "$work/replay"
python3 Benchmarks/trend_eval.py "$work"
