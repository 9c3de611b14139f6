#!/usr/bin/env python3
"""The baseline of the keyword-matching benchmark: pyahocorasick (PyPI) on the same
keywords and text. Prints build time, matches and throughput in MB/s of UTF-8 text."""
import sys
import time

import ahocorasick


def main():
    keywords = [line.rstrip("\n") for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    data = open(sys.argv[2], "rb").read()
    text = data.decode("utf-8")
    start = time.perf_counter()
    automaton = ahocorasick.Automaton()
    for index, word in enumerate(keywords):
        automaton.add_word(word, index)
    automaton.make_automaton()
    build = time.perf_counter() - start
    best = None
    for _ in range(3):
        start = time.perf_counter()
        matches = 0
        for _ in automaton.iter(text):
            matches += 1
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"pyahocorasick {ahocorasick.__version__ if hasattr(ahocorasick, '__version__') else ''}: "
          f"{len(keywords)} keywords built in {build * 1000:.0f} ms; {matches} matches in {len(data) / 1e6:.1f} MB; "
          f"best of 3 {best:.3f} s = {len(data) / 1e6 / best:.1f} MB/s")


if __name__ == "__main__":
    main()
