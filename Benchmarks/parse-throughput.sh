#!/usr/bin/env bash
# Parse-throughput benchmark (issues 4 and 20): 200 feeds of about 125 KB (half Chinese, a
# quarter GB18030-encoded) written by Benchmarks/generate_feed_corpus.py, parsed on one core by
# yuqing, by Python feedparser (from PyPI) and by `xmllint --noout` (the raw libxml2 parse floor).
# Usage: bash Benchmarks/parse-throughput.sh [escaped|html|plain] [SEED]
#        (needs libxml2-utils; installs feedparser)
set -euo pipefail
cd "$(dirname "$0")/.."
shape=${1:-escaped}
seed=${2:-20261126}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v xmllint >/dev/null || { echo "needs xmllint (apt-get install -y libxml2-utils)"; exit 2; }
python3 -c 'import feedparser' 2>/dev/null || python3 -m pip install --quiet feedparser

python3 Benchmarks/generate_feed_corpus.py "$work/feeds" --shape "$shape" --seed "$seed"
echo "documents: 200, $(du -sb "$work/feeds" | cut -f1) bytes"

swift build -c release --product yuqing-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/yuqing-bench"
for run in 1 2 3 4 5; do "$bench" --parse-dir "$work/feeds"; done | tee "$work/yuqing.txt"

python3 - "$work/feeds" <<'PY' | tee "$work/feedparser.txt"
import os, sys, time, resource, feedparser
root = sys.argv[1]
docs = [open(os.path.join(root, n), "rb").read() for n in sorted(os.listdir(root))]
size = sum(map(len, docs)) / 1e6
start, cpu = time.perf_counter(), time.process_time()
items = sum(len(feedparser.parse(d).entries) for d in docs)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
print(f"feedparser {feedparser.__version__}: {len(docs)} documents, {size:.1f} MB, {items} items; wall {wall:.3f} s "
      f"({size / wall:.2f} MB/s, {items / wall:.0f} items/s), CPU {cpu:.3f} s, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")
PY

/usr/bin/time -f "xmllint --noout: peak RSS %M KB" xmllint --noout "$work"/feeds/*.xml
# xmllint timed to the microsecond (time(1) rounds to 10 ms), five runs, whole process.
python3 - "$work" <<'PY'
import glob, re, statistics, subprocess, sys, time
work = sys.argv[1]
files = sorted(glob.glob(f"{work}/feeds/*.xml"))
runs = []
for _ in range(5):
    start = time.perf_counter()
    subprocess.run(["xmllint", "--noout", *files], check=True)
    runs.append(time.perf_counter() - start)
xmllint = statistics.median(runs)
yuqing = statistics.median(float(m) for m in re.findall(r"wall ([0-9.]+) s", open(f"{work}/yuqing.txt").read()))
feedparser = float(re.search(r"wall ([0-9.]+) s", open(f"{work}/feedparser.txt").read()).group(1))
print(f"xmllint --noout: wall {', '.join(f'{r:.4f}' for r in runs)} s (median {xmllint:.4f} s)")
print(f"median yuqing wall {yuqing:.3f} s: {feedparser / yuqing:.1f}x feedparser (target >= 50), "
      f"{yuqing / xmllint:.2f}x xmllint's time (target <= 1.5)")
PY
