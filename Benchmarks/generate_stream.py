#!/usr/bin/env python3
"""Writes a realistic item stream for `yuqing replay`, with known stories and planted trends.

    python3 Benchmarks/generate_stream.py OUTDIR [--days 28] [--seed 7] [--shape dense|sparse]

OUTDIR gets: stream.jsonl (items sorted by "seen"), eval.yml (the topics), model.json (how
the counts vary, for the oracle), truth.jsonl (the
planted events: topic, kind rise|ramp|drop, start, end), stories.jsonl (item id -> true
story). Background traffic per topic follows a daily cycle (quiet nights, busy days, calmer
weekends) with Poisson noise; every story is re-posted by a random number of other sources
with a changed headline prefix or source suffix; unrelated stories run alongside. Events are
planted from day 8 on: sudden bursts (x3 to x8 for 1-3 h), slow ramps (from x1 to x2.5-x5
over 4-8 h) and drops (to x0.05-x0.35 for 2-4 h, in the daytime, on busy topics). Words come from jieba's
dictionary (PyPI jieba).

--shape sparse is a municipal office's stream: six topics with 0.4-1.5 new stories an hour
at the day's peak, counts burstier than Poisson (each topic's rate is multiplied hour by
hour by a gamma factor of mean 1 and variance 0.5, a negative binomial), and events of that
world: bursts of x3-x8 for 2-6 h, half-day ramps (to x3-x6 over 6-12 h) and day-long
silences of one topic.

Reposts vary as real ones do: prefixes and source suffixes, media tags (（图）, （视频）),
an outlet's tag (【钱江晚报】), a site after a bar, 转载：, a 来源 line in the summary,
punctuation, full-width digits, traditional characters, and light edits of the headline (a
word added, dropped or replaced) with the summary kept. One story in seven is templated
(a place, an incident and a number of injured in fixed words): such events are distinct and
must stay apart although their texts differ in a few characters.
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
SPARSE_TOPICS = [
    ("食品安全", ["食品安全", "食物中毒", "过期食品"], 0.6),
    ("汛情灾害", ["暴雨", "洪水", "山洪"], 1.0),
    ("安全生产", ["爆炸", "坍塌", "矿难"], 0.4),
    ("交通出行", ["高铁", "航班", "堵车"], 1.5),
    ("教育民生", ["高考", "学校", "幼儿园"], 1.2),
    ("医疗卫生", ["医院", "疫苗", "医保"], 0.8),
]
PREFIXES = ["【转载】", "快讯：", "【关注】", "转发：", ""]
SUFFIXES = ["——来源：人民网", "（来源：新华社）", "｜中国新闻网", " 转载自澎湃新闻", ""]
MEDIA_TAGS = ["（图）", "（组图）", "（视频）", "（附视频）"]
OUTLETS = ["钱江晚报", "人民日报", "新京报", "南方都市报", "澎湃新闻", "扬子晚报"]
TRADITIONAL = dict(zip("发门车东马鱼鸟长书龙国会学电话时动说开关现实经济产业业务务银区县级员问题无为来对这进过还没头见样里点后线", 
                       "發門車東馬魚鳥長書龍國會學電話時動說開關現實經濟產業業務務銀區縣級員問題無為來對這進過還沒頭見樣裡點後線"))
PLACES = ["西湖区", "上城区", "拱墅区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区", "桐庐县", "淳安县",
          "建德市", "鹿城区", "龙湾区", "瓯海区", "北仑区", "镇海区", "鄞州区", "海曙区"]
STREETS = ["文一路", "解放路", "中山路", "人民路", "建设路", "环城北路", "江南大道", "学院路"]
INCIDENTS = {"安全生产": ["爆炸", "坍塌"], "交通出行": ["交通事故", "堵车"], "食品安全": ["食物中毒"], "医疗卫生": ["医院纠纷"],
             "教育民生": ["学校踩踏"], "汛情灾害": ["山洪", "内涝"], None: ["火情", "燃气泄漏", "高空坠物"]}
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
    parser.add_argument("--shape", choices=["dense", "sparse"], default="dense")
    args = parser.parse_args()
    sparse = args.shape == "sparse"
    topics = SPARSE_TOPICS if sparse else TOPICS
    rng = random.Random(args.seed)
    words = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, freq, _ = line.split(" ")
            if 2 <= len(word) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in word) and int(freq) > 200:
                words.append(word)
    keywords = {k for _, ks, _ in topics for k in ks} | {i for values in INCIDENTS.values() for i in values}
    words = [w for w in words if not any(k in w or w in k for k in keywords)]
    WORD_SET.update(words)
    sources = [f"site{i:02d}" for i in range(args.sources)]
    start = dt.datetime(2026, 10, 26, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Monday
    minutes = args.days * 24 * 60

    # Planted events, non-overlapping per topic, from day 8 on.
    events = []
    busy = {name: [] for name, _, _ in topics}
    kinds = (["rise"] * 10 + ["ramp"] * 6 + ["drop"] * 4) if sparse else (["rise"] * 16 + ["ramp"] * 10 + ["drop"] * 10)
    rng.shuffle(kinds)
    for kind in kinds:
        for _ in range(1000):
            name, _, rate = rng.choice(topics)
            if kind == "drop" and rate < (0.8 if sparse else 20):
                continue
            day = rng.randint(8, args.days - 2)
            if sparse:
                hour = rng.uniform(0, 24) if kind == "drop" else rng.uniform(7, 18)
                length = {"rise": rng.randint(120, 360), "ramp": rng.randint(360, 720), "drop": rng.randint(1200, 1680)}[kind]
            else:
                hour = rng.uniform(10, 15) if kind == "drop" else rng.uniform(8, 19)
                length = {"rise": rng.randint(60, 180), "ramp": rng.randint(240, 480), "drop": rng.randint(120, 240)}[kind]
            begin = day * 1440 + int(hour * 60)
            margin = 1440 if sparse else 720
            if all(begin > e + margin or begin + length + margin < b for b, e in busy[name]):
                busy[name].append((begin, begin + length))
                if sparse:
                    factor = rng.uniform(3, 8) if kind == "rise" else rng.uniform(3, 6) if kind == "ramp" else 0.0
                else:
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

    def emit(minute, topic_words, topic=None):
        nonlocal story_number
        story_number += 1
        story = f"story{story_number}"
        when = start + dt.timedelta(minutes=minute, seconds=rng.uniform(0, 60))
        keyword = rng.choice(topic_words) if topic_words else ""
        body = rng.sample(words, 6)
        if rng.random() < 1 / 7:
            # A templated event: distinct from every other although worded alike.
            place, street = rng.choice(PLACES), rng.choice(STREETS)
            incident = rng.choice(INCIDENTS.get(topic) or INCIDENTS[None])
            injured, number, hour = rng.randint(1, 9), rng.randint(1, 399), rng.randint(6, 22)
            title = f"{place}{street}发生{incident}{keyword if keyword not in incident else ''} {injured}人受伤"
            summary = f"记者从{place}获悉，今天{hour}时许，{street}{number}号附近发生一起{incident}，造成{injured}人受伤，伤者已送医，原因正在调查。"
            templated = True
        else:
            title = "".join(body[:2]) + keyword + "".join(body[2:4]) + f"第{story_number}号"
            summary = "".join(rng.sample(words, 12)) + keyword + "".join(body[4:]) + "。"
            templated = False
        copies = 1 + min(15, int(rng.expovariate(0.5)))
        chosen = rng.sample(sources, copies)
        for index, source in enumerate(chosen):
            seen = when + dt.timedelta(minutes=0 if index == 0 else rng.expovariate(1 / 20))
            variant, text = (title, summary) if index == 0 else repost(rng, title, summary, words, templated)
            item_id = f"{story}-{source}"
            items.append((seen, {"source": source, "id": item_id, "title": variant, "summary": text,
                                 "url": f"https://{source}.example.cn/{story_number}"}))
            truth_stories.append({"id": item_id, "story": story})

    hourly = {}
    for minute in range(minutes):
        moment = start + dt.timedelta(minutes=minute)
        for name, topic_words, rate in topics:
            if sparse:
                # Over-dispersion: the hour's rate varies around the profile (gamma, mean 1, variance 0.5).
                key = (name, minute // 60)
                if key not in hourly:
                    hourly[key] = rng.gammavariate(2, 0.5)
                rate = rate * hourly[key]
            expected = rate / 60 * profile(moment) * multiplier(name, minute)
            for _ in range(poisson(rng, expected)):
                emit(minute, topic_words, name)
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
    # How the counts vary, for the evaluation's oracle (the gamma factor below is per clock hour).
    with open(os.path.join(args.outdir, "model.json"), "w") as out:
        json.dump({"hourly_gamma_shape": 2.0} if sparse else {}, out)
        out.write("\n")
    with open(os.path.join(args.outdir, "eval.yml"), "w", encoding="utf-8") as out:
        out.write("storage: { dir: unused }\nsources: [ { id: replay, url: \"https://example.cn/rss\" } ]\ntopics:\n")
        for name, topic_words, _ in topics:
            out.write(f"  - {{ name: {name}, query: '{' | '.join(topic_words)}' }}\n")
    print(f"{len(items)} items, {story_number} stories, {len(events)} planted events in {args.outdir}")


def repost(rng, title, summary, words, templated):
    """A re-post's headline and summary: one or two of the variations real re-posts show.
    A templated headline's words are its facts (place, street, number), so its re-posts
    are not edited word by word."""
    kinds = ["prefix", "suffix", "media", "outlet", "bar", "reprint", "source", "punct", "width", "trad", "add"]
    if not templated:
        kinds += ["drop", "replace"]
    for _ in range(rng.choice([1, 1, 2])):
        kind = rng.choice(kinds)
        if kind == "prefix":
            title = rng.choice(PREFIXES) + title
        elif kind == "suffix":
            title = title + rng.choice(SUFFIXES)
        elif kind == "media":
            title = title + rng.choice(MEDIA_TAGS)
        elif kind == "outlet":
            title = f"【{rng.choice(OUTLETS)}】" + title
        elif kind == "bar":
            title = title + "｜" + rng.choice(OUTLETS)
        elif kind == "reprint":
            title = "转载：" + title
        elif kind == "source":
            summary = summary + "（来源：" + rng.choice(OUTLETS) + "）"
        elif kind == "punct":
            middle = len(title) // 2
            title = title[:middle] + rng.choice(["，", "！", "：", " "]) + title[middle:] + rng.choice(["", "！", "。"])
        elif kind == "width":
            title = "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else "\u3000" if c == " " else c for c in title)
        elif kind == "trad":
            title, summary = "".join(TRADITIONAL.get(c, c) for c in title), "".join(TRADITIONAL.get(c, c) for c in summary)
        elif kind == "add":
            title = rng.choice(["突发", "最新", "关注", "刚刚"]) + title
        elif kind == "drop":
            for word in words_in(title, words):
                title = title.replace(word, "", 1)
                break
        elif kind == "replace":
            for word in words_in(title, words):
                title = title.replace(word, rng.choice(words), 1)
                break
    return title, summary


def words_in(title, words):
    """Dictionary words of four or more characters... in practice the generator's own title words."""
    found = [title[i:i + n] for n in (4, 3, 2) for i in range(len(title) - n + 1) if title[i:i + n] in WORD_SET]
    return found[:1]


WORD_SET = set()


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
