#!/usr/bin/env python3
"""Stands in for systemd's notification socket: receives sd_notify datagrams on
STATE/notify.sock and appends each to STATE/notifications.json. With --never-read it
binds the socket and reads nothing, as a stuck manager would."""
import argparse
import os
import signal
import socket

from loopback import exit_with_parent, write_json


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--never-read", action="store_true")
    args = parser.parse_args()
    path = os.path.join(args.state_dir, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    exit_with_parent()
    received = []
    write_json(args.state_dir, "notifications.json", received)
    write_json(args.state_dir, "ports.json", {"ready": 1})
    if args.never_read:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        while True:
            signal.pause()
    while True:
        data = sock.recv(4096)
        received.append(data.decode("utf-8", "replace"))
        write_json(args.state_dir, "notifications.json", received)


if __name__ == "__main__":
    main()
