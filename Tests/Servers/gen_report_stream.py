#!/usr/bin/env python3
"""A recorded item stream for `yuqing replay`, ending at --now and spanning two days, for
the report and web view tests: syndicated stories carried by several sources at
different times, negative and positive events with places, quiet and busy hours, and
hostile feed text (markup, script, javascript: links, bidi controls) that must stay inert.

    gen_report_stream.py --now 2026-12-04T08:00:00Z --seed 7 > stream.jsonl
"""
import argparse
import datetime as dt
import json
import random

SOURCES = ["xinhua", "people", "zjol", "hzrb", "weibo", "hzgov", "qjwb", "cztv"]
EVENTS = [
    ("西湖区一学校发生食物中毒 多名学生送医", "杭州市西湖区某小学午餐后多名学生出现呕吐症状，已送医救治。", "校园"),
    ("杭州地铁3号线突发故障 早高峰大量乘客滞留", "今晨地铁3号线因信号故障停运40分钟，乘客滞留。", "交通"),
    ("宁波北仑一化工厂排放污水 村民投诉", "北仑区村民反映附近化工厂夜间偷排污水，河水发黑。", "环保"),
    ("萧山区新建三所学校今秋开学", "萧山区新建的三所中小学今秋投入使用，新增学位4000个。", "校园"),
    ("杭州公交新开通5条微循环线路", "为方便市民出行，杭州公交集团新开通5条微循环线路。", "交通"),
    ("上城区一医院门诊楼起火 无人员伤亡", "上城区某医院门诊楼外立面起火，消防迅速扑灭，无人员伤亡。", "医疗"),
    ("温州一工地发生坍塌事故 2人死亡", "温州市鹿城区一在建工地发生坍塌，造成2人死亡3人受伤。", "交通"),
    ("余杭区空气质量连续30天达标", "余杭区今年空气质量持续改善，已连续30天达到优良。", "环保"),
]
VARIANTS = ["{t}", "{t}（图）", "【{s}】{t}", "转载：{t}", "{t}｜{s}"]
FILLER = [
    ("市民反映小区附近学校周边交通拥堵", "家长接送时段道路拥堵。", "校园"),
    ("杭州发布地铁运营时间调整通知", "部分线路末班车延后30分钟。", "交通"),
    ("市卫健委：流感进入高发期 医院门诊量上升", "专家提醒做好防护。", "医疗"),
    ("钱塘区开展河道污染专项整治", "清理河道垃圾，检查排污口。", "环保"),
]
HOSTILE = [
    {"title": "<script>alert('x')</script>学校通知", "summary": "<img src=x onerror=alert(1)>学生放假安排", "url": "javascript:alert(1)"},
    {"title": "\u202e医院收费公示\u202c 请注意", "summary": "<a href=\"javascript:alert(2)\">点此</a>查看医院公告", "url": "https://example.org/a\"onmouseover=\"alert(3)"},
    {"title": "地铁" + "很长的标题没有空格" * 12, "summary": "交通" * 80, "url": "data:text/html,<script>alert(4)</script>"},
]


def stamp(time):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--now", required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    random.seed(args.seed)
    now = dt.datetime.strptime(args.now, "%Y-%m-%dT%H:%M:%SZ")
    start = now - dt.timedelta(hours=48)
    rows = []
    serial = 0

    def add(time, source, title, summary, url=None):
        nonlocal serial
        serial += 1
        rows.append({"seen": stamp(time), "source": source, "title": title, "summary": summary,
                     "url": url if url is not None else f"https://{source}.example.cn/n/{serial}.html", "id": f"{source}-{serial}"})

    # Syndicated events: each carried by 2-7 sources over a few hours; more of them recently.
    for index, (title, summary, _) in enumerate(EVENTS):
        first = start + dt.timedelta(minutes=random.randint(60, 47 * 60 - 300)) if index % 3 == 0 else \
            now - dt.timedelta(minutes=random.randint(120, 20 * 60))
        carriers = random.sample(SOURCES, random.randint(2, 7))
        for hop, source in enumerate(carriers):
            variant = random.choice(VARIANTS) if hop else "{t}"
            add(first + dt.timedelta(minutes=hop * random.randint(5, 50)), source, variant.format(t=title, s=source), summary)
    # Single-source filler, busier in the last day.
    for _ in range(140):
        hours = random.triangular(0, 48, 40)
        title, summary, _ = random.choice(FILLER)
        add(start + dt.timedelta(hours=hours), random.choice(SOURCES), f"{title}（{random.randint(1, 9999)}）", summary)
    # Hostile text, carried by several sources so that it reaches the top stories too.
    for hostile in HOSTILE:
        first = now - dt.timedelta(minutes=random.randint(60, 600))
        for hop, source in enumerate(random.sample(SOURCES, 6)):
            add(first + dt.timedelta(minutes=hop * 7), source, hostile["title"], hostile["summary"], hostile["url"])
    rows.sort(key=lambda row: row["seen"])
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
