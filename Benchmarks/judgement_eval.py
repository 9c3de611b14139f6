#!/usr/bin/env python3
"""Scores yuqing's sentiment and region judgements on a labelled JSONL set
(Benchmarks/judgement/headlines.jsonl by default) and, when they are installed, two
ready-made Chinese sentiment tools from PyPI on the same items: SnowNLP (its Naive
Bayes review model; ≥ 0.6 positive, ≤ 0.4 negative) and cnsenti (its HowNet/DUTIR-based
word counts; the sign of positive minus negative).

    python3 -m venv /tmp/judge && /tmp/judge/bin/pip install snownlp cnsenti
    swift build -c release --product yuqing-bench
    /tmp/judge/bin/python Benchmarks/judgement_eval.py [--set test] [--home 330100] [FILE]

Prints accuracy, per-class precision/recall/F1 and macro-F1 for each, and region
precision/recall over the codes (a predicted code is right when it is a labelled one).
"""
import argparse
import json
import subprocess
import sys

LABELS = ["negative", "neutral", "positive"]


def metrics(gold, predicted):
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold)
    per_class = {}
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = (precision, recall, f1)
    macro = sum(f for _, _, f in per_class.values()) / len(LABELS)
    return accuracy, per_class, macro


def report(name, gold, predicted):
    accuracy, per_class, macro = metrics(gold, predicted)
    cells = "  ".join(f"{label[:3]} P {p:.2f} R {r:.2f} F1 {f:.2f}" for label, (p, r, f) in per_class.items())
    print(f"{name:<10} n={len(gold):<4} accuracy {accuracy:.3f}  macro-F1 {macro:.3f}  {cells}")
    return macro


def snownlp_labels(items):
    try:
        from snownlp import SnowNLP
    except ImportError:
        return None
    labels = []
    for item in items:
        score = SnowNLP(item["title"] + "。" + item["summary"]).sentiments
        labels.append("positive" if score >= 0.6 else "negative" if score <= 0.4 else "neutral")
    return labels


def cnsenti_labels(items):
    try:
        from cnsenti import Sentiment
    except ImportError:
        return None
    senti = Sentiment()
    labels = []
    for item in items:
        counts = senti.sentiment_count(item["title"] + "。" + item["summary"])
        difference = counts["pos"] - counts["neg"]
        labels.append("positive" if difference > 0 else "negative" if difference < 0 else "neutral")
    return labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default="Benchmarks/judgement/headlines.jsonl")
    parser.add_argument("--set", choices=["dev", "test", "fresh", "fresh2", "fresh3", "all"], default="all")
    parser.add_argument("--home", default="330100")
    parser.add_argument("--bench", default=".build/release/yuqing-bench")
    parser.add_argument("--errors", action="store_true", help="list the items yuqing got wrong")
    parser.add_argument("--baselines", action="store_true", help="also run SnowNLP and cnsenti")
    args = parser.parse_args()

    items = [json.loads(line) for line in open(args.file, encoding="utf-8") if line.strip()]
    output = subprocess.run([args.bench, "--judge", args.file, "--home", args.home],
                            check=True, capture_output=True, text=True).stdout
    predictions = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert len(predictions) == len(items), (len(predictions), len(items))
    chosen = [i for i, item in enumerate(items) if args.set == "all" or item.get("set") == args.set]
    gold = [items[i]["sentiment"] for i in chosen]
    print(f"{args.file}: {len(chosen)} items ({args.set}), home region {args.home}")
    ours = report("yuqing", gold, [predictions[i]["sentiment"] for i in chosen])
    best_other = 0.0
    if args.baselines:
        subset = [items[i] for i in chosen]
        for name, labels in (("SnowNLP", snownlp_labels(subset)), ("cnsenti", cnsenti_labels(subset))):
            if labels is None:
                print(f"{name:<10} not installed")
                continue
            best_other = max(best_other, report(name, gold, labels))
        print(f"yuqing − best ready-made: {ours - best_other:+.3f} macro-F1")

    if any("regions" in items[i] for i in chosen):
        tp = fp = fn = 0
        for i in chosen:
            truth = set(items[i].get("regions", []))
            found = set(filter(None, predictions[i]["regions"].split(",")))
            tp += len(truth & found)
            fp += len(found - truth)
            fn += len(truth - found)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"regions    codes {tp + fn} labelled, {tp + fp} found: precision {precision:.3f} recall {recall:.3f}")
    if args.errors:
        for i in chosen:
            truth = set(items[i].get("regions", []))
            found = set(filter(None, predictions[i]["regions"].split(",")))
            wrong = items[i]["sentiment"] != predictions[i]["sentiment"]
            if wrong or truth != found:
                print(f"- {items[i]['title']} | gold {items[i]['sentiment']} got {predictions[i]['sentiment']}"
                      f" | regions gold {sorted(truth)} got {sorted(found)} | {predictions[i]['evidence']}")


if __name__ == "__main__":
    sys.exit(main())
