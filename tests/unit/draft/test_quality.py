"""Measure the draft of the first real case against its hand-made files, and print it.

The issue's goals: every figure found, every derived cell agreeing, at least 70% of the
claims that relate figures inside the article proposed with their kind and operands. The
figures are printed (`pytest -s` shows them); the benchmark prints the same table.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from checks.draft.commands import infer_as_of, load_registries
from checks.draft.drafting import draft_rows
from checks.draft.periods import parse_as_of
from checks.draft.quality import Quality, measure

DATASETS = Path(__file__).resolve().parents[3] / "datasets"
REAL = DATASETS / "kingsoft-cloud-ai-strategy"


def _rows(name: str) -> list[dict[str, str]]:
    with (REAL / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def quality() -> Quality:
    if not REAL.is_dir():
        pytest.skip("the first real case is not in this checkout")
    source = (REAL / "source.txt").read_text(encoding="utf-8")
    as_of = parse_as_of(str(json.loads((REAL / "case.json").read_text())["as_of"]))
    registries = load_registries(DATASETS)
    draft = draft_rows(source, registries.concepts, registries.entities, as_of)
    return measure(source, draft, _rows("facts.csv"), _rows("excluded.csv"), _rows("claims.csv"))


def test_the_draft_meets_the_goals(quality: Quality) -> None:
    print("\n" + quality.report())
    rates = quality.rates
    assert rates["figure recall"] == 100.0
    assert rates["exclusion recall"] == 100.0
    assert rates["derived columns"] == 100.0
    assert rates["internal-relationship claims"] >= 70.0
    assert quality.internal_claims >= 10  # the measure is not vacuous


def test_suggestions_are_measured(quality: Quality) -> None:
    for name in ("concept suggestions", "entity suggestions", "period suggestions"):
        assert 0.0 <= quality.rates[name] <= 100.0


def test_as_of_is_inferred_from_the_period_words() -> None:
    if not REAL.is_dir():
        pytest.skip("the first real case is not in this checkout")
    assert infer_as_of((REAL / "source.txt").read_text(encoding="utf-8")) == "2025"
    assert infer_as_of("2023年营收12亿元,2024年营收15亿元,2024年末负债率70%。") == "2024"
    assert infer_as_of("营收12亿元。") is None
