#!/usr/bin/env python3
"""A hostile-and-friendly HTTP server on 127.0.0.1 for Transport's tests (stdlib only).

Routes: /ok, /big (2 MiB), /gzip-bomb (20 MiB of zeros, gzip-encoded), /drip (one byte
a second), /redirect-ftp, /redirect-loop, /echo (POST: answers with the request's
headers and body as JSON), /etag (304 when If-None-Match matches). Writes its port to
STATE/port and exits when its parent does.
"""
import argparse
import gzip
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BOMB = gzip.compress(b"\0" * (20 << 20), compresslevel=9)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/ok":
            return self.send(200, "你好，yuqing".encode(), {"Content-Type": "text/plain; charset=utf-8", "X-Test": "yes"})
        if self.path == "/big":
            return self.send(200, b"x" * (2 << 20))
        if self.path == "/gzip-bomb":
            return self.send(200, BOMB, {"Content-Encoding": "gzip"})
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            return
        if self.path == "/redirect-ftp":
            return self.send(302, b"", {"Location": "ftp://127.0.0.1/file"})
        if self.path == "/redirect-loop":
            return self.send(302, b"", {"Location": "/redirect-loop"})
        if self.path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.send(304, b"", {"ETag": '"v1"'})
            return self.send(200, b"fresh", {"ETag": '"v1"'})
        self.send(404, b"not found")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        reply = {"headers": {k: v for k, v in self.headers.items()}, "body": body.decode("utf-8", "replace")}
        self.send(200, json.dumps(reply, ensure_ascii=False).encode(), {"Content-Type": "application/json"})


def exit_with_parent():
    parent = os.getppid()
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state-dir", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=exit_with_parent, daemon=True).start()
    path = os.path.join(args.state_dir, "port")
    with open(path + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(path + ".tmp", path)
    server.serve_forever()


if __name__ == "__main__":
    main()
