#!/usr/bin/env python3
"""A large JSON document shaped like a hot-list / news API answer, for
`yuqing-bench --json FILE`: usage: generate_json_list.py OUT [MEGABYTES] [--seed N]."""
import json
import random
import sys

words = "暴雨 洪水 高考 地铁 医院 疫苗 食品安全 交通 学校 政府 通报 发布 调查 事故 新闻 热议 网友 城市 乡村 经济 Shanghai Beijing update report".split()


def main():
    out = sys.argv[1]
    megabytes = float(sys.argv[2]) if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else 10
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    rng = random.Random(seed)
    items, size, n = [], 0, 0
    while size < megabytes * 1e6:
        n += 1
        item = {
            "id": n, "title": "".join(rng.choice(words) for _ in range(rng.randint(3, 12))),
            "url": f"/news/{n}.html", "summary": " ".join(rng.choice(words) for _ in range(rng.randint(0, 80))),
            "time": 1795000000000 + n * 1000, "hot": f"{rng.randint(1, 9999)}万",
            "meta": {"tags": [rng.choice(words) for _ in range(rng.randint(0, 5))], "score": rng.random(), "flag": rng.random() < 0.5},
        }
        items.append(item)
        size += len(json.dumps(item, ensure_ascii=False).encode())
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"code": 0, "data": {"items": items, "total": n}}, f, ensure_ascii=False)
    print(f"{n} items, {size / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
