"""Property test of `operands_used` as `checks.claims.batch.compile_claims` names it.

Compiling names each claim's operands per scenario with array operations (one join per
claim, shared by both scenarios where neither changes a name); here each claim is named
again one at a time from the definition: every fact id but the stated one, in order,
`id->missing` internally where the article lacks it, `id->ref` externally where a filed
figure stands in.
"""

from __future__ import annotations

from casekit import claim_spec as spec
from casekit import record
from hypothesis import given
from hypothesis import strategies as st

from checks.claims.batch import compile_claims, fact_intervals
from checks.numbers.hedge import DEFAULT_POLICY

RECORDS = {
    r.fact_id: r
    for r in (
        record("a1", "CNY", "10"),
        record("a2", "CNY", "20"),
        record("a3", "CNY", "30"),
        record("a4", "CNY", "40"),
        record("s", "CNY", "100"),
        record("r1", "CNY", "11", origin="reference", concept="a1"),  # a1's filed figure
        record("r2", "CNY", "21", origin="reference", concept="a2"),
        record("r3", "CNY", "31", origin="reference"),  # filed only
    )
}
IDS = ("a1", "a2", "a3", "a4", "r3", "s")
FX = fact_intervals(RECORDS, DEFAULT_POLICY)
CLAIMS = st.lists(
    st.tuples(st.lists(st.sampled_from(IDS), min_size=2, max_size=4), st.booleans()),
    min_size=1,
    max_size=8,
)


def named(fact_ids: tuple[str, ...], stated: str | None, scenario: int) -> str:
    """Name a claim's operands in one scenario, from the definition."""
    out = []
    for f in fact_ids:
        if f == stated:
            continue
        if scenario == 0:
            out.append(f if RECORDS[f].origin == "article" else f"{f}->missing")
        else:
            ref = FX.counterpart.get(f)
            out.append(f"{f}->{ref}" if ref else f)
    return ",".join(out)


@given(CLAIMS)
def test_operands_used_are_named_as_one_claim_at_a_time(
    drawn: list[tuple[list[str], bool]],
) -> None:
    specs = [
        spec(f"c{i}", "total", "s" if stated else None, "items=" + ",".join(items))
        for i, (items, stated) in enumerate(drawn)
    ]
    got = compile_claims("case", specs, FX, 2025).used
    for i, s in enumerate(specs):
        for scenario in (0, 1):
            assert got[scenario, i] == named(s.fact_ids, s.stated, scenario)


def test_a_substituted_and_a_missing_operand_are_named() -> None:
    s = spec("c", "total", "s", "items=a1,r3,a3")
    got = compile_claims("case", [s], FX, 2025).used
    assert got[:, 0].tolist() == ["a1,r3->missing,a3", "a1->r1,r3,a3"]
