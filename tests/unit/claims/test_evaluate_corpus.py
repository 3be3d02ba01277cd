"""Unit tests of checks.claims.evaluate.evaluate_corpus over several cases at once.

A run evaluates the compiled claims of every case in one pass: the cases' fact arrays are
stacked, each case's operand positions shifted by its offset, and claims of one group are
evaluated together across cases. A case's rows must not depend on the other cases of the
corpus: hypothesis draws corpora of cases (each its own facts, padded so positions differ
between cases, its own claims in its own order, its own as_of) and compares the corpus
frame with each case evaluated alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from casekit import claim_spec as spec
from casekit import record
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.claims.batch import CompiledClaims, compile_claims
from checks.claims.evaluate import COLUMNS, evaluate_columns, evaluate_corpus, fact_intervals
from checks.claims.specs import ClaimSpec
from checks.inputs.facts import FactRecord
from checks.numbers.hedge import DEFAULT_POLICY

RECORDS: tuple[FactRecord, ...] = (
    record("rev", "CNY", "1250000000", decimals=-7),
    record("rev_prev", "CNY", "1040000000", decimals=-7, period="2024H1"),
    record("rev_filed", "CNY", "1300000000", origin="reference", concept="rev", decimals=-7),
    record("prev_filed", "CNY", "1042000000", origin="reference", decimals=-6),
    record("g20", "pct", "20"),
    record("ai", "CNY", "729000000", decimals=-6),
    record("pubcloud", "CNY", "1625300000", decimals=-5),
    record("ai_share", "pct", "44.8", decimals=1),
    record("m", "pct", "35.2", decimals=1),
    record("m_prev", "pct", "33.0", decimals=1, period="2024H1"),
    record("x7", "ratio", "7"),
    record("price", "HKD", "5.83", decimals=2),
    record("shares", "shares", "69375000", decimals=-3),
    record("gross", "HKD", "404000000", decimals=-6),
    record("cap", "CNY", "4035000000", decimals=-6),
    record("y1", "CNY", "1590000000", decimals=-7),
    record("y2", "CNY", "2690000000", decimals=-7),
    record("y3", "CNY", "2180000000", decimals=-7),
    record("sum3", "CNY", "6500000000", decimals=-8),
    record("founded", "year", "2012"),
    record("age", "years", "13"),
    record("zero", "CNY", "0"),
)

POOL: tuple[ClaimSpec, ...] = (
    spec("share", "share", "ai_share", "part=ai;whole=pubcloud"),
    spec("share_q", "share", "ai_share", "part=ai;whole=?"),
    spec("share_zero", "share", "ai_share", "part=ai;whole=zero"),
    spec("growth", "growth", "g20", "new=rev;old=rev_prev"),
    spec("growth_filed", "growth", "g20", "new=rev;old=prev_filed"),
    spec("growth_fall", "growth", "g20", "new=rev_prev;old=rev", "direction=down"),
    spec("pp_plain", "pp_change", None, "new=m;old=m_prev", "direction=up"),
    spec("multiple", "multiple", "x7", "a=g20;b=g20"),
    spec("ord_expr", "ordering", None, "a=price*shares;b=cap", "relation=lt"),
    spec("within", "within", None, "value=rev;cap=cap"),
    spec("total3", "total", "sum3", "items=y1,y2,y3"),
    spec("trend_up3", "trend", None, "items=y1,y2,y3", "direction=increasing"),
    spec("product", "product", "gross", "a=price;b=shares"),
    spec("elapsed", "elapsed_years", "age", "start=founded"),
    spec("agrees", "agrees", "rev", "reference=rev_filed"),
)

Case = tuple[int, list[int], int]  # padding facts, claims picked from POOL, as_of


def compiled(n: int, case: Case) -> CompiledClaims:
    """Compile case n: its own facts (padding ones sort first, shifting every position)."""
    padding, picked, as_of = case
    pads = (record(f"a_pad{k}", "CNY", str(k + 1)) for k in range(padding))
    fx = fact_intervals({r.fact_id: r for r in (*pads, *RECORDS)}, DEFAULT_POLICY)
    return compile_claims(f"case{n}", [POOL[i] for i in picked], fx, as_of)


def alone(cases: list[Case]) -> pd.DataFrame:
    """Evaluate each case on its own and put the frames one after the other."""
    frames = [evaluate_corpus([compiled(n, c)]) for n, c in enumerate(cases)]
    return pd.concat(frames, ignore_index=True)


CASES = st.lists(
    st.tuples(
        st.integers(0, 5),
        st.lists(st.integers(0, len(POOL) - 1), unique=True, min_size=1),
        st.sampled_from([2025, 2030]),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=25, deadline=None)
@given(CASES)
def test_a_corpus_gives_each_case_the_rows_it_gets_alone(cases: list[Case]) -> None:
    corpus = evaluate_corpus([compiled(n, c) for n, c in enumerate(cases)])
    pd.testing.assert_frame_equal(corpus, alone(cases))


def test_the_corpus_covers_every_verdict() -> None:
    """The comparison means something only if the pool's rows differ in every respect."""
    frame = alone([(0, list(range(len(POOL))), 2025)])
    assert set(frame["verdict"]) == {"holds", "fails", "unverifiable", "not_computable"}
    assert set(frame["implied_role"]) > {""}
    assert frame["operands_used"].str.contains("->").any()


def test_the_comparison_can_fail() -> None:
    """Mutation: another case's as_of, or its padding, changes rows the test would compare."""
    cases: list[Case] = [(0, [13, 0], 2025), (3, [13, 0], 2030)]
    corpus = evaluate_corpus([compiled(n, c) for n, c in enumerate(cases)])
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(corpus, alone([(0, [13, 0], 2025), (3, [13, 0], 2025)]))
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(corpus, alone([(0, [13, 0], 2025), (3, [0, 13], 2030)]))


def test_an_empty_corpus_has_the_columns_and_no_rows() -> None:
    frame = evaluate_corpus([])
    assert frame.empty and list(frame.columns)[:3] == ["case_id", "claim_id", "scenario"]


def test_missing_ids_and_operands_used_are_named_in_operand_order() -> None:
    """Two missing ids keep the claim's operand order and appear once; substitutions show."""
    specs = [
        spec("two", "multiple", "x7", "a=rev_filed;b=prev_filed"),
        spec("swapped", "growth", "g20", "old=prev_filed;new=rev_filed"),
        spec("twice", "multiple", "x7", "a=rev_filed;b=rev_filed"),
        spec("expr", "ordering", None, "a=price*rev_filed;b=prev_filed*shares", "relation=lt"),
        spec("one", "growth", "g20", "new=rev;old=prev_filed"),
    ]
    fx = fact_intervals({r.fact_id: r for r in RECORDS}, DEFAULT_POLICY)
    frame = evaluate_corpus([compile_claims("c", specs, fx, 2025)])
    rows = {(r.claim_id, r.scenario): r for r in frame.itertuples()}
    internal = {c: rows[(c, "internal")].missing for c in ("two", "swapped", "twice", "expr")}
    assert internal == {
        "two": "rev_filed,prev_filed",
        "swapped": "prev_filed,rev_filed",
        "twice": "rev_filed",
        "expr": "rev_filed,prev_filed",
    }
    assert {rows[(s.claim_id, "external")].missing for s in specs} == {""}
    assert rows[("one", "internal")].missing == "prev_filed"
    assert rows[("one", "internal")].operands_used == "rev,prev_filed->missing"
    assert rows[("one", "external")].operands_used == "rev->rev_filed,prev_filed"


def test_columns_hold_strings_as_objects_a_row_per_claim_and_scenario() -> None:
    """The arrays a run reads: the frame's values, strings as plain objects, two rows a claim."""
    cases: list[Case] = [(0, [13, 0], 2025), (2, [1, 5, 13], 2030)]
    columns = evaluate_columns([compiled(n, c) for n, c in enumerate(cases)])
    frame = evaluate_corpus([compiled(n, c) for n, c in enumerate(cases)])
    assert list(columns) == list(COLUMNS) and {len(v) for v in columns.values()} == {10}
    assert columns["verdict"].dtype == object and set(map(type, columns["verdict"])) == {str}
    for name in COLUMNS:
        np.testing.assert_array_equal(columns[name], frame[name].to_numpy())
    assert list(columns["scenario"][:2]) == ["internal", "external"]
    assert not any(len(v) for v in evaluate_columns([]).values())
