#!/usr/bin/env python3
"""Stands in for systemd's notification socket: receives sd_notify datagrams on
STATE/notify.sock and appends each to STATE/notifications.json."""
import argparse
import os
import socket

from loopback import exit_with_parent, write_json


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state-dir", required=True)
    args = parser.parse_args()
    path = os.path.join(args.state_dir, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    exit_with_parent()
    received = []
    write_json(args.state_dir, "notifications.json", received)
    write_json(args.state_dir, "ports.json", {"ready": 1})
    while True:
        data = sock.recv(4096)
        received.append(data.decode("utf-8", "replace"))
        write_json(args.state_dir, "notifications.json", received)


if __name__ == "__main__":
    main()
