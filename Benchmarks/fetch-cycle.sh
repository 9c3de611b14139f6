#!/usr/bin/env bash
# Fetch-cycle benchmark (issue 3): 1,000 distinct feeds of 50 items each, served by nginx
# on 127.0.0.1, fetched once by curl (--parallel --parallel-max 16, the floor) and once by
# yuqing's transport and parser (16 connections). Prints wall time, CPU time and peak RSS.
# Usage: bash Benchmarks/fetch-cycle.sh [FEEDS]   (needs nginx-light, curl, GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
feeds=${1:-1000}
work=$(mktemp -d)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

command -v nginx >/dev/null || { echo "needs nginx (apt-get install -y nginx-light)"; exit 2; }
python3 - "$work/www" "$feeds" <<'PY'
import os, sys, datetime
root, count = sys.argv[1], int(sys.argv[2])
os.makedirs(root, exist_ok=True)
base = datetime.datetime(2026, 11, 26, 8, 0, tzinfo=datetime.timezone.utc)
for f in range(count):
    items = []
    for i in range(50):
        when = (base - datetime.timedelta(minutes=7 * i + f)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items.append(f"<item><title>第{f}号信息源 第{i}条：某市召开防汛工作会议，部署强降雨应对措施</title>"
                     f"<link>http://news{f}.example.cn/a/{i}.html</link><guid>news{f}-{i}</guid>"
                     f"<description>&lt;p&gt;会议要求各部门做好暴雨、洪水和内涝的防范工作，确保人民群众生命财产安全。第{i}段。&lt;/p&gt;</description>"
                     f"<pubDate>{when}</pubDate></item>")
    with open(os.path.join(root, f"feed{f}.xml"), "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                  f"<title>测试源 {f}</title><link>http://news{f}.example.cn/</link><description>基准测试</description>"
                  + "".join(items) + "</channel></rss>")
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    types { application/rss+xml xml; }
    keepalive_requests 100000;
    client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
    server { listen 127.0.0.1:$port; root $work/www; }
}
CONF
mkdir -p "$work/tmp"
chmod -R a+rX "$work"
nginx -c "$work/nginx.conf"
sleep 0.5
for f in $(seq 0 $((feeds - 1))); do echo "http://127.0.0.1:$port/feed$f.xml"; done > "$work/urls.txt"
echo "feeds: $feeds, bytes per feed: $(stat -c %s "$work/www/feed0.xml")"

swift build -c release --product yuqing-bench >/dev/null
bench=$(swift build -c release --show-bin-path)/yuqing-bench

# Warm the page cache and nginx once, then measure.
curl -s --parallel --parallel-max 16 -K <(sed "s/^/url = /" "$work/urls.txt" | awk '{print; print "output = /dev/null"}') >/dev/null
sed 's/^/url = /; s/$//' "$work/urls.txt" | awk '{print $0; print "output = /dev/null"}' > "$work/curl.cfg"
/usr/bin/time -f "curl:   wall %e s, user %U s, system %S s, peak RSS %M KB" \
    curl -s --parallel --parallel-max 16 -K "$work/curl.cfg" -w "%{size_download}\n" | awk '{n++; b+=$1} END {print "curl: " n " transfers, " b " bytes"}'
# Both timed to the microsecond over five runs (time(1) rounds to 10 ms): curl as a whole
# process, yuqing's transport from inside its process.
python3 - "$work/curl.cfg" <<'PY'
import statistics, subprocess, sys, time
runs = []
for _ in range(5):
    start = time.perf_counter()
    subprocess.run(["curl", "-s", "--parallel", "--parallel-max", "16", "-K", sys.argv[1], "-o", "/dev/null"], check=True,
                   stdout=subprocess.DEVNULL)
    runs.append(time.perf_counter() - start)
print(f"curl --parallel-max 16: wall {', '.join(f'{r:.4f}' for r in runs)} s (median {statistics.median(runs):.4f} s)")
PY
for run in 1 2 3 4 5; do "$bench" --urls "$work/urls.txt" --connections 16 --no-parse; done
"$bench" --urls "$work/urls.txt" --connections 16
/usr/bin/time -f "yuqing-bench process: wall %e s, user %U s, system %S s, peak RSS %M KB" \
    "$bench" --urls "$work/urls.txt" --connections 16
