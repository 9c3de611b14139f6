#!/usr/bin/env python3
"""Alert receivers for yuqing's tests, on loopback, started by the tests themselves.

HTTP (one server): /dingtalk, /feishu, /wecom, /slack, /webhook verify the documented
signatures and answer as the real services do (errcode/code 0 on success, an error body
with HTTP 200 otherwise); /dingtalk-bad answers a DingTalk error; /r429 answers 429 with
Retry-After once, then 200; /flaky answers 503 while STATE/down exists. GET /feed.xml (any
query) serves RSS with hostile titles; GET /flaky-feed serves it too, but 503 while
STATE/feeddown exists. Every call is
appended to STATE/calls.json.

SMTP (aiosmtpd): "smtp_tls" requires STARTTLS (certificate STATE/cert.pem, generated with
openssl), "smtp_plain" offers no STARTTLS. Each message received is parsed with Python's
email package (policy=default) and appended to STATE/mail.json: envelope, every header as
(name, decoded value), the decoded subject, and every part with its type and decoded text.

Ports go to STATE/ports.json.
"""
import argparse
import base64
import email
import email.policy
import hashlib
import hmac
import json
import os
import ssl
import subprocess
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from loopback import exit_with_parent, send, write_json

LOCK = threading.Lock()

# Feed items whose titles try to inject mail headers: raw CR/LF (as XML character
# references), an encoded-word that decodes to CR LF, and a fake encoded-word header.
HOSTILE_ITEMS = [
    ("食品安全通报&#13;&#10;Bcc: victim@evil.example", "某地食品安全抽检&#13;&#10;结果公布"),
    ("食品安全 =?utf-8?Q?=0D=0ABcc:_victim@evil.example?=", "过期食品 &lt;script&gt;alert(1)&lt;/script&gt;"),
    ("食品安全&#10;Subject: 伪造主题", "[点击](http://evil.example) **加粗**"),
]


def append(state, name, entry):
    with LOCK:
        path = os.path.join(state, name)
        entries = json.load(open(path)) if os.path.exists(path) else []
        entries.append(entry)
        write_json(state, name, entries)


class Receivers(BaseHTTPRequestHandler):
    state = ""
    secret = ""
    counts = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = urllib.parse.urlparse(self.path).path
        if path == "/flaky-feed" and os.path.exists(os.path.join(self.state, "feeddown")):
            return send(self, 503, b"down")
        if path not in ("/feed.xml", "/flaky-feed"):
            return send(self, 404)
        items = "".join(
            f"<item><title>{title}</title><link>https://news.example.cn/{index}</link>"
            f"<guid>hostile-{index}</guid><description>{summary}</description></item>"
            for index, (title, summary) in enumerate(HOSTILE_ITEMS))
        body = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试源</title>{items}</channel></rss>'
        send(self, 200, body.encode(), {"Content-Type": "application/rss+xml; charset=utf-8"})

    def do_POST(self):
        url = urllib.parse.urlparse(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        with LOCK:
            Receivers.counts[url.path] = Receivers.counts.get(url.path, 0) + 1
            count = Receivers.counts[url.path]
        verified, answer, status, headers = self.answer(url.path, query, body, payload, count)
        append(self.state, "calls.json", {
            "path": url.path, "verified": verified, "status": status, "payload": payload,
            "key": self.headers.get("X-Yuqing-Idempotency-Key"), "custom": self.headers.get("X-Team"),
            "bytes": len(body), "time": time.time(),
        })
        send(self, status, answer if isinstance(answer, bytes) else json.dumps(answer).encode(), headers)

    def answer(self, path, query, body, payload, count):
        secret = self.secret.encode()
        if path == "/dingtalk":
            timestamp = query.get("timestamp", "")
            expected = base64.b64encode(hmac.new(secret, f"{timestamp}\n{self.secret}".encode(), hashlib.sha256).digest()).decode()
            fresh = timestamp.isdigit() and abs(time.time() * 1000 - int(timestamp)) < 3600_000
            ok = fresh and hmac.compare_digest(query.get("sign", ""), expected) and payload["msgtype"] == "markdown"
            return ok, ({"errcode": 0, "errmsg": "ok"} if ok else {"errcode": 310000, "errmsg": "sign not match"}), 200, {}
        if path == "/dingtalk-bad":
            return False, {"errcode": 300001, "errmsg": "token is not exist"}, 200, {}
        if path == "/feishu":
            timestamp = payload.get("timestamp", "")
            expected = base64.b64encode(hmac.new(f"{timestamp}\n{self.secret}".encode(), b"", hashlib.sha256).digest()).decode()
            ok = hmac.compare_digest(payload.get("sign", ""), expected) and payload["msg_type"] == "post"
            return ok, ({"code": 0, "msg": "success"} if ok else {"code": 19021, "msg": "sign match fail"}), 200, {}
        if path == "/wecom":
            content = payload["markdown"]["content"]
            ok = len(content.encode()) <= 4096
            return ok, ({"errcode": 0, "errmsg": "ok"} if ok else {"errcode": 40058, "errmsg": "content exceed max length"}), 200, {}
        if path == "/slack":
            ok = isinstance(payload.get("blocks"), list)
            return ok, (b"ok" if ok else b"invalid_blocks"), (200 if ok else 400), {}
        if path == "/webhook":
            timestamp = self.headers.get("X-Yuqing-Timestamp", "")
            expected = "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
            ok = hmac.compare_digest(self.headers.get("X-Yuqing-Signature", ""), expected)
            return ok, ({"ok": True} if ok else {"error": "bad signature"}), (200 if ok else 401), {}
        if path == "/r429":
            if count == 1:
                return True, {"error": "slow down"}, 429, {"Retry-After": "1"}
            return True, {"ok": True}, 200, {}
        if path == "/flaky":
            down = os.path.exists(os.path.join(self.state, "down"))
            return True, ({"error": "down"} if down else {"ok": True}), (503 if down else 200), {}
        return False, {"error": "not found"}, 404, {}


class MailHandler:
    def __init__(self, state, name):
        self.state, self.name = state, name

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parts = []
        for part in message.walk():
            if part.is_multipart():
                continue
            entry = {"type": part.get_content_type(), "charset": part.get_content_charset(),
                     "encoding": part.get("Content-Transfer-Encoding"), "cid": part.get("Content-ID"),
                     "filename": part.get_filename(), "disposition": part.get_content_disposition()}
            if part.get_content_maintype() == "text":
                entry["text"] = part.get_content()
            else:
                # Binary parts (inline images, attachments) are saved for the test to open.
                payload = part.get_payload(decode=True)
                saved = os.path.join(self.state, "part-%d-%d" % (len(parts), len(payload)))
                with open(saved, "wb") as file:
                    file.write(payload)
                entry.update({"text": "", "bytes": len(payload), "saved": saved})
            parts.append(entry)
        raw_header_lines = envelope.content.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        append(self.state, "mail.json", {
            "server": self.name, "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
            "headers": [[name, str(value)] for name, value in message.items()],
            "raw_header_names": [line.split(b":", 1)[0].decode() for line in raw_header_lines if line and line[:1] not in (b" ", b"\t")],
            "subject": str(message["Subject"]), "content_type": message.get_content_type(), "parts": parts,
            "auth": session.authenticated, "tls": session.ssl is not None,
        })
        return "250 OK"


def free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"yuqing" and auth_data.password == b"s3cret-pw"
    return AuthResult(success=ok)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--secret", default="SEC-test-secret")
    args = parser.parse_args()
    exit_with_parent()
    state = args.state_dir
    Receivers.state, Receivers.secret = state, args.secret
    http = ThreadingHTTPServer(("127.0.0.1", 0), Receivers)
    threading.Thread(target=http.serve_forever, daemon=True).start()

    cert, key = os.path.join(state, "cert.pem"), os.path.join(state, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls_port, plain_port = free_port(), free_port()
    tls = Controller(MailHandler(state, "smtp_tls"), hostname="127.0.0.1", port=tls_port, tls_context=context, require_starttls=True,
                     authenticator=authenticator, auth_require_tls=True)
    tls.start()
    plain = Controller(MailHandler(state, "smtp_plain"), hostname="127.0.0.1", port=plain_port, authenticator=authenticator,
                       auth_require_tls=False)
    plain.start()
    write_json(state, "ports.json", {"http": http.server_address[1], "smtp_tls": tls_port, "smtp_plain": plain_port})
    threading.Event().wait()


if __name__ == "__main__":
    main()
