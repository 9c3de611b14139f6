#!/usr/bin/env python3
"""A feed generator and webhook receiver for the storage stress tests, on loopback.

GET /gen/<name>?n=N&pad=P serves RSS with N items never served before (ids count up for
the life of the process, across daemon restarts), each matching the topic 食品安全, with
a summary of P characters (none while STATE/paused exists). POST /hook appends the notification's item id and key to
STATE/hook.jsonl (one JSON object per line, flushed per call). Ports go to STATE/ports.json.
"""
import argparse
import json
import os
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from loopback import exit_with_parent, send, write_json

LOCK = threading.Lock()
COUNTER = [0]


class Handler(BaseHTTPRequestHandler):
    state = ""

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if not url.path.startswith("/gen/"):
            return send(self, 404)
        query = dict(urllib.parse.parse_qsl(url.query))
        count, pad = int(query.get("n", "20")), int(query.get("pad", "0"))
        if os.path.exists(os.path.join(self.state, "paused")):
            count = 0
        with LOCK:
            first = COUNTER[0]
            COUNTER[0] += count
        items = "".join(
            f"<item><title>食品安全抽检通报 第{i}号</title><link>https://gen.example.cn/{i}</link>"
            f"<guid>gen-{i}</guid><description>{'检' * pad}编号{i}</description></item>"
            for i in range(first, first + count))
        body = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>gen</title>{items}</channel></rss>'
        send(self, 200, body.encode(), {"Content-Type": "application/rss+xml; charset=utf-8"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        payload = json.loads(body)
        line = json.dumps({"key": self.headers.get("X-Yuqing-Idempotency-Key"),
                           "item": payload.get("fields", {}).get("item_id")}) + "\n"
        with LOCK:
            with open(os.path.join(self.state, "hook.jsonl"), "a") as out:
                out.write(line)
                out.flush()
        send(self, 200, b"{}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state-dir", required=True)
    args = parser.parse_args()
    exit_with_parent()
    Handler.state = args.state_dir
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    write_json(args.state_dir, "ports.json", {"http": server.server_address[1]})
    server.serve_forever()


if __name__ == "__main__":
    main()
