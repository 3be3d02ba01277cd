"""Run every selected case and decide the gate's exit code.

0: every computed verdict equals its reviewed verdict and no data error;
1: a verdict differs from the reviewed one (a claim newly fails, or a recorded failure holds);
2: the data or configuration is broken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from checks.inputs.case import case_ids
from checks.inputs.csv_tables import display_path
from checks.model import CaseResult
from checks.numbers.formatting import format_interval
from checks.pipeline import run_case
from checks.problems import DataError, Problem, ProblemCode

__all__ = [
    "EXIT_BROKEN",
    "EXIT_MISMATCH",
    "EXIT_OK",
    "GateOutcome",
    "mismatch_lines",
    "not_computable_lines",
    "render_findings",
    "render_table",
    "run_gate",
]

EXIT_OK, EXIT_MISMATCH, EXIT_BROKEN = 0, 1, 2


@dataclass
class GateOutcome:
    """The cases that ran, the problems that stopped any, and the exit code they add up to."""

    results: list[CaseResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.problems or any(r.problems for r in self.results):
            return EXIT_BROKEN
        if any(not r.mismatches.empty for r in self.results):
            return EXIT_MISMATCH
        return EXIT_OK

    @property
    def all_problems(self) -> list[Problem]:
        return sorted(self.problems + [p for r in self.results for p in r.problems])


def run_gate(
    datasets: Path,
    cases: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
    *,
    allow_drafts: bool = False,
) -> GateOutcome:
    """Run the named cases (all cases when none are named), collecting every problem."""
    outcome = GateOutcome()
    try:
        selected = list(dict.fromkeys(cases)) or case_ids(datasets)  # a case named twice runs once
    except DataError as exc:
        outcome.problems.extend(exc.problems)
        return outcome
    if not selected:
        outcome.problems.append(
            Problem(
                display_path(datasets),
                None,
                None,
                ProblemCode.NO_CASES,
                "holds no case folder (a folder with source.txt); add one as the README describes",
            )
        )
    for i, case_id in enumerate(selected, 1):
        if progress:
            progress(f"case {i}/{len(selected)}: {case_id}")
        try:
            outcome.results.append(run_case(datasets, case_id, allow_drafts=allow_drafts))
        except DataError as exc:
            outcome.problems.extend(exc.problems)
    return outcome


def render_table(result: CaseResult, width: int = 44) -> str:
    """Render a case's claims as a text table, mismatches first, then failures, then the rest."""
    if result.evaluation.empty:
        return f"{result.case.case_id}: no claims evaluated"
    ev = result.evaluation.set_index(["claim_id", "scenario"])
    rows = []
    for row in result.summary.to_dict("records"):
        cid = row["claim_id"]
        draft = " (draft)" if cid in result.drafts else ""
        cells = [cid[:width] + draft, row["kind"]]
        rank = (
            0
            if not (row["internal_ok"] and row["external_ok"])
            else 1
            if {"fails", "not_computable"} & {row["internal_verdict"], row["external_verdict"]}
            else 2
        )
        for scenario in ("internal", "external"):
            e = ev.loc[(cid, scenario)]
            if scenario == "internal":
                cells.append(
                    format_interval(
                        e["stated_lo"],
                        e["stated_hi"],
                        e["stated_lo_open"],
                        e["stated_hi_open"],
                        e["unit"],
                    )
                )
            cells.append(
                format_interval(e["computed_lo"], e["computed_hi"], False, False, e["unit"])
            )
            mark = "" if row[f"{scenario}_ok"] else f" ≠ reviewed {row[f'{scenario}_reviewed']}"
            cells.append(row[f"{scenario}_verdict"] + mark + draft)
        cells.append(f"{row['internal_reviewed']} / {row['external_reviewed']}")
        rows.append((rank, row["line"], cells))
    rows.sort(key=lambda r: (r[0], r[1]))
    header = [
        "claim",
        "kind",
        "stated",
        "computed (internal)",
        "verdict (internal)",
        "computed (external)",
        "verdict (external)",
        "reviewed (internal / external)",
    ]
    table = pd.DataFrame([r[2] for r in rows], columns=header)
    text = f"== {result.case.case_id} ({result.policy.describe()})\n" + table.to_string(index=False)
    text += "".join(f"\n{line}" for line in not_computable_lines(result))
    return text + "\n\n" + render_findings(result)


def not_computable_lines(result: CaseResult) -> list[str]:
    """List each claim and scenario that is not computable, with the operand to blame."""
    if result.evaluation.empty or "not_computable" not in result.evaluation:
        return []
    ev = result.evaluation[result.evaluation["not_computable"] != ""]
    return [f"{row['claim_id']}: {row['not_computable']}" for row in ev.to_dict("records")]


def mismatch_lines(result: CaseResult) -> list[str]:
    """Describe each computed verdict that differs from its review, at its claims.csv line.

    A `not_computable` verdict carries the operand to blame, so the line says what to fix.
    """
    where = result.case.claims.file if result.case.claims else result.case.case_id
    why: dict[tuple[str, str], str] = {}
    if not result.evaluation.empty and "not_computable" in result.evaluation:
        for row in result.evaluation.to_dict("records"):
            why[(str(row["claim_id"]), str(row["scenario"]))] = str(row["not_computable"])
    lines = []
    for m in result.mismatches.to_dict("records"):
        for scenario in ("internal", "external"):
            if not m[f"{scenario}_ok"]:
                reason = why.get((m["claim_id"], scenario), "")
                lines.append(
                    f"{where}:{m['line']}: claim {m['claim_id']!r}: {scenario} verdict is "
                    f"{m[f'{scenario}_verdict']!r} but the reviewed verdict is "
                    f"{m[f'{scenario}_reviewed']!r}" + (f"; {reason}" if reason else "")
                )
    return lines


def render_findings(result: CaseResult) -> str:
    """List a case's findings in plain language, numbered, as the report opens with them."""
    if not result.findings:
        return f"Findings ({result.case.case_id}): none"
    lines = [f"Findings ({result.case.case_id}): {len(result.findings)}"]
    lines += [f"{i}. {f.line()}" for i, f in enumerate(result.findings, 1)]
    return "\n".join(lines)
