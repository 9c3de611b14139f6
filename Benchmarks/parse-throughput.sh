#!/usr/bin/env bash
# Parse-throughput benchmark (issue 4): 200 feeds of about 100 KB (half Chinese, a quarter
# GB18030-encoded), parsed on one core by yuqing, by Python feedparser (from PyPI) and by
# `xmllint --noout` (the raw libxml2 parse floor).
# Usage: bash Benchmarks/parse-throughput.sh   (needs libxml2-utils; installs feedparser)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v xmllint >/dev/null || { echo "needs xmllint (apt-get install -y libxml2-utils)"; exit 2; }
python3 -c 'import feedparser' 2>/dev/null || python3 -m pip install --quiet feedparser

python3 - "$work/feeds" <<'PY'
import os, sys, datetime
root = sys.argv[1]
os.makedirs(root)
base = datetime.datetime(2026, 11, 26, 8, 0, tzinfo=datetime.timezone.utc)
for f in range(200):
    chinese = f % 2 == 0
    gb = chinese and f % 4 == 0
    items, i = [], 0
    while sum(len(x) for x in items) < 95_000:
        when = (base - datetime.timedelta(minutes=5 * i + f)).strftime("%a, %d %b %Y %H:%M:%S +0800")
        if chinese:
            title = f"第{f}号源第{i}条：某市召开防汛工作会议，部署强降雨应对措施，要求各地加强值班值守"
            text = "会议要求各部门做好暴雨、洪水和内涝的防范工作，确保人民群众生命财产安全。" * 3
        else:
            title = f"Feed {f} item {i}: city council meets on flood preparations ahead of heavy rain"
            text = "The council asked every department to prepare for storms, floods and waterlogging. " * 3
        items.append(f"<item><title>{title}</title><link>http://news{f}.example.cn/a/{i}.html</link>"
                     f"<guid>news{f}-{i}</guid><description>&lt;p&gt;{text}&lt;/p&gt;</description>"
                     f"<pubDate>{when}</pubDate></item>")
        i += 1
    encoding = "gb18030" if gb else "utf-8"
    doc = (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
           f"<title>{'测试源' if chinese else 'Test feed'} {f}</title><link>http://news{f}.example.cn/</link>"
           "<description>benchmark</description>" + "".join(items) + "</channel></rss>")
    with open(os.path.join(root, f"feed{f:03d}.xml"), "wb") as out:
        out.write(doc.encode(encoding))
PY
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
      f"{yuqing / xmllint:.2f}x xmllint's time (target <= 2)")
PY
