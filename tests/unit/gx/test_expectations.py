"""Tests for checks.gx.expectations: declarations, suite building and the JSON round trip."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from checks.gx import api as gxa
from checks.gx.context import CONFIG_FILE, GX_DIR, open_context
from checks.gx.expectations import (
    CheckKind,
    ColumnCheck,
    SuiteDeclarationError,
    SuiteLoadError,
    build_suite,
    check_name,
    load_suite,
    must_be_between,
    must_be_in_set,
    must_be_true,
    must_be_unique,
    must_equal_column,
    must_match_regex,
    must_not_be_null,
    save_suite,
)

REPO = Path(__file__).resolve().parents[3]

CHECKS = [
    must_be_true(
        "quote_found",
        "quote_found",
        "Every quote is found verbatim in the source.",
        notes="**Why**: a quote that is not in the source was *invented*.",
    ),
    must_be_in_set("unit_known", "unit", ["CNY", "pct", "pp"], "Every unit is a known unit."),
    must_be_unique("fact_id_unique", "fact_id", "No two facts share an id."),
    must_be_between("decimals_sane", "decimals", "Stated precision is sane.", min_value=-12),
    must_match_regex(
        "period_form", "period", r"^\d{4}(Q[1-4]|H[12])?$", "Periods are well formed."
    ),
    must_equal_column("verdict_reviewed", "verdict", "reviewed_verdict", "Verdicts match review."),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / GX_DIR).mkdir()
    shutil.copyfile(REPO / GX_DIR / CONFIG_FILE, tmp_path / GX_DIR / CONFIG_FILE)
    (tmp_path / "expectations").mkdir()
    return tmp_path


@pytest.mark.parametrize(
    ("check", "gx_class", "kwargs"),
    [
        (
            CHECKS[0],
            gxa.ExpectColumnValuesToBeInSet,
            {"column": "quote_found", "value_set": [True]},
        ),
        (
            CHECKS[1],
            gxa.ExpectColumnValuesToBeInSet,
            {"column": "unit", "value_set": ["CNY", "pct", "pp"]},
        ),
        (CHECKS[2], gxa.ExpectColumnValuesToBeUnique, {"column": "fact_id"}),
        (CHECKS[3], gxa.ExpectColumnValuesToBeBetween, {"column": "decimals", "min_value": -12}),
        (
            CHECKS[4],
            gxa.ExpectColumnValuesToMatchRegex,
            {"column": "period", "regex": r"^\d{4}(Q[1-4]|H[12])?$"},
        ),
        (
            CHECKS[5],
            gxa.ExpectColumnPairValuesToBeEqual,
            {"column_A": "verdict", "column_B": "reviewed_verdict"},
        ),
        (
            must_not_be_null("has_value", "value", "Every fact has a value."),
            gxa.ExpectColumnValuesToNotBeNull,
            {"column": "value"},
        ),
    ],
)
def test_each_kind_builds_a_builtin_expectation_with_explicit_arguments(
    check: ColumnCheck, gx_class: type[gxa.Expectation], kwargs: dict[str, Any]
) -> None:
    expectation = check.to_expectation()

    assert type(expectation) is gx_class
    configuration = expectation.configuration
    assert configuration.kwargs == kwargs
    assert configuration.description == check.description
    assert configuration.meta == {"name": check.name}
    assert configuration.notes == (check.notes or None)
    assert check_name(expectation) == check.name


def test_every_kind_has_a_factory_covered_above() -> None:
    kinds = {check.kind for check in CHECKS} | {CheckKind.NOT_NULL}
    assert kinds == set(CheckKind)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: must_be_true("Bad Name", "c", "Fine."),
            "check 'Bad Name': name must match '[a-z0-9][a-z0-9_.-]*'",
        ),
        (lambda: must_be_true("n", "", "Fine."), "check 'n': column must not be empty"),
        (lambda: must_be_true("n", "c", "  "), "check 'n': description must not be empty"),
        (
            lambda: must_be_true("n", "c", "two\nlines"),
            "check 'n': description must be one line without surrounding spaces",
        ),
        (
            lambda: must_be_true("n", "c", "a <b> tag"),
            "check 'n': description must not contain '<' or '>' (GX inserts it as raw HTML)",
        ),
        (
            lambda: ColumnCheck("n", CheckKind.IN_SET, "c", "Fine.", params={"values": [1]}),
            "check 'n': in_set needs params ['value_set']; "
            "in_set takes no params ['values'] (allowed: ['value_set'])",
        ),
        (
            lambda: ColumnCheck("n", CheckKind.NOT_NULL, "c", "Fine.", allow_null=True),
            "check 'n': a not_null check cannot allow nulls",
        ),
        (
            lambda: must_be_between("n", "c", "Fine."),
            "check 'n': give min_value, max_value or both",
        ),
    ],
)
def test_bad_declarations_fail_where_they_are_built(make: Any, message: str) -> None:
    with pytest.raises(SuiteDeclarationError) as caught:
        make()
    assert str(caught.value) == message


def test_params_are_copied_so_a_declared_check_cannot_change() -> None:
    values = ["CNY"]
    check = must_be_in_set("unit_known", "unit", values, "Known unit.")
    values.append("USD")
    assert check.params == {"value_set": ["CNY"]}


def test_build_suite_adds_one_not_null_check_per_column_read() -> None:
    suite = build_suite(
        "facts",
        [
            *CHECKS[:2],
            must_be_in_set("unit_again", "unit", ["CNY"], "Unit again."),
            must_not_be_null("period_present", "period", "Every fact has a period."),
            must_match_regex("period_form", "period", "^[0-9]", "Period form."),
            must_be_unique("maybe_unique", "alias", "Aliases are unique.", allow_null=True),
            CHECKS[5],
        ],
    )

    names = [check_name(e) for e in suite.expectations]
    assert names == [
        "quote_found",
        "unit_known",
        "unit_again",
        "period_present",
        "period_form",
        "maybe_unique",
        "verdict_reviewed",
        "not_null.quote_found",
        "not_null.unit",
        "not_null.verdict",
        "not_null.reviewed_verdict",
    ]


def test_build_suite_reports_every_problem() -> None:
    with pytest.raises(SuiteDeclarationError) as caught:
        build_suite("Bad", [CHECKS[0], CHECKS[0]])
    assert str(caught.value) == (
        "suite 'Bad': suite name must match '[a-z0-9][a-z0-9_.-]*'; "
        "check names are repeated: ['quote_found']"
    )
    with pytest.raises(SuiteDeclarationError, match="needs at least one check"):
        build_suite("empty", [])


def test_suite_round_trips_through_json_in_expectations(project: Path) -> None:
    context = open_context(project, project / "build")
    saved = save_suite(context, build_suite("facts", CHECKS, notes="Facts table checks."))
    path = project / "expectations" / "facts.json"
    first_bytes = path.read_bytes()

    stored = json.loads(first_bytes)
    assert stored["name"] == "facts"
    assert stored["expectations"][0] == {
        "description": "Every quote is found verbatim in the source.",
        "id": saved.expectations[0].id,
        "kwargs": {"column": "quote_found", "value_set": [True]},
        "meta": {"name": "quote_found"},
        "notes": "**Why**: a quote that is not in the source was *invented*.",
        "severity": "critical",
        "type": "expect_column_values_to_be_in_set",
    }

    loaded = load_suite(open_context(project, project / "build"), "facts")
    assert [e.configuration for e in loaded.expectations] == [
        e.configuration for e in saved.expectations
    ]
    assert loaded.notes == "Facts table checks."

    save_suite(context, build_suite("facts", CHECKS, notes="Facts table checks."))
    assert path.read_bytes() == first_bytes, "re-saving an unchanged suite changed its JSON"


def test_loading_refuses_a_suite_gx_would_load_partly(project: Path) -> None:
    context = open_context(project, project / "build")
    save_suite(context, build_suite("facts", CHECKS[:1]))
    path = project / "expectations" / "facts.json"
    stored = json.loads(path.read_text())
    stored["expectations"].append(
        {"type": "expect_column_values_to_be_true", "kwargs": {"column": "x"}, "meta": {}}
    )
    path.write_text(json.dumps(stored))

    with pytest.raises(SuiteLoadError) as caught:
        load_suite(context, "facts")

    assert str(caught.value) == (
        f"{path.resolve()}: GX could not build 1 of 3 expectations "
        "(types ['expect_column_values_to_be_true']); fix their arguments, or import the "
        "module that defines a custom type before loading"
    )


def test_loading_an_unknown_suite_names_the_known_ones(project: Path) -> None:
    context = open_context(project, project / "build")
    save_suite(context, build_suite("facts", CHECKS[:1]))

    with pytest.raises(SuiteLoadError) as caught:
        load_suite(context, "claims")

    expected = project.resolve() / "expectations" / "claims.json"
    assert str(caught.value) == f"{expected}: no such suite; known suites: ['facts']"


def test_saving_keeps_ids_of_unchanged_checks_and_renews_changed_ones(project: Path) -> None:
    context = open_context(project, project / "build")
    first = {
        check_name(e): e.id for e in save_suite(context, build_suite("f", CHECKS)).expectations
    }
    changed = [
        must_be_true("quote_found", "quote_found", "Reworded description."),
        *CHECKS[1:],
    ]

    second = {
        check_name(e): e.id for e in save_suite(context, build_suite("f", changed)).expectations
    }

    assert second.keys() == first.keys()
    assert [n for n in first if first[n] != second[n]] == ["quote_found"]
