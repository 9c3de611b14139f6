#!/usr/bin/env python3
"""A fault server on 127.0.0.1 for yuqing's transport and fault-tolerance tests (stdlib only).

HTTP endpoints: /good, /ok (text with an X-Test header), /echo (POST: the request's headers
and body as JSON), /held (a second feed on the host that answers 429), /etag, /lm,
/429-seconds, /429-date, /500, /503, /drip, /big, /gzip-bomb, /redirect-loop,
/redirect-file, /redirect-gopher, /redirect-ftp, /truncated-chunked, /list.html (a GBK list
page). An HTTPS server with a self-signed
certificate (generated with openssl into STATE) serves /good. Every request is counted in
STATE/hits.json; ports go to STATE/ports.json. Exits when its parent does.
"""
import argparse
import email.utils
import gzip
import json
import os
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from loopback import drip, exit_with_parent, send, write_json

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>\xe6\xb5\x8b\xe8\xaf\x95</title><link>http://example.cn/</link>
<item><title>\xe6\x9d\xa1\xe7\x9b\xae %s</title><link>http://example.cn/%s</link><guid>%s</guid></item>
</channel></rss>"""
BOMB = gzip.compress(b"\0" * (32 << 20), compresslevel=9)
LAST_MODIFIED = "Wed, 25 Nov 2026 08:00:00 GMT"
LIST_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>通知公告</title>
<base href="/zwgk/"></head><body>
<div class="nav"><a href="/">首页</a></div>
<ul class="list">
  <li><a href="t20261126_1.html" title="关于做好暴雨防范工作的通知">关于做好暴雨防范工作的通知</a><span class="date">2026-11-26</span></li>
  <li><a href="t20261125_2.html">市场监管局开展食品安全专项检查</a><span class="date">2026年11月25日</span></li>
  <li><a href="http://other.example.cn/t3.html">关于公布第三批名单的公告</a><span class="date">昨天 09:30</span></li>
</ul></body></html>""".encode("gbk")


class State:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.hits = {}

    def hit(self, key):
        with self.lock:
            self.hits[key] = self.hits.get(key, 0) + 1
            write_json(self.directory, "hits.json", self.hits)


def make_handler(state, scheme):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status, body=b"", headers=None):
            send(self, status, body, headers)

        def feed(self, name):
            return FEED % (name.encode(), name.encode(), name.encode())

        def do_GET(self):
            path = self.path.split("?")[0]
            host = (self.headers.get("Host") or "").split(":")[0]
            state.hit("%s %s %s" % (scheme, host, path))
            xml = {"Content-Type": "application/rss+xml; charset=utf-8"}
            if path == "/list.html":
                return self.send(200, LIST_PAGE, {"Content-Type": "text/html"})
            if path in ("/good", "/held-ok"):
                return self.send(200, self.feed(path), xml)
            if path == "/etag":
                if self.headers.get("If-None-Match") == '"e1"':
                    return self.send(304, b"", {"ETag": '"e1"'})
                return self.send(200, self.feed("etag"), dict(xml, ETag='"e1"'))
            if path == "/lm":
                if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                    return self.send(304)
                return self.send(200, self.feed("lm"), dict(xml, **{"Last-Modified": LAST_MODIFIED}))
            if path in ("/429-seconds", "/held"):
                return self.send(429, b"slow down", {"Retry-After": "120"})
            if path == "/429-date":
                later = email.utils.formatdate(time.time() + 300, usegmt=True)
                return self.send(429, b"slow down", {"Retry-After": later})
            if path == "/500":
                return self.send(500, b"boom")
            if path == "/503":
                return self.send(503, b"maintenance")
            if path == "/drip":
                return drip(self)
            if path == "/ok":
                return self.send(200, "你好，yuqing".encode(), {"Content-Type": "text/plain; charset=utf-8", "X-Test": "yes"})
            if path == "/redirect-ftp":
                return self.send(302, b"", {"Location": "ftp://127.0.0.1/file"})
            if path == "/big":
                return self.send(200, b"<rss>" + b"x" * (3 << 20) + b"</rss>", xml)
            if path == "/gzip-bomb":
                return self.send(200, BOMB, dict(xml, **{"Content-Encoding": "gzip"}))
            if path == "/redirect-loop":
                return self.send(302, b"", {"Location": "/redirect-loop"})
            if path == "/redirect-file":
                return self.send(302, b"", {"Location": "file:///etc/passwd"})
            if path == "/redirect-gopher":
                return self.send(302, b"", {"Location": "gopher://127.0.0.1:70/1"})
            if path == "/truncated-chunked":
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.wfile.write(b"40\r\n<rss version=\"2.0\"><channel><title>cut</title>")
                self.wfile.flush()
                self.close_connection = True
                return
            self.send(404, b"not found")

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            reply = {"headers": {k: v for k, v in self.headers.items()}, "body": body.decode("utf-8", "replace")}
            self.send(200, json.dumps(reply, ensure_ascii=False).encode(), {"Content-Type": "application/json"})

    return Handler


# Bound and never listening, for as long as the server runs: a connection is refused
# (RST), and no other test can take the port meanwhile — a port closed again at once was
# taken by another test's server on 2026-12-06 ("Empty reply" instead of "refused").
_reserved = []


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    _reserved.append(s)
    return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state-dir", required=True)
    args = parser.parse_args()
    state = State(args.state_dir)
    cert = os.path.join(args.state_dir, "cert.pem")
    key = os.path.join(args.state_dir, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    http = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state, "http"))
    https = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state, "https"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    https.socket = context.wrap_socket(https.socket, server_side=True)
    for server in (http, https):
        server.daemon_threads = True
    threading.Thread(target=https.serve_forever, daemon=True).start()
    exit_with_parent()
    write_json(args.state_dir, "ports.json", {"http": http.server_address[1], "https": https.server_address[1], "closed": closed_port()})
    http.serve_forever()


if __name__ == "__main__":
    main()
