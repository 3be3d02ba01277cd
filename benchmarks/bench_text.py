"""Benchmark: scanning and parsing a long mixed article, as a ratio to a plain regex pass.

Builds an article of about 50,000 characters in mixed house styles: the Kingsoft article
(simplified), the three test articles (Hong Kong traditional, numerals written out in Chinese,
spaced A-share brief), and generated sentences with varied figures of every family (so no
cache of repeated figures flatters the run). It prints, measured in the same run:

- baseline: one pass of a plain regex over the text (`[0-9]+(?:[.,][0-9]+)*`, the least a
  scanner can do: digit runs, no units, no Chinese numerals, no folding);
- scan: `number_tokens` (fold to simplified with OpenCC and ASCII digits, then the scanner);
- scan + parse: the scanner, then `parse_quantity` on every figure token.

The goal (issue 10) is scan + parse under 5x the baseline. Run with `nox -s bench` or
`python benchmarks/bench_text.py`.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from checks.text.parse import ParseError, parse_quantity
from checks.text.scan import TokenKind, number_tokens

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [
    ROOT / "tests" / "data" / "kingsoft_article.txt",
    *sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")),
]
PLAIN = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
TEMPLATES = [
    "公司{p}实现营业收入{m}亿元，同比增长{r}%；",
    "集團收入按年上升{r}%至{m}億港元，毛利率擴大{q}個百分點。",
    "净利润 {m} 亿元，同比下降 {r} %，基本每股收益 {s} 元/股。",
    "客户数增加{n}家至{k}家，其中逾{c}成来自金融业，过半为新客户。",
    "出口额约合人民币{m}亿元，占比约百分之{cn}，较上年提高{q}个百分点。",
    "年内交付{k}万辆，较上年翻了一番，海外订单达US${s}bn，近{r}%来自欧洲。",
]
CHINESE_TENS = ["二十", "三十", "四十五", "六十七", "八十二", "十三"]


def build_article(target: int, seed: int = 7) -> str:
    """Give an article of about `target` characters: real articles, then varied sentences."""
    rng = random.Random(seed)
    parts = [path.read_text(encoding="utf-8") for path in ARTICLES]
    size = sum(map(len, parts))
    while size < target:
        sentence = rng.choice(TEMPLATES).format(
            p=rng.choice(["上半年", "三季度", "报告期内"]),
            m=f"{rng.randint(10, 99999) / 10:.1f}",
            r=f"{rng.randint(1, 999) / 10:.1f}",
            q=f"{rng.randint(1, 50) / 10:.1f}",
            s=f"{rng.randint(1, 999) / 100:.2f}",
            n=rng.randint(2, 99),
            k=rng.randint(100, 9999),
            c=rng.choice("一二三四五六七八"),
            cn=rng.choice(CHINESE_TENS),
        )
        parts.append(sentence)
        size += len(sentence)
    return "\n".join(parts)


def baseline(text: str) -> int:
    return sum(1 for _ in PLAIN.finditer(text))


def scan(text: str) -> int:
    return len(number_tokens(text))


def scan_and_parse(text: str) -> int:
    parsed = 0
    for token in number_tokens(text):
        if token.kind is TokenKind.FIGURE:
            try:
                parse_quantity(token.text)
            except ParseError:
                continue
            parsed += 1
    return parsed


def best(run: Callable[[str], int], text: str, repeat: int) -> tuple[float, int]:
    """Give the median CPU time of `repeat` runs and what the run counted.

    CPU time (`process_time`), not wall time: the run is single-threaded and CPU-bound, and
    on a shared 2-core machine wall time mostly measures the neighbours. `parse_quantity`
    keeps what it parsed (a fact's stated text is read several times a run); its cache is
    emptied before each run, untimed, so every run parses the article's figures afresh
    (repeats within the article still hit it, as they would in a real run).
    """
    times = []
    count = 0
    for _ in range(repeat):
        parse_quantity.cache_clear()
        start = time.process_time()
        count = run(text)
        times.append(time.process_time() - start)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    text = build_article(args.chars)
    scan_and_parse(text)  # warm the regex caches and OpenCC
    base, digit_runs = best(baseline, text, args.repeat)
    scanned, tokens = best(scan, text, args.repeat)
    full, figures = best(scan_and_parse, text, args.repeat)
    print(f"article: {len(text):,} characters; {digit_runs:,} digit runs; {tokens:,} tokens")
    print(f"baseline (plain regex pass): {base * 1e3:8.2f} ms")
    print(
        f"scan (fold + number_tokens): {scanned * 1e3:8.2f} ms  = {scanned / base:5.1f}x baseline"
    )
    print(
        f"scan + parse {figures:,} figures: {full * 1e3:8.2f} ms  = {full / base:5.1f}x baseline"
        f" ({(full - scanned) / max(figures, 1) * 1e6:.1f} us a figure); goal under 5x"
    )


if __name__ == "__main__":
    main()
