#!/usr/bin/env python3
"""Loopback servers for yuqing's end-to-end tests (standard library only).

Feed server: serves the fixture feeds with ETags. Phase 1 serves the first versions;
once the file STATE/phase2 exists, utf8.xml serves its second version (more items),
gb2312.xml answers 304 to a matching If-None-Match, atom.xml serves the same document
again. Every feed request is recorded in STATE/feed_log.json.

Webhook receiver: records every POST in STATE/webhook_calls.json; with --fail-first the
first call gets HTTP 500 (to exercise retries).

Both bind to 127.0.0.1 on free ports, written as JSON to STATE/ports.json. The test
reads and writes only files, so it needs no HTTP client of its own.
"""
import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from loopback import exit_with_parent, send, write_json

FEEDS = {
    "/utf8.xml": ("application/rss+xml; charset=utf-8", {1: "utf8-v1.xml", 2: "utf8-v2.xml"}),
    "/gb2312.xml": ("application/rss+xml", {1: "gb2312.xml", 2: "gb2312.xml"}),
    "/atom.xml": ("application/atom+xml", {1: "atom.xml", 2: "atom.xml"}),
}


class State:
    def __init__(self, fixtures, state_dir, fail_first):
        self.lock = threading.Lock()
        self.state_dir = state_dir
        self.log = []
        self.calls = []
        self.fixtures = fixtures
        self.fail_remaining = 1 if fail_first else 0

    @property
    def phase(self):
        return 2 if os.path.exists(os.path.join(self.state_dir, "phase2")) else 1

    def dump(self, name, value):
        """Writes value as JSON atomically; call with the lock held."""
        write_json(self.state_dir, name, value)


def make_feed_handler(state):
    class FeedHandler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path not in FEEDS:
                return self._send(404, "text/plain", b"not found")
            content_type, versions = FEEDS[self.path]
            phase = state.phase
            name = versions[phase]
            etag = '"%s-%s"' % (name, phase if self.path == "/utf8.xml" else 1)
            sent = self.headers.get("If-None-Match")
            status = 200
            if phase == 2 and self.path == "/gb2312.xml" and sent == etag:
                status = 304
            with state.lock:
                state.log.append({"path": self.path, "phase": phase, "status": status, "if_none_match": sent})
                state.dump("feed_log.json", state.log)
            if status == 304:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            with open(os.path.join(state.fixtures, name), "rb") as f:
                body = f.read()
            self._send(200, content_type, body, {"ETag": etag})

        def _send(self, status, content_type, body, extra=None):
            send(self, status, body, dict(extra or {}, **{"Content-Type": content_type}))

    return FeedHandler


def make_webhook_handler(state):
    class WebhookHandler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with state.lock:
                fail = state.fail_remaining > 0
                if fail:
                    state.fail_remaining -= 1
                state.calls.append({
                    "path": self.path,
                    "accepted": not fail,
                    "key": self.headers.get("X-Yuqing-Idempotency-Key"),
                    "content_type": self.headers.get("Content-Type"),
                    "body": body.decode("utf-8", "replace"),
                })
                state.dump("webhook_calls.json", state.calls)
            send(self, 500 if fail else 200, b'{"ok": %s}' % (b"false" if fail else b"true"), {"Content-Type": "application/json"})

    return WebhookHandler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--fail-first", action="store_true")
    args = parser.parse_args()
    state = State(args.fixtures, args.state_dir, args.fail_first)
    state.dump("feed_log.json", [])
    state.dump("webhook_calls.json", [])
    feeds = ThreadingHTTPServer(("127.0.0.1", 0), make_feed_handler(state))
    hooks = ThreadingHTTPServer(("127.0.0.1", 0), make_webhook_handler(state))
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    exit_with_parent()
    state.dump("ports.json", {"feeds": feeds.server_address[1], "webhook": hooks.server_address[1]})
    feeds.serve_forever()


if __name__ == "__main__":
    main()
