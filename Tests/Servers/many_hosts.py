"""Feeds on many loopback host addresses (127.0.0.2, 127.0.0.3, …) on one port, for the
cluster tests: sources on different hosts fall in different buckets. Each request is
logged with its address, path and User-Agent (the test gives each node its own) to
STATE/requests.jsonl.

With --stories N every feed also carries N syndicated stories (once STATE/publish exists;
only the first K while it holds the number K), each under its own guid
and with the headline as reposts vary it (a media tag, a 转载 prefix, a paper's tag), so
the cluster tests can check that every story is one story and one alert across nodes.

    many_hosts.py --state-dir STATE [--hosts 12] [--stories N]

Writes {"feeds": PORT, "hosts": N} to STATE/ports.json once every address listens.
"""
import argparse
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from loopback import exit_with_parent, send, write_json

LOCK = threading.Lock()


PLACES = ["临江", "青山", "白河", "东湖", "南岭", "西峡", "北塘", "云溪", "石门", "桃源"]


def syndicated(index, source):
    """Story `index` as source number `source` reposts it."""
    place = PLACES[index % len(PLACES)]
    title = f"{place}县暴雨引发山洪 紧急转移群众{index * 13 + 210}人"
    variant = source % 4
    if variant == 1:
        title += "（图）"
    elif variant == 2:
        title = "转载：" + title
    elif variant == 3:
        title = "【" + place + "日报】" + title
    summary = (f"{place}县气象台发布暴雨红色预警，境内多条河流出现超警戒水位，"
               f"县防汛指挥部启动应急响应，连夜转移沿河群众{index * 13 + 210}人，暂无人员伤亡报告。")
    return title, summary


def published_count(state_dir, stories):
    """All N stories once STATE/publish exists; the first K when it holds the number K."""
    try:
        with open(os.path.join(state_dir, "publish")) as marker:
            text = marker.read().strip()
    except OSError:
        return 0
    return min(stories, int(text)) if text.isdigit() else stories


def make_handler(state_dir, stories):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            host = self.server.server_address[0]
            with LOCK, open(os.path.join(state_dir, "requests.jsonl"), "a") as log:
                log.write(json.dumps({"host": host, "path": self.path, "agent": self.headers.get("User-Agent", ""),
                                      "time": time.time()}) + "\n")
            name = self.path.strip("/").replace("/", "-")
            number = int("".join(c for c in name if c.isdigit()) or "0")
            items = [f"<item><title>{host} {name} 消息</title><link>http://{host}/{name}.html</link><guid>{host}-{name}</guid></item>"]
            published = published_count(state_dir, stories)
            for index in range(published):
                title, summary = syndicated(index, number)
                items.append(f"<item><title>{title}</title><link>http://{host}/{name}/story{index}.html</link>"
                             f"<guid>{host}-{name}-story{index}</guid><description>{summary}</description></item>")
            body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{host}</title>'
                    f"<link>http://{host}/</link><description>d</description>{''.join(items)}"
                    "</channel></rss>").encode()
            send(self, 200, body, {"Content-Type": "application/rss+xml; charset=utf-8"})

        def log_message(self, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--hosts", type=int, default=12)
    parser.add_argument("--stories", type=int, default=0)
    args = parser.parse_args()
    exit_with_parent()
    handler = make_handler(args.state_dir, args.stories)
    for _ in range(20):
        probe = socket.socket()
        probe.bind(("127.0.0.2", 0))
        port = probe.getsockname()[1]
        probe.close()
        servers = []
        try:
            for index in range(args.hosts):
                servers.append(ThreadingHTTPServer((f"127.0.0.{index + 2}", port), handler))
        except OSError:
            for server in servers:
                server.server_close()
            continue
        for server in servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        write_json(args.state_dir, "ports.json", {"feeds": port, "hosts": args.hosts})
        while True:
            time.sleep(3600)
    raise SystemExit("no port free on every address")


if __name__ == "__main__":
    main()
