#!/usr/bin/env python3
"""Writes the keyword-matching benchmark's inputs: KEYWORDS (one per line) and TEXT
(Chinese news-like lines), deterministically from a seed.

    python3 Benchmarks/generate_match_corpus.py OUTDIR [--keywords 10000] [--megabytes 100]

Chinese words and their frequencies come from jieba's dictionary (PyPI `jieba`), so the
text has a realistic Zipf distribution of real words; keywords are mid-frequency words of
2–6 characters, two-word phrases, Latin terms (acronyms, names) and mixed terms (5G基站).

With `--alphabet large` the keywords are instead strings of 2–5 characters drawn uniformly
from about a thousand distinct characters (sampled from the dictionary's characters,
common and rare alike), and the text is drawn from the same characters with keywords and
their prefixes planted in it: the shape that makes an automaton over bytes wide and deep,
and makes a scan visit its deep states.
"""
import argparse
import os
import random

import jieba

LATIN = ["AI", "5G", "GDP", "CPI", "PM2.5", "COVID-19", "iPhone", "Tesla", "OpenAI", "ChatGPT",
         "NBA", "WTO", "APEC", "IPO", "ETF", "GPU", "Huawei", "Xiaomi", "BYD", "Alibaba"]
PUNCTUATION = "，，，，。。、；：！？"


def latin_word(rng):
    syllables = ["ka", "ri", "so", "ne", "ta", "lo", "mi", "ve", "du", "ph", "ex", "on", "st", "gr"]
    word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 5)))
    return word.capitalize() if rng.random() < 0.5 else word


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--keywords", type=int, default=10000)
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--alphabet", choices=["jieba", "large"], default="jieba")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    words, weights = [], []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, freq, _ = line.split(" ")
            if all("\u4e00" <= ch <= "\u9fff" for ch in word):
                words.append(word)
                weights.append(int(freq))
    ranked = sorted(range(len(words)), key=lambda i: -weights[i])
    mid = [words[i] for i in ranked[2000:120000] if 2 <= len(words[i]) <= 6]

    keywords = set()
    latin = set(LATIN)
    while len(latin) < 800:
        latin.add(latin_word(rng))
    if args.alphabet == "large":
        characters = sorted({ch for word in mid for ch in word})
        alphabet = rng.sample(characters, min(1000, len(characters)))
        while len(keywords) < args.keywords:
            keywords.add("".join(rng.choice(alphabet) for _ in range(rng.randint(2, 5))))
    keywords.update(latin if args.alphabet == "jieba" else ())
    while len(keywords) < args.keywords * 0.85:
        keywords.add(rng.choice(mid))
    while len(keywords) < args.keywords * 0.95:
        keywords.add(rng.choice(mid) + rng.choice(mid))
    while len(keywords) < args.keywords:
        keywords.add(rng.choice(LATIN[:6] + sorted(latin)[:50]) + rng.choice(mid))
    keywords = sorted(keywords)
    rng.shuffle(keywords)

    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, "keywords.txt"), "w", encoding="utf-8") as out:
        out.write("\n".join(keywords) + "\n")

    latin_text = sorted(latin) + [latin_word(rng) for _ in range(2000)]
    target = args.megabytes * 1_000_000
    written = 0
    with open(os.path.join(args.outdir, "text.txt"), "w", encoding="utf-8") as out:
        while args.alphabet == "large" and written < target:
            pieces = []
            for _ in range(50_000):
                roll = rng.random()
                if roll < 0.05:
                    pieces.append(rng.choice(keywords))
                elif roll < 0.15:
                    keyword = rng.choice(keywords)
                    pieces.append(keyword[:rng.randint(1, len(keyword) - 1)])
                elif roll < 0.2:
                    pieces.append(rng.choice(PUNCTUATION))
                else:
                    pieces.append(rng.choice(alphabet))
                if rng.random() < 0.01:
                    pieces.append("\n")
            chunk = "".join(pieces) + "\n"
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
        while written < target:
            sample = rng.choices(words, weights=weights, k=200_000)
            lines, line = [], []
            for index, word in enumerate(sample):
                if rng.random() < 0.03:
                    word = " " + rng.choice(latin_text) + " "
                elif rng.random() < 0.02:
                    word = str(rng.randint(1, 2030))
                line.append(word)
                if rng.random() < 0.12:
                    line.append(rng.choice(PUNCTUATION))
                if len(line) > 80:
                    lines.append("".join(line))
                    line = []
            chunk = "\n".join(lines) + "\n"
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
    print(f"{len(keywords)} keywords, {written / 1e6:.1f} MB of text in {args.outdir}")


if __name__ == "__main__":
    main()
