"""Helpers shared by yuqing's loopback test servers (standard library only)."""
import json
import os
import threading
import time


def exit_with_parent():
    """Ends this process when the test that started it is gone (never outlive a test)."""
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def write_json(directory, name, value):
    """Writes value as JSON to directory/name atomically (readers never see half a file)."""
    path = os.path.join(directory, name)
    with open(path + ".tmp", "w") as f:
        json.dump(value, f, ensure_ascii=False)
    os.replace(path + ".tmp", path)


def send(handler, status, body=b"", headers=None):
    """Sends a complete response with Content-Length."""
    handler.send_response(status)
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def drip(handler, length=1000, interval=1.0):
    """Announces `length` bytes and sends one per `interval` seconds."""
    handler.send_response(200)
    handler.send_header("Content-Length", str(length))
    handler.end_headers()
    try:
        for _ in range(length):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(interval)
    except OSError:
        pass
