"""Tests for checks.gate: the exit code a run adds up to, case selection, the printed table."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from checks.claims.verdicts import Scenario, Verdict
from checks.gate import (
    EXIT_BROKEN,
    EXIT_MISMATCH,
    EXIT_OK,
    GateOutcome,
    KeptCase,
    exit_code,
    run_gate,
)
from checks.model import CaseResult
from checks.output.console import mismatch_lines, render_table
from checks.pipeline import FinishedCase, run_case
from checks.problems import Problem

SYNTHETIC = Path(__file__).resolve().parents[1] / "data" / "cases"
DEMO = "demo-cloud-results"
PROBLEM = Problem("datasets/x/facts.csv", 3, "unit", "unit-known", "unit 'RMB' is not a known unit")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # problems name files relative to the working directory


@pytest.fixture(scope="module")
def clean_run() -> FinishedCase:
    """The synthetic case: every verdict equals its reviewed verdict, once finished."""
    run = run_case(SYNTHETIC, DEMO)
    assert run.problems == []
    assert run.result.mismatches == ()
    return run.finished()


@pytest.fixture(scope="module")
def clean(clean_run: FinishedCase) -> CaseResult:
    return clean_run.result


@pytest.fixture(scope="module")
def clean_kept(clean_run: FinishedCase) -> KeptCase:
    """The synthetic case as the gate keeps it."""
    return KeptCase.of(clean_run)


def with_mismatch(result: CaseResult, claim_id: str) -> CaseResult:
    """Copy a result with one claim's internal verdict no longer its reviewed one."""
    claims = []
    for c in result.claims:
        if c.claim_id == claim_id:
            o = c.outcomes[Scenario.INTERNAL]
            other = next(v for v in Verdict if v != o.verdict)
            o = dataclasses.replace(o, reviewed=other)
            c = dataclasses.replace(
                c,
                reviewed={**c.reviewed, Scenario.INTERNAL: other},
                outcomes={**c.outcomes, Scenario.INTERNAL: o},
            )
        claims.append(c)
    return dataclasses.replace(result, claims=tuple(claims))


def as_run(run: FinishedCase, result: CaseResult) -> KeptCase:
    """Put another results model into a run, and keep it as the gate does."""
    return KeptCase.of(dataclasses.replace(run, result=result))


def copy_synthetic(tmp_path: Path) -> Path:
    datasets = tmp_path / "cases"
    shutil.copytree(SYNTHETIC, datasets)
    return datasets


def edit_claim(datasets: Path, claim_id: str, old: str, new: str) -> None:
    """Change one cell text of one claims.csv row (the row must contain `old` once)."""
    path = datasets / DEMO / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    [i] = [i for i, line in enumerate(lines) if line.startswith(f"{claim_id},")]
    assert lines[i].count(old) == 1
    lines[i] = lines[i].replace(old, new)
    path.write_text("".join(lines), encoding="utf-8")


# --- GateOutcome.exit_code --------------------------------------------------------------------


def test_exit_0_when_every_verdict_is_the_reviewed_one(clean_kept: KeptCase) -> None:
    assert GateOutcome([clean_kept]).exit_code == EXIT_OK == 0


def test_exit_1_when_a_verdict_differs(clean_run: FinishedCase, clean_kept: KeptCase) -> None:
    mismatch = as_run(clean_run, with_mismatch(clean_run.result, "gross_margin_up"))
    outcome = GateOutcome([clean_kept, mismatch])
    assert outcome.exit_code == EXIT_MISMATCH == 1


def test_exit_2_when_a_case_could_not_run(clean_kept: KeptCase) -> None:
    assert GateOutcome([clean_kept], [PROBLEM]).exit_code == EXIT_BROKEN == 2


def test_exit_2_when_a_kept_case_has_row_problems(clean_run: FinishedCase) -> None:
    broken = as_run(clean_run, dataclasses.replace(clean_run.result, problems=(PROBLEM,)))
    assert GateOutcome([broken]).exit_code == EXIT_BROKEN


def test_exit_2_when_a_case_has_row_problems(clean: CaseResult) -> None:
    broken = dataclasses.replace(clean, problems=(PROBLEM,))
    assert exit_code([clean, broken]) == EXIT_BROKEN


def test_broken_data_outranks_a_mismatch(clean: CaseResult) -> None:
    mismatch = with_mismatch(clean, "gross_margin_up")
    assert exit_code([mismatch]) == EXIT_MISMATCH
    assert exit_code([mismatch], [PROBLEM]) == EXIT_BROKEN
    assert exit_code([dataclasses.replace(mismatch, problems=(PROBLEM,))]) == 2


# --- KeptCase: what the gate keeps of a case ----------------------------------------------------


def test_a_kept_case_unpacks_to_the_results_model_and_source(
    clean_run: FinishedCase, clean_kept: KeptCase
) -> None:
    assert clean_kept.unpack() == (clean_run.result, clean_run.source)
    assert clean_kept.result() == clean_run.result
    assert clean_kept.case_id == DEMO and clean_kept.tables is clean_run.tables
    assert len(clean_kept.packed) < 20_000  # kilobytes, where the model holds far more


def test_a_kept_case_holds_the_facts_the_gate_decides_with(
    clean_run: FinishedCase, clean_kept: KeptCase
) -> None:
    result = clean_run.result
    assert (clean_kept.claims, clean_kept.evaluated) == (len(result.claims), True)
    assert (clean_kept.differs, clean_kept.mismatch_lines, clean_kept.problems) == (0, (), ())
    assert sum(clean_kept.verdicts.values()) == 2 * len(result.claims)
    mismatch = as_run(clean_run, with_mismatch(result, "gross_margin_up"))
    assert mismatch.differs == 1
    [line] = mismatch.mismatch_lines
    assert line.startswith(f"{clean_run.claims_file}:") and "'gross_margin_up'" in line
    assert mismatch.mismatch_lines == tuple(
        mismatch_lines(mismatch.result(), clean_run.claims_file or DEMO)
    )


def test_the_summary_line_counts_cases_claims_verdicts_and_differences(
    clean_run: FinishedCase, clean_kept: KeptCase
) -> None:
    n = len(clean_run.result.claims)
    line = GateOutcome([clean_kept]).summary_line()
    assert line.startswith(f"1 case(s), {n} claim(s) (")
    assert line.endswith("; 0 differ from review; 0 data error(s)")
    mismatch = as_run(clean_run, with_mismatch(clean_run.result, "gross_margin_up"))
    line = GateOutcome([clean_kept, mismatch], [PROBLEM]).summary_line()
    assert line.startswith(f"2 case(s), {2 * n} claim(s) (")
    assert line.endswith("; 1 differ from review; 1 data error(s)")
    assert "0 case(s), 0 claim(s); 0 differ" in GateOutcome().summary_line()


def test_all_problems_are_sorted_across_cases(clean_run: FinishedCase) -> None:
    later = Problem("datasets/y/claims.csv", 2, None, "bad-csv", "late")
    earlier = Problem("datasets/a/facts.csv", 9, None, "bad-csv", "early")
    broken = as_run(clean_run, dataclasses.replace(clean_run.result, problems=(later,)))
    outcome = GateOutcome([broken], [PROBLEM, earlier])
    assert outcome.all_problems == [earlier, PROBLEM, later]


# --- run_gate ---------------------------------------------------------------------------------


def test_run_gate_runs_every_case_when_none_is_named() -> None:
    stages: list[str] = []
    counts: list[tuple[int, int]] = []
    outcome = run_gate(
        SYNTHETIC, progress=stages.append, counter=lambda d, t: counts.append((d, t))
    )
    assert [r.case_id for r in outcome.results] == [DEMO]
    assert outcome.problems == []
    assert outcome.exit_code == EXIT_OK
    assert stages == ["reading, checking and evaluating 1 case(s)"]
    assert counts == [(1, 1)]


def test_run_gate_runs_only_the_named_cases(tmp_path: Path) -> None:
    datasets = copy_synthetic(tmp_path)
    shutil.copytree(datasets / DEMO, datasets / "demo-copy")
    assert [r.case_id for r in run_gate(datasets).results] == [
        "demo-cloud-results",
        "demo-copy",
    ]
    assert [r.case_id for r in run_gate(datasets, ["demo-copy"]).results] == ["demo-copy"]


def test_run_gate_runs_a_case_named_twice_once() -> None:
    outcome = run_gate(SYNTHETIC, [DEMO, DEMO])
    assert [r.case_id for r in outcome.results] == [DEMO]


def test_run_gate_reports_an_unknown_case_with_the_known_ones() -> None:
    outcome = run_gate(SYNTHETIC, ["no-such-case"])
    assert outcome.runs == []
    [problem] = outcome.problems
    assert problem.code == "unknown-case"
    assert "known cases: demo-cloud-results" in problem.message
    assert outcome.exit_code == EXIT_BROKEN


def test_run_gate_keeps_running_after_a_broken_case(tmp_path: Path) -> None:
    datasets = copy_synthetic(tmp_path)
    outcome = run_gate(datasets, ["Bad/Id", DEMO])
    assert [r.case_id for r in outcome.results] == [DEMO]
    assert [p.code for p in outcome.problems] == ["bad-case-id"]


def test_run_gate_with_no_case_folder_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    [problem] = run_gate(tmp_path / "empty").problems
    assert (problem.file, problem.code) == ("empty", "no-cases")
    assert "README" in problem.message


def test_run_gate_with_no_datasets_folder_is_a_data_error(tmp_path: Path) -> None:
    [problem] = run_gate(tmp_path / "missing").problems
    assert (problem.file, problem.code) == ("missing", "missing-file")


# --- render_table -----------------------------------------------------------------------------


def table_rows(text: str) -> list[str]:
    """The claim ids of a rendered table, top to bottom."""
    lines = text.splitlines()
    assert lines[0].startswith("== ")
    assert lines[1].split()[:2] == ["claim", "kind"]
    end = lines.index("", 2)  # the findings list follows a blank line
    return [line.split()[0] for line in lines[2:end]]


def test_render_table_puts_mismatches_first_then_failures_then_the_rest(tmp_path: Path) -> None:
    datasets = copy_synthetic(tmp_path)
    # gross_margin_up (line 5) holds; recording it as failing makes it a mismatch.
    edit_claim(datasets, "gross_margin_up", ",holds,unverifiable,", ",fails,unverifiable,")
    result = run_case(datasets, DEMO).result
    assert [m.claim.claim_id for m in result.mismatches] == ["gross_margin_up"]
    text = render_table(result)
    assert table_rows(text) == [
        "gross_margin_up",  # the mismatch, although it is the fourth claim
        "revenue_growth_h1",  # a recorded failure (external), as reviewed
        # the rest, in claims.csv order
        "pubcloud_share_h1",
        "pubcloud_growth_far_above",
        "agrees_xl_rev_h1",
        "ai_revenue_growth_h1",
        "years_since_founding",
    ]
    mismatch_row = text.splitlines()[2]
    assert "holds ≠ reviewed fails" in mismatch_row
    assert text.count("≠ reviewed") == 1


def test_render_table_orders_mismatches_by_line(clean: CaseResult) -> None:
    result = with_mismatch(with_mismatch(clean, "years_since_founding"), "pubcloud_share_h1")
    assert table_rows(render_table(result))[:3] == [
        "pubcloud_share_h1",
        "years_since_founding",
        "revenue_growth_h1",
    ]


def test_render_table_shows_the_policy_the_intervals_and_the_verdicts(clean: CaseResult) -> None:
    text = render_table(clean)
    header = text.splitlines()[0]
    assert header == f"== {DEMO} ({clean.hedge_policy})"
    share = next(line for line in text.splitlines() if line.split()[0] == "pubcloud_share_h1")
    assert share.split()[1:3] == ["share", "[31.5,"]  # stated 32% is [31.5, 32.5)%
    assert "32.5)%" in share
    assert share.split()[-1] == "holds"
    assert share.rstrip().endswith("holds / holds")  # the reviewed verdicts, internal / external
    assert "reviewed (internal / external)" in text.splitlines()[1]
    far_above = next(line for line in text.splitlines() if "pubcloud_growth_far_above" in line)
    assert "[2, ∞)×" in far_above  # "far above" read as at least twice, open-ended
    unverifiable = next(line for line in text.splitlines() if "agrees_xl_rev_h1" in line)
    assert "—" in unverifiable  # no internal computation: a dash, not nan


def test_render_table_of_a_case_without_claims(clean: CaseResult) -> None:
    empty = dataclasses.replace(
        clean, claims=tuple(dataclasses.replace(c, outcomes={}) for c in clean.claims)
    )
    assert render_table(empty) == f"{DEMO}: no claims evaluated"


def test_run_gate_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    run_gate(SYNTHETIC)
    assert gc.isenabled()
    gc.disable()
    try:
        run_gate(SYNTHETIC)
        assert not gc.isenabled()
    finally:
        gc.enable()
