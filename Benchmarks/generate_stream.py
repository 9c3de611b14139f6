#!/usr/bin/env python3
"""Writes a realistic item stream for `yuqing replay`, with known stories and planted trends.

    python3 Benchmarks/generate_stream.py OUTDIR [--days 28] [--seed 7]

OUTDIR gets: stream.jsonl (items sorted by "seen"), eval.yml (the topics), truth.jsonl (the
planted events: topic, kind rise|ramp|drop, start, end), stories.jsonl (item id -> true
story). Background traffic per topic follows a daily cycle (quiet nights, busy days, calmer
weekends) with Poisson noise; every story is re-posted by a random number of other sources
with a changed headline prefix or source suffix; unrelated stories run alongside. Events are
planted from day 8 on: sudden bursts (x3 to x8 for 1-3 h), slow ramps (from x1 to x2.5-x5
over 4-8 h) and drops (to x0.05-x0.35 for 2-4 h, in the daytime, on busy topics). Words come from jieba's
dictionary (PyPI jieba).
"""
import argparse
import datetime as dt
import json
import math
import os
import random

import jieba

TOPICS = [
    ("食品安全", ["食品安全", "食物中毒", "过期食品"], 15.0),
    ("汛情灾害", ["暴雨", "洪水", "山洪"], 20.0),
    ("安全生产", ["爆炸", "坍塌", "矿难"], 10.0),
    ("交通出行", ["高铁", "航班", "堵车"], 30.0),
    ("教育民生", ["高考", "学校", "幼儿园"], 25.0),
    ("医疗卫生", ["医院", "疫苗", "医保"], 20.0),
]
PREFIXES = ["【转载】", "快讯：", "【关注】", "转发：", ""]
SUFFIXES = ["——来源：人民网", "（来源：新华社）", "｜中国新闻网", " 转载自澎湃新闻", ""]
BUCKET = 300


def profile(moment):
    hour = moment.hour + moment.minute / 60
    daily = 0.15 if hour < 6 else 0.15 + 0.85 * (hour - 6) / 3 if hour < 9 else 1.0 if hour < 21 else 1.0 - 0.7 * (hour - 21) / 3
    weekly = 0.75 if moment.weekday() >= 5 else 1.0
    return daily * weekly


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sources", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    words = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, freq, _ = line.split(" ")
            if 2 <= len(word) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in word) and int(freq) > 200:
                words.append(word)
    keywords = {k for _, ks, _ in TOPICS for k in ks}
    words = [w for w in words if not any(k in w or w in k for k in keywords)]
    sources = [f"site{i:02d}" for i in range(args.sources)]
    start = dt.datetime(2026, 10, 26, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Monday
    minutes = args.days * 24 * 60

    # Planted events, non-overlapping per topic, from day 8 on.
    events = []
    busy = {name: [] for name, _, _ in TOPICS}
    kinds = ["rise"] * 16 + ["ramp"] * 10 + ["drop"] * 10
    rng.shuffle(kinds)
    for kind in kinds:
        for _ in range(1000):
            name, _, rate = rng.choice(TOPICS)
            if kind == "drop" and rate < 20:
                continue
            day = rng.randint(8, args.days - 1)
            hour = rng.uniform(10, 15) if kind == "drop" else rng.uniform(8, 19)
            begin = day * 1440 + int(hour * 60)
            length = {"rise": rng.randint(60, 180), "ramp": rng.randint(240, 480), "drop": rng.randint(120, 240)}[kind]
            if all(begin > e + 720 or begin + length + 720 < b for b, e in busy[name]):
                busy[name].append((begin, begin + length))
                factor = rng.uniform(3, 8) if kind == "rise" else rng.uniform(2.5, 5) if kind == "ramp" else rng.uniform(0.05, 0.35)
                events.append({"topic": name, "kind": kind, "begin": begin, "end": begin + length, "factor": factor})
                break

    def multiplier(name, minute):
        for event in events:
            if event["topic"] == name and event["begin"] <= minute < event["end"]:
                if event["kind"] == "ramp":
                    return 1 + (event["factor"] - 1) * (minute - event["begin"]) / (event["end"] - event["begin"])
                return event["factor"]
        return 1.0

    items = []
    truth_stories = []
    story_number = 0

    def emit(minute, topic_words):
        nonlocal story_number
        story_number += 1
        story = f"story{story_number}"
        when = start + dt.timedelta(minutes=minute, seconds=rng.uniform(0, 60))
        keyword = rng.choice(topic_words) if topic_words else ""
        body = rng.sample(words, 6)
        title = "".join(body[:2]) + keyword + "".join(body[2:4]) + f"第{story_number}号"
        summary = "".join(rng.sample(words, 12)) + keyword + "".join(body[4:]) + "。"
        copies = 1 + min(15, int(rng.expovariate(0.5)))
        chosen = rng.sample(sources, copies)
        for index, source in enumerate(chosen):
            seen = when + dt.timedelta(minutes=0 if index == 0 else rng.expovariate(1 / 20))
            variant = title if index == 0 else rng.choice(PREFIXES) + title + rng.choice(SUFFIXES)
            item_id = f"{story}-{source}"
            items.append((seen, {"source": source, "id": item_id, "title": variant, "summary": summary,
                                 "url": f"https://{source}.example.cn/{story_number}"}))
            truth_stories.append({"id": item_id, "story": story})

    for minute in range(minutes):
        moment = start + dt.timedelta(minutes=minute)
        for name, topic_words, rate in TOPICS:
            expected = rate / 60 * profile(moment) * multiplier(name, minute)
            for _ in range(poisson(rng, expected)):
                emit(minute, topic_words)
        for _ in range(poisson(rng, 60 / 60 * profile(moment))):
            emit(minute, [])

    items.sort(key=lambda pair: pair[0])
    os.makedirs(args.outdir, exist_ok=True)
    with open(os.path.join(args.outdir, "stream.jsonl"), "w", encoding="utf-8") as out:
        for seen, item in items:
            item = {"seen": seen.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"), **item}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    with open(os.path.join(args.outdir, "stories.jsonl"), "w") as out:
        for entry in truth_stories:
            out.write(json.dumps(entry) + "\n")
    with open(os.path.join(args.outdir, "truth.jsonl"), "w", encoding="utf-8") as out:
        for event in sorted(events, key=lambda e: e["begin"]):
            begin = start + dt.timedelta(minutes=event["begin"])
            end = start + dt.timedelta(minutes=event["end"])
            out.write(json.dumps({"topic": event["topic"], "kind": event["kind"], "factor": round(event["factor"], 2),
                                  "start": begin.astimezone(dt.timezone.utc).isoformat(),
                                  "end": end.astimezone(dt.timezone.utc).isoformat()}, ensure_ascii=False) + "\n")
    with open(os.path.join(args.outdir, "eval.yml"), "w", encoding="utf-8") as out:
        out.write("storage: { dir: unused }\nsources: [ { id: replay, url: \"https://example.cn/rss\" } ]\ntopics:\n")
        for name, topic_words, _ in TOPICS:
            out.write(f"  - {{ name: {name}, query: '{' | '.join(topic_words)}' }}\n")
    print(f"{len(items)} items, {story_number} stories, {len(events)} planted events in {args.outdir}")


def poisson(rng, mean):
    if mean <= 0:
        return 0
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


if __name__ == "__main__":
    main()
