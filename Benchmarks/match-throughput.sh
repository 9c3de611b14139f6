#!/usr/bin/env bash
# Keyword matching: 10,000 keywords against 100 MB of Chinese news-like text, yuqing's
# automaton and Python's pyahocorasick on the same inputs, in one run. See BENCHMARKS.md.
# Usage: bash Benchmarks/match-throughput.sh [WORKDIR] [jieba|large] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-$(mktemp -d)}"
python3 -m pip install --quiet jieba pyahocorasick 2>/dev/null || python3 -m pip install --quiet --break-system-packages jieba pyahocorasick
alphabet="${2:-jieba}"
seed="${3:-20261127}"
[ -f "$work/text.txt" ] || python3 Benchmarks/generate_match_corpus.py "$work" --keywords 10000 --megabytes 100 --alphabet "$alphabet" --seed "$seed"
swift build -c release --product yuqing-bench >/dev/null
echo "== yuqing"
.build/release/yuqing-bench --match "$work/keywords.txt" "$work/text.txt"
echo "== pyahocorasick"
python3 Benchmarks/pyahocorasick_match.py "$work/keywords.txt" "$work/text.txt"
