"""Tests for checks.model.documents: the results contract, its schema, and reading it back.

Known pass: the documents of the real and the synthetic case fit the schema and read back
into an equal model. Known fail: the schema refuses what the contract forbids (a string
for an infinite bound, a missing version, an unknown verdict).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import pickle
from pathlib import Path
from typing import Any

import pytest
from schemakit import assert_valid, edited, errors

from checks.claims.verdicts import Scenario
from checks.model import (
    SCHEMA_VERSION,
    CaseResult,
    case_document,
    case_from_document,
    results_document,
)
from checks.model.documents import CASE_ROWS_IN_KEY_ORDER, case_json, dumps
from checks.model.results import EMPTY
from checks.numbers.interval import Bounds
from checks.pipeline import run_case

REPO = Path(__file__).resolve().parents[3]
CASES = {
    "real": (REPO / "datasets", "kingsoft-cloud-ai-strategy"),
    "demo": (REPO / "tests" / "data" / "cases", "demo-cloud-results"),
}


@functools.cache
def result(which: str) -> CaseResult:
    datasets, case = CASES[which]
    got = run_case(datasets, case).result
    assert got.problems == ()
    return got


@pytest.mark.parametrize("which", sorted(CASES))
def test_documents_fit_the_schema(which: str) -> None:
    assert_valid(results_document([result(which)]))
    assert_valid(case_document(result(which)))


@pytest.mark.parametrize("which", sorted(CASES))
def test_a_case_document_reads_back_into_the_same_model(which: str) -> None:
    document = json.loads(dumps(case_document(result(which))))
    assert case_from_document(document) == result(which)


def unsorted_dicts(value: Any, where: str = "") -> list[str]:
    """Name every dict inside `value` whose keys are not in sorted order."""
    if isinstance(value, dict):
        bad = [where or "."] if list(value) != sorted(value) else []
        return bad + [p for k, v in value.items() for p in unsorted_dicts(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in unsorted_dicts(v, f"{where}[{i}]")]
    return []


@pytest.mark.parametrize("which", sorted(CASES))
def test_rows_written_as_built_are_built_in_key_order(which: str) -> None:
    # case_json writes claims, fact rows and reference rows without sorting their keys
    # again, so every dict in them must already be sorted: then the bytes are those of sorting
    document = case_document(result(which))
    rows = {key: document[key] for key in CASE_ROWS_IN_KEY_ORDER}
    assert all(rows.values())  # each kind of row is there to be checked
    assert unsorted_dicts(rows) == []
    assert case_json(result(which)) == dumps(document)  # as written == with every key sorted
    assert unsorted_dicts({"claims": [{"b": 1, "a": {"d": 0, "c": 0}}]}) == [
        ".claims[0]",
        ".claims[0].a",
    ]  # the check finds a dict out of order


@pytest.mark.parametrize("which", sorted(CASES))
def test_a_pickled_model_reads_back_equal_and_stays_frozen(which: str) -> None:
    # the gate keeps each case pickled; the model's own pickled state must lose nothing
    got = pickle.loads(pickle.dumps(result(which)))
    assert got == result(which)
    assert got.claims[0].outcomes == result(which).claims[0].outcomes
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.claims[0].kind = "other"  # type: ignore[misc]
    with pytest.raises(ValueError):  # a state of the wrong length is refused, not cut short
        got.provenance.__setstate__(("only one field",))  # type: ignore[attr-defined]


def test_reading_back_keeps_empty_and_unbounded_intervals() -> None:
    original = result("demo")
    claim = original.claims[0]
    outcome = claim.outcomes[Scenario.EXTERNAL]
    edited = dataclasses.replace(
        outcome,
        stated=EMPTY,
        computed=Bounds(-math.inf, math.inf, False, False),
        distance=math.inf,
    )
    claim = dataclasses.replace(claim, outcomes={**claim.outcomes, Scenario.EXTERNAL: edited})
    changed = dataclasses.replace(original, claims=(claim, *original.claims[1:]))
    document = json.loads(dumps(case_document(changed)))
    got = document["claims"][0]["results"]["external"]
    assert (got["stated_lo"], got["stated_hi"]) == (1.0, 0.0)
    assert (got["computed_lo"], got["computed_hi"], got["distance"]) == (None, None, None)
    assert_valid(document)
    assert case_from_document(document) == changed


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (["claims", 0, "results", "internal", "stated_hi"], "inf", "is not of type"),
        (["claims", 0, "results", "internal", "verdict"], "true", "is not one of"),
        (["claims", 0, "reviewed", "internal"], "ok", "is not one of"),
        (["schema_version"], "1.1", "does not match"),
        (["claims", 0, "results", "sideways"], {}, "is not one of"),
    ],
)
def test_the_schema_refuses_what_the_contract_forbids_in_a_case(
    path: list[Any], value: Any, words: str
) -> None:
    document = json.loads(dumps(case_document(result("demo"))))
    assert errors(document) == []
    got = errors(edited(document, path, value))
    assert got, f"{path} = {value!r} was accepted"
    assert any(words in e for e in got), got


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (["cases", 0, "claims"], -1, "is less than the minimum"),
        (["cases", 0, "verdicts", "internal", "holds"], "2", "is not of type"),
        (["cases", 0, "verdicts", "sideways"], {}, "Additional properties"),
        (["cases", 0, "document"], "../../secret.json", "does not match"),
        (["cases", 0, "claims_detail"], [], "Additional properties"),
        (["schema_version"], "1.1", "does not match"),
    ],
)
def test_the_schema_refuses_what_the_contract_forbids_in_the_summary(
    path: list[Any], value: Any, words: str
) -> None:
    document = json.loads(dumps(results_document([result("demo")])))
    assert errors(document) == []
    got = errors(edited(document, path, value))
    assert got, f"{path} = {value!r} was accepted"
    assert any(words in e for e in got), got


def test_a_document_without_a_version_is_refused() -> None:
    for document in (results_document([result("demo")]), case_document(result("demo"))):
        del document["schema_version"]
        assert errors(document)
    assert SCHEMA_VERSION.startswith("2.")


def test_dumps_writes_one_item_a_line_and_reads_back() -> None:
    """The layout is JSON (any parser reads it) with one claim or case row a line."""
    document = case_document(result("demo"))
    text = dumps(document)
    assert json.loads(text) == json.loads(json.dumps(document))
    claim_lines = [line for line in text.splitlines() if line.startswith('    {"claim_id"')]
    assert len(claim_lines) == len(document["claims"])
    assert text.endswith("}\n")
    assert dumps({}) == "{\n}\n"
    assert json.loads(dumps({"a": [], "b": [1, 2]})) == {"a": [], "b": [1, 2]}


def test_the_schema_ships_with_the_package() -> None:
    """pyproject's package-data must carry the schema into a wheel."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"model/*.json"' in text
    assert (REPO / "checks" / "model" / "results.schema.json").is_file()
