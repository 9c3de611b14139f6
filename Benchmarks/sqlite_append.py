#!/usr/bin/env python3
"""SQLite's append rate for the records `yuqing-bench --storage DIR` stored, side by side
with yuqing's own (issue 20): every record of DIR's segments is inserted again into a fresh
SQLite database in the same file system — WAL, synchronous=NORMAL, one transaction per batch
of 100, as the issue sets it — and timed to the microsecond.

    python3 Benchmarks/sqlite_append.py DIR [--index-ids]

`--index-ids` adds a unique index on the item id (what a store that refuses duplicates
needs; yuqing's append does not check ids, its seen-id set does that before);
`--synchronous FULL` syncs every commit, as yuqing's append does.
"""
import argparse
import glob
import gzip
import json
import os
import sqlite3
import time


def records(directory):
    for path in sorted(glob.glob(os.path.join(directory, "items", "*.jsonl*"))):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as handle:
            for line in handle:
                if line.strip():
                    yield line.rstrip(b"\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--index-ids", action="store_true")
    parser.add_argument("--synchronous", default="NORMAL", choices=["OFF", "NORMAL", "FULL"])
    args = parser.parse_args()
    rows = []
    for line in records(args.directory):
        item = json.loads(line)
        rows.append((item.get("id") or item.get("item", {}).get("id"), line))
    database = os.path.join(args.directory, "sqlite-append.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(database + suffix):
            os.remove(database + suffix)
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA synchronous={args.synchronous}")
    connection.execute("CREATE TABLE items (seq INTEGER PRIMARY KEY, id TEXT, record BLOB)")
    if args.index_ids:
        connection.execute("CREATE UNIQUE INDEX items_id ON items(id)")
    start = time.perf_counter()
    for offset in range(0, len(rows), 100):
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO items (id, record) VALUES (?, ?)", rows[offset:offset + 100])
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    size = sum(len(r[1]) for r in rows)
    print(f"sqlite {sqlite3.sqlite_version} (WAL, synchronous={args.synchronous}, 100 per transaction{', unique id index' if args.index_ids else ''}): "
          f"{len(rows)} records, {size / 1e6:.1f} MB, {elapsed:.3f} s = {len(rows) / elapsed:.0f} records/s")


if __name__ == "__main__":
    main()
