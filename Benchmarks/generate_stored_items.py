#!/usr/bin/env python3
"""Writes a data directory of stored records (schema 3, one segment per day) for timing
what reads months of data: `yuqing report`, the web view, `items --contains`.

    generate_stored_items.py DIR --days 60 --per-day 20000 --seed 1 [--end 2026-12-04T00:00:00Z]

Items are spread over the day with a daytime peak; about a third are reposts of an earlier
story (1-12 sources), a quarter negative, some with places; titles come from a small
vocabulary of topics, places and events, so stories and emerging terms have something to find.
"""
import argparse
import datetime as dt
import json
import os
import random

TOPICS = ["汛情灾害", "交通安全", "食品安全", "校园安全", "环境污染", "医疗卫生", "安全生产", "城市管理"]
PLACES = [(330106, "西湖区"), (330102, "上城区"), (330109, "萧山区"), (330110, "余杭区"), (330206, "北仑区"),
          (330302, "鹿城区"), (310000, "上海"), (110000, "北京"), (440300, "深圳")]
EVENTS = ["发生火灾", "突发暴雨", "道路塌陷", "食物中毒", "学生受伤", "河道污染", "医院排队", "工地事故", "交通拥堵", "地铁故障"]
SOURCES = [f"source{n:03d}" for n in range(120)]
TIERS = ["central", "provincial", "municipal", "industry", "government", "self_media"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--per-day", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end", default=None)
    args = parser.parse_args()
    random.seed(args.seed)
    end = dt.datetime.strptime(args.end, "%Y-%m-%dT%H:%M:%SZ") if args.end else dt.datetime.utcnow()
    items_dir = os.path.join(args.dir, "items")
    os.makedirs(items_dir, exist_ok=True)
    serial = 0
    recent = []
    for day in range(args.days, 0, -1):
        start = (end - dt.timedelta(days=day)).replace(hour=0, minute=0, second=0, microsecond=0)
        times = sorted(random.triangular(0, 86400, 50000) for _ in range(args.per_day))
        path = os.path.join(items_dir, start.strftime("%Y-%m-%d") + ".0001.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for seconds in times:
                serial += 1
                fetched = start + dt.timedelta(seconds=seconds)
                if recent and random.random() < 0.33:
                    story, title, topic, place, negative = random.choice(recent)
                    opens = False
                else:
                    topic = random.choice(TOPICS)
                    place = random.choice(PLACES) if random.random() < 0.6 else None
                    title = f"{place[1] if place else ''}{random.choice(EVENTS)} {topic}通报（{serial}）"
                    story = f"{serial:016x}"
                    negative = random.random() < 0.25
                    opens = True
                    recent.append((story, title, topic, place, negative))
                    if len(recent) > 2000:
                        recent.pop(0)
                record = {
                    "v": 3, "id": f"i{serial}", "source": random.choice(SOURCES), "url": f"https://news.example.cn/{serial}.html",
                    "title": title, "summary": "据报道，" + title + "。相关部门已经介入处置。" * random.randint(1, 4),
                    "fetched": fetched.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "score": 70,
                    "topics": [{"topic": topic, "score": 70, "terms": [topic[:2]]}], "story": story, "opens": opens,
                    "sentiment": "negative" if negative else random.choice(["neutral", "positive"]),
                    "tier": random.choice(TIERS),
                }
                if place:
                    record["regions"] = [place[0]]
                out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
