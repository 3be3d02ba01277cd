"""Benchmark: drafting quality on the first real case, and the cost of drafting and screening.

Quality: the draft of `datasets/kingsoft-cloud-ai-strategy/source.txt` against the hand-made
facts.csv, excluded.csv and claims.csv (figure recall and precision, exclusion recall,
derived-column agreement, concept/entity/period suggestion accuracy, recall of the claims
that relate figures inside the article). Cost: drafting the text, and screening it (draft,
then the pipeline in a scratch folder), as ratios to scanning its number tokens, the least
any drafting must do, measured in the same run.

Run with `nox -s bench` or `python benchmarks/bench_draft.py`.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from pathlib import Path

from checks.draft.commands import load_registries, read_article
from checks.draft.drafting import draft_rows
from checks.draft.periods import parse_as_of
from checks.draft.quality import measure
from checks.draft.screen import screen_articles
from checks.text.parse import parse_quantity
from checks.text.scan import number_tokens

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
REAL = DATASETS / "kingsoft-cloud-ai-strategy"


def _best(run: Callable[[], object], repeat: int) -> float:
    """Give the least wall time of `repeat` runs, each parsing the article's figures afresh.

    `parse_quantity` keeps what it parsed; its cache is emptied before each run, untimed,
    else every run after the first would find every figure already parsed.
    """
    times = []
    for _ in range(repeat):
        parse_quantity.cache_clear()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _rows(name: str) -> list[dict[str, str]]:
    with (REAL / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    source = (REAL / "source.txt").read_text(encoding="utf-8")
    as_of = parse_as_of(str(json.loads((REAL / "case.json").read_text())["as_of"]))
    registries = load_registries(DATASETS)
    draft = draft_rows(source, registries.concepts, registries.entities, as_of)
    quality = measure(source, draft, _rows("facts.csv"), _rows("excluded.csv"), _rows("claims.csv"))
    print(f"drafting quality on {REAL.name} (goals: figures 100%, derived 100%, claims >= 70%)")
    print(quality.report())
    article = read_article(REAL / "source.txt")
    scan = _best(lambda: number_tokens(source), 20)
    drafting = _best(lambda: draft_rows(source, registries.concepts, registries.entities, as_of), 5)
    screening = _best(lambda: screen_articles([article], registries), 3)
    print(f"scan number tokens (baseline): {scan * 1e3:8.2f} ms")
    print(f"draft the case rows:           {drafting * 1e3:8.2f} ms  ({drafting / scan:6.1f}x)")
    print(f"screen the text (draft + eval):{screening * 1e3:8.2f} ms  ({screening / scan:6.1f}x)")


if __name__ == "__main__":
    main()
