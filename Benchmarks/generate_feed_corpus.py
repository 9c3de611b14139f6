#!/usr/bin/env python3
"""Writes the parse benchmark's feeds: 200 documents of about 125 KB, deterministically
from a seed, in one of three shapes.

    python3 Benchmarks/generate_feed_corpus.py OUTDIR [--shape escaped|html|plain] [--seed N]

`escaped` is the corpus the parse benchmark always had: every summary one escaped
paragraph without links. `html` is what most real feeds carry: summaries and
`content:encoded` bodies of real HTML — paragraphs, relative links and images (some with
`srcset` lists), inline styles, tables, line breaks, `&nbsp;`, comments, an embedded video
`iframe` or a social-media `script` now and then — some in CDATA, some escaped, in RSS and
Atom, half Chinese and a quarter GB18030. `plain` has summaries of plain text only.
The seed varies how much HTML each feed carries (from a link-free paragraph to long bodies
with dozens of tags), the mix of CDATA and escaping, lengths and languages.
"""
import argparse
import datetime
import html
import os
import random

ZH_WORDS = ("会议 要求 各部门 做好 暴雨 洪水 内涝 防范 工作 确保 人民群众 生命财产 安全 市政府 发布 通知 "
            "交通 管制 地铁 公交 学校 停课 医院 急诊 物价 稳定 供应 蔬菜 猪肉 企业 复工 复产 招聘 就业 "
            "数据 显示 同比 增长 下降 百分点 记者 获悉 现场 救援 消防 群众 反映 投诉 热线 回应 调查").split()
EN_WORDS = ("the council asked every department to prepare for storms floods and waterlogging officials "
            "said residents traffic schools hospitals prices supply jobs data showed year growth reporters "
            "rescue firefighters complaint hotline response investigation city district").split()


def sentence(rng, chinese, words):
    pool = ZH_WORDS if chinese else EN_WORDS
    chosen = [rng.choice(pool) for _ in range(words)]
    if chinese:
        return "".join(chosen) + rng.choice("，。。；！")
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + ". "


def link(rng, f, chinese, style):
    target = rng.choice([f"/news/{rng.randint(1, 99999)}.html", f"../a/{rng.randint(1, 999)}/",
                         f"article.php?id={rng.randint(1, 9999)}&amp;from=rss",
                         f"http://news{f}.example.cn/s/{rng.randint(1, 9999)}",
                         f"//cdn{f}.example.cn/t/{rng.randint(1, 99)}"])
    attributes = f' href="{target}"'
    if style > 0.5:
        attributes += ' target="_blank" rel="noopener"'
    words = "相关阅读" if chinese else "read more"
    return f"<a{attributes}>{words}</a>"


def image(rng, f, style):
    name = f"/uploads/2026/11/{rng.randint(1, 99999)}"
    attributes = f' src="{name}.jpg" alt="" width="{rng.choice([300, 600, 640])}" height="{rng.choice([200, 400, 480])}"'
    if rng.random() < style:
        attributes += f' srcset="{name}-300.jpg 300w, {name}-600.jpg 600w, {name}.jpg 1200w" sizes="(max-width: 600px) 100vw, 600px"'
    if rng.random() < style / 2:
        attributes += ' class="aligncenter size-large" loading="lazy"'
    return f"<img{attributes}>" if rng.random() < 0.5 else f"<img{attributes} />"


def html_body(rng, f, chinese, style, paragraphs):
    parts = []
    for p in range(paragraphs):
        text = "".join(sentence(rng, chinese, rng.randint(4, 12)) for _ in range(rng.randint(1, 4)))
        if rng.random() < style:
            text = text.replace("，", "，" + link(rng, f, chinese, style), 1) if chinese else text + link(rng, f, chinese, style)
        if rng.random() < style / 2:
            text = f"<strong>{text[:12]}</strong>{text[12:]}"
        if rng.random() < style / 3:
            text += "<br/>&nbsp;" + sentence(rng, chinese, 5)
        opening = '<p style="text-indent:2em;">' if chinese and rng.random() < style / 2 else "<p>"
        parts.append(f"{opening}{text}</p>")
        if rng.random() < style / 2:
            parts.append(f'<p style="text-align:center">{image(rng, f, style)}</p>' if rng.random() < 0.5
                         else f"<figure>{image(rng, f, style)}<figcaption>{sentence(rng, chinese, 4)}</figcaption></figure>")
    if rng.random() < style / 6:
        parts.append("<table><tr><th>项目</th><th>数值</th></tr>"
                     + "".join(f"<tr><td>{rng.choice(ZH_WORDS)}</td><td>{rng.randint(1, 999)}</td></tr>" for _ in range(4))
                     + "</table>")
    if rng.random() < style / 8:
        parts.insert(1, "<!--more-->")
    if rng.random() < style / 15:
        parts.append(f'<iframe src="https://player.example.com/v/{rng.randint(1, 9999)}" width="640" height="360" frameborder="0" allowfullscreen></iframe>')
    if rng.random() < style / 20:
        parts.append('<blockquote class="twitter-tweet"><p>…</p></blockquote><script async src="https://platform.example.com/widgets.js"></script>')
    return "".join(parts)


def wrap(markup, cdata):
    return f"<![CDATA[{markup}]]>" if cdata else html.escape(markup, quote=False)


def document(rng, f, shape, base):
    chinese = f % 2 == 0
    gb = chinese and f % 4 == 0
    atom = shape == "html" and rng.random() < 0.25
    style = rng.uniform(0.05, 1.0)            # how much HTML this feed's items carry
    cdata_share = rng.choice([0.0, 0.5, 0.9, 1.0])
    bodies = shape == "html" and rng.random() < 0.5
    items, i = [], 0
    while sum(len(x) for x in items) < 95_000:
        when = base - datetime.timedelta(minutes=5 * i + f)
        title = (f"第{f}号源第{i}条：" + sentence(rng, True, rng.randint(5, 10)) if chinese
                 else f"Feed {f} item {i}: " + sentence(rng, False, rng.randint(6, 12)))
        cdata = rng.random() < cdata_share
        if shape == "escaped":
            text = sentence(rng, chinese, 12) * 3
            summary = wrap(f"<p>{text}</p>", False)
        elif shape == "plain":
            summary = html.escape(sentence(rng, chinese, rng.randint(8, 30)), quote=False)
        else:
            summary = wrap(html_body(rng, f, chinese, style, rng.randint(1, 2)), cdata)
        link_url = f"http://news{f}.example.cn/a/{i}.html"
        if atom:
            content = (f'<content type="html">{wrap(html_body(rng, f, chinese, style, rng.randint(3, 8)), False)}</content>'
                       if bodies else "")
            items.append(f'<entry><title>{html.escape(title)}</title><link href="/a/{i}.html"/><id>{link_url}</id>'
                         f'<updated>{when.isoformat()}</updated><summary type="html">{summary if not cdata else html.escape(html_body(rng, f, chinese, style, 1), quote=False)}</summary>{content}</entry>')
        else:
            content = (f"<content:encoded>{wrap(html_body(rng, f, chinese, style, rng.randint(3, 8)), cdata)}</content:encoded>"
                       if bodies else "")
            items.append(f"<item><title>{html.escape(title)}</title><link>{link_url}</link><guid>news{f}-{i}</guid>"
                         f"<description>{summary}</description>{content}"
                         f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S +0800')}</pubDate></item>")
        i += 1
    encoding = "gb18030" if gb else "utf-8"
    name = f"{'测试源' if chinese else 'Test feed'} {f}"
    if atom:
        doc = (f'<?xml version="1.0" encoding="{encoding}"?><feed xmlns="http://www.w3.org/2005/Atom" '
               f'xml:base="http://news{f}.example.cn/"><title>{name}</title><id>http://news{f}.example.cn/</id>'
               f"<updated>{base.isoformat()}</updated>" + "".join(items) + "</feed>")
    else:
        doc = (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0" '
               f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
               f"<title>{name}</title><link>http://news{f}.example.cn/</link>"
               "<description>benchmark</description>" + "".join(items) + "</channel></rss>")
    return doc.encode(encoding, errors="replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--shape", choices=["escaped", "html", "plain"], default="escaped")
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)
    base = datetime.datetime(2026, 11, 26, 8, 0, tzinfo=datetime.timezone.utc)
    for f in range(args.documents):
        with open(os.path.join(args.outdir, f"feed{f:03d}.xml"), "wb") as out:
            out.write(document(rng, f, args.shape, base))


if __name__ == "__main__":
    main()
