"""Benchmark: the coverage check is linear in the source's length (a 10 MB source.txt).

`checks.inputs.coverage.check_coverage` maps every number-like token of a source to the facts and
exclusions covering it. It once counted line breaks from the start of the text for every
token and tested every span against every token, so a 4.5 MB source did not finish in a
minute. This builds sources of about 1, 2.5, 5 and 10 MB by repeating the Kingsoft article
(one stated-figure span per token, as a complete case has) and prints, per size, the check's
time as a ratio to a plain read of the same file (open and decode, the least any check can
do), and how that ratio grows with the size: linear work keeps it flat.

Run with `nox -s bench` or `python benchmarks/bench_coverage.py`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from checks.inputs.case import Case
from checks.inputs.coverage import check_coverage
from checks.problems import Problem
from checks.text.scan import number_tokens

ARTICLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "kingsoft_article.txt"


def build(path: Path, megabytes: float) -> tuple[str, list[tuple[int, int, str]]]:
    """Write a source of about `megabytes` MB and return it with one span per token."""
    article = ARTICLE.read_text(encoding="utf-8")
    copies = max(1, round(megabytes * 1e6 / len(article.encode("utf-8"))))
    text = article * copies
    path.write_text(text, encoding="utf-8")
    spans = [(t.start, t.end, f"f{i}") for i, t in enumerate(number_tokens(article))]
    step = len(article)
    return text, [
        (s + k * step, e + k * step, label) for k in range(copies) for s, e, label in spans
    ]


def read_decoded(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def best(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2.5,5,10", help="source sizes in MB")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "source.txt"
        first: float | None = None
        print("size MB   tokens     read s   coverage s   ratio to read   ratio vs smallest")
        for mb in (float(s) for s in args.sizes.split(",")):
            text, spans = build(path, mb)
            read = best(partial(read_decoded, path), args.repeat)
            problems: list[Problem] = []
            case = cast(Case, SimpleNamespace(source=text, facts=SimpleNamespace(file="x/f.csv")))
            check = best(partial(check_coverage, case, spans, problems), args.repeat)
            ratio = check / read
            first = first or ratio
            print(
                f"{path.stat().st_size / 1e6:7.1f} {len(spans):8,d} {read:10.4f} {check:12.2f} "
                f"{ratio:15.0f} {ratio / first:19.2f}"
            )
            assert not problems, problems[:3]


if __name__ == "__main__":
    main()
