"""Tests for checks.model.quick_schema: a fast "certainly valid" that never accepts too much.

Known pass: the documents of the synthetic case (a case file, the summary) are valid to
the quick check. Known fail: every leaf of those documents, replaced by a value of the
wrong kind, makes the quick check say no wherever jsonschema finds an error; a schema with
a keyword the compiler does not know makes it say no to everything.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from schemakit import edited

from checks.model import CaseResult, case_document, results_document, schema
from checks.model.quick_schema import compile_schema
from checks.pipeline import run_case

DATASETS = Path(__file__).resolve().parents[2] / "data" / "cases"
WRONG = ("x", None, -1, 1.5, True, [], {})


@functools.cache
def demo() -> CaseResult:
    got = run_case(DATASETS, "demo-cloud-results").result
    assert got.problems == ()
    return got


def small_case() -> dict[str, Any]:
    """The demo's case file cut to a few rows of each list, so every leaf can be mutated."""
    document = case_document(demo())
    for key in ("claims", "fact_rows", "reference_rows", "exclusions", "findings"):
        document[key] = document[key][:2]
    return document


def leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict) and node:
        for k, v in node.items():
            yield from leaves(v, (*path, k))
    elif isinstance(node, list) and node:
        for i, v in enumerate(node):
            yield from leaves(v, (*path, i))
    else:
        yield path


@pytest.mark.parametrize(
    ("which", "make"),
    [("case", small_case), ("results", lambda: results_document([demo()]))],
)
def test_no_wrong_value_passes_the_quick_check(which: str, make: Any) -> None:
    full = jsonschema.Draft202012Validator(schema(which))
    quick = compile_schema(schema(which))
    document = make()
    assert quick(document) and full.is_valid(document)
    refused = 0
    for path in leaves(document):
        for value in WRONG:
            bad = edited(document, path, value)
            if not full.is_valid(bad):
                refused += 1
                assert not quick(bad), (path, value)
    assert refused > 100  # the mutations did break the documents


def test_the_full_case_document_passes() -> None:
    assert compile_schema(schema("case"))(case_document(demo()))


def test_a_missing_field_or_an_extra_one_is_refused() -> None:
    quick = compile_schema(schema("case"))
    document = small_case()
    del document["fact_rows"]
    assert not quick(document)
    assert not quick(small_case() | {"extra": 1})


def test_an_unknown_keyword_refuses_everything() -> None:
    assert compile_schema({"type": "string"})("x")
    assert not compile_schema({"type": "string", "format": "email"})("x")
    assert not compile_schema({"oneOf": [{"type": "string"}, {"type": "integer"}]})("x")
    assert not compile_schema({"$ref": "#/$defs/missing"})("x")
