"""Feeds on many loopback host addresses (127.0.0.2, 127.0.0.3, …) on one port, for the
cluster tests: sources on different hosts fall in different buckets. Each request is
logged with its address, path and User-Agent (the test gives each node its own) to
STATE/requests.jsonl.

    many_hosts.py --state-dir STATE [--hosts 12]

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


def make_handler(state_dir):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            host = self.server.server_address[0]
            with LOCK, open(os.path.join(state_dir, "requests.jsonl"), "a") as log:
                log.write(json.dumps({"host": host, "path": self.path, "agent": self.headers.get("User-Agent", ""),
                                      "time": time.time()}) + "\n")
            name = self.path.strip("/").replace("/", "-")
            body = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{host}</title>'
                    f"<link>http://{host}/</link><description>d</description>"
                    f"<item><title>{host} {name} 消息</title><link>http://{host}/{name}.html</link><guid>{host}-{name}</guid></item>"
                    "</channel></rss>").encode()
            send(self, 200, body, {"Content-Type": "application/rss+xml; charset=utf-8"})

        def log_message(self, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--hosts", type=int, default=12)
    args = parser.parse_args()
    exit_with_parent()
    handler = make_handler(args.state_dir)
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
