"""Benchmark: is claim evaluation near its floor, and what would per-claim GX cost?

Prints every figure as a ratio to a baseline measured in the same run, so the numbers mean
the same on a slow and a fast machine. Times are CPU time (`time.process_time`), the best
of a few runs, so the load of other processes on the machine counts as little as possible.

1. Evaluation of N claims, over the same compiled arrays:
   - the floor: a bare numpy interval formula and verdict per group, both scenarios, with
     no outward rounding, open ends, implied values or result columns;
   - the evaluator: `compile_claims` (gathering each claim's operands into positions, the
     per-case stage) and `evaluate_columns` (the formulas, verdicts and result columns as
     arrays, what a run reads), reported apart and together, since both are on the hot
     path of a run; `evaluate_corpus` (the same columns as a pandas frame, for callers
     that want one) is reported beside them;
   - the baseline: the same two steps one claim at a time (on a sample); each call still
     reads the case's whole fact array, as a case evaluated claim by claim would.
2. The gate's table-level GX suite over N claim rows vs one-expectation-per-claim GX
   (measured on a sample, per expectation, and extrapolated to N). GX runs on a private
   copy of the context in a temporary folder (`open_run_context`): a benchmark writes
   nothing under the repository.

Run with `nox -s bench` (or `python benchmarks/bench_scale.py --claims 100000`).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy as np

from checks.claims.batch import CompiledClaims, FactIntervals, compile_claims
from checks.claims.evaluate import evaluate, evaluate_columns, evaluate_corpus, fact_intervals
from checks.claims.kinds import KINDS as KIND_RULES
from checks.claims.operands import Expr, Ref
from checks.claims.specs import ClaimSpec
from checks.claims.verdicts import Scenario, Verdict
from checks.inputs.facts import FactRecord
from checks.model.results import ClaimResult
from checks.numbers.hedge import DEFAULT_POLICY

KINDS = ("share", "growth", "multiple", "agrees")


def synthetic(n: int, seed: int = 7) -> tuple[dict[str, FactRecord], list[ClaimSpec]]:
    """Make n claims over 3n facts: shares, growth rates, multiples and agreements."""
    rng = random.Random(seed)
    records: dict[str, FactRecord] = {}

    def fact(fid: str, unit: str, value: Decimal, decimals: int, origin: str = "article") -> str:
        records[fid] = FactRecord(
            fid, origin, "c_" + fid, "e", "2025Q2", unit, value, None, decimals, "none", 2
        )
        return fid

    specs = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        a = Decimal(rng.randint(100, 99999)) * 10**6
        b = Decimal(rng.randint(100, 99999)) * 10**6
        x = fact(f"a{i}", "CNY", a, -6)
        y = fact(f"b{i}", "CNY", b, -6, "reference" if kind == "agrees" else "article")
        ops: dict[str, list[Expr]]
        if kind == "share":
            s = fact(f"s{i}", "pct", round(a / b * 100, 1), 1)
            ops = {"part": [Ref(x)], "whole": [Ref(y)]}
        elif kind == "growth":
            s = fact(f"s{i}", "pct", round((a / b - 1) * 100, 1), 1)
            ops = {"new": [Ref(x)], "old": [Ref(y)]}
        elif kind == "multiple":
            s = fact(f"s{i}", "ratio", round(a / b, 2), 2)
            ops = {"a": [Ref(x)], "b": [Ref(y)]}
        else:
            s = x
            ops = {"reference": [Ref(y)]}
        params = {"basis": "magnitude"} if kind == "growth" else {}
        reviewed = dict.fromkeys(Scenario, Verdict.HOLDS)
        operands = [e.fact_id for exprs in ops.values() for e in exprs if isinstance(e, Ref)]
        named = tuple(dict.fromkeys([*operands, s]))  # as claims.csv's reader: stated last
        specs.append(
            ClaimSpec(f"c{i}", kind, s, ops, params, "q", reviewed, "r", i + 2, fact_ids=named)
        )
    return records, specs


def cpu(fn: Callable[[], object]) -> float:
    """Return the CPU time one call of `fn` takes."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """Run `fn` `runs` times; return the least CPU time (the least disturbed by other load)."""
    return min(cpu(fn) for _ in range(runs))


_NAMES = np.array(["holds", "fails", "unverifiable"], dtype=object)


def bare_formula(compiled: CompiledClaims) -> np.ndarray:
    """The floor: per group and scenario, gather the operands, apply the formula, compare.

    One numpy expression per group over the same compiled arrays the evaluator reads, for
    the kinds this benchmark generates (all operands positive), with no outward rounding,
    open ends, vacuous results or result columns: what evaluation would cost if it were only
    arithmetic. Returns the verdicts, shape (2, claims): internal, then external.
    """
    lo, hi = compiled.facts.lo, compiled.facts.hi
    out = np.empty((2, compiled.claims), dtype=object)
    for key, block in compiled.groups.items():
        assert block.stated is not None, "every generated claim states a figure"
        s_lo, s_hi = lo[block.stated], hi[block.stated]
        for s in (0, 1):
            pos = [block.slots[role][s] for role in KIND_RULES[key[0]].roles]
            missing = np.zeros(len(block.rows), dtype=bool)
            for p in pos:
                missing |= p < 0
            a_lo, a_hi = lo[pos[0]], hi[pos[0]]
            if key[0] == "agrees":
                q_lo, q_hi = a_lo, a_hi
            else:
                b_lo, b_hi = lo[pos[1]], hi[pos[1]]
                q_lo, q_hi = a_lo / b_hi, a_hi / b_lo
                if key[0] == "share":
                    q_lo, q_hi = q_lo * 100, q_hi * 100
                elif key[0] == "growth":
                    q_lo, q_hi = (q_lo - 1) * 100, (q_hi - 1) * 100
            fails = (q_lo > s_hi) | (s_lo > q_hi)
            out[s, block.rows] = _NAMES[np.where(missing, 2, fails.astype(np.int64))]
    return out


def evaluation_figures(specs: list[ClaimSpec], fx: FactIntervals, runs: int, sample: int) -> None:
    """Time the floor, the evaluator and the one-claim-at-a-time baseline; print ratios."""
    n = len(specs)
    compiled = compile_claims("bench", specs, fx, 2025)
    compile_s = best_of(runs, lambda: compile_claims("bench", specs, fx, 2025))
    evaluate_s = best_of(runs, lambda: evaluate_columns([compiled]))
    frame_s = best_of(runs, lambda: evaluate_corpus([compiled]))
    floor_s = best_of(max(runs, 5), lambda: bare_formula(compiled))
    few = specs[:sample]

    def one_at_a_time() -> None:
        for spec in few:
            evaluate_columns([compile_claims("bench", [spec], fx, 2025)])

    baseline_s = best_of(runs, one_at_a_time) / len(few) * n
    both_s = compile_s + evaluate_s
    got = evaluate_columns([compiled])["verdict"].reshape(n, 2).T
    agree = float((got == bare_formula(compiled)).mean())

    def line(name: str, seconds: float) -> str:
        return f"  {name}: {seconds:.3f} s CPU, {seconds / n * 1e9:,.0f} ns/claim"

    print(f"evaluation of {n:,} claims, both scenarios (CPU time, best of {runs}):")
    print(line("floor (bare numpy interval formula and verdict, same arrays)", floor_s))
    print(line("evaluate_columns (formulas, verdicts, result columns)", evaluate_s))
    print(line("evaluate_corpus (the same columns as a pandas frame)", frame_s))
    print(line("compile_claims (gathering operands into positions)", compile_s))
    print(line("evaluator, compile_claims + evaluate_columns", both_s))
    print(line(f"baseline, both one claim at a time (sample of {len(few)}, scaled)", baseline_s))
    print(f"  floor verdicts equal the evaluator's on {agree:.2%} of rows")
    print(f"  ratio evaluate_columns / floor: {evaluate_s / floor_s:.1f} (goal: within 10)")
    print(f"  ratio evaluate_corpus / floor: {frame_s / floor_s:.1f}")
    print(f"  ratio compile_claims + evaluate_columns / floor: {both_s / floor_s:.1f}")
    print(f"  ratio baseline / evaluate_columns: {baseline_s / evaluate_s:,.0f}")
    print(f"  ratio baseline / (compile_claims + evaluate_columns): {baseline_s / both_s:,.1f}")


def claim_results(specs: list[ClaimSpec]) -> list[ClaimResult]:
    """Describe claims the way the per-claim docs suite reads them (no outcomes needed)."""
    return [
        ClaimResult(
            claim_id=s.claim_id,
            kind=s.kind,
            line=s.line,
            stated_fact=s.stated,
            quote=s.quote,
            reason=s.reason,
            note=s.note,
            fact_ids=s.fact_ids,
            reference_ids=(),
            unit="",
            reviewed=dict(s.reviewed),
            outcomes={},
        )
        for s in specs
    ]


def gx_figures(specs: list[ClaimSpec], fx: FactIntervals) -> None:
    """Time the table-level claims suite against one expectation per claim, in a private context."""
    from checks.gx.context import open_run_context
    from checks.gx.expectations import save_suite
    from checks.gx.run import run_suite
    from checks.gx.suites import TABLE_SUITES, claim_suite

    frame = evaluate(specs, fx, 2025)
    summary = frame.pivot(index="claim_id", columns="scenario", values="verdict").reset_index()
    summary = summary.rename(
        columns={"internal": "internal_verdict", "external": "external_verdict"}
    )
    summary["internal_ok"] = True
    summary["external_ok"] = True
    summary.insert(0, "row_id", "bench/" + summary["claim_id"])
    root = Path(__file__).resolve().parent.parent
    n_small = 50
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_run_context(root, Path(tmp))
        (claims_suite,) = [s for s in TABLE_SUITES if s.name == "claims"]
        table = cpu(lambda: run_suite(ctx, claims_suite.name, summary, "row_id"))
        small_specs = specs[:n_small]
        small = summary[summary["claim_id"].isin({s.claim_id for s in small_specs})].copy()
        suite = claim_suite("bench", claim_results(small_specs), DEFAULT_POLICY.describe())
        save_suite(ctx, suite)
        per_claim_gx = cpu(lambda: run_suite(ctx, suite.name, small, "claim_id"))
    per_expectation = per_claim_gx / (2 * n_small)
    extrapolated = per_expectation * 2 * len(specs)
    print(f"GX gate: table-level claims suite over {len(summary):,} rows in {table:.2f} s CPU")
    print(
        f"  baseline: one expectation per claim and scenario, {per_expectation * 1e3:.1f} ms CPU each (measured on {n_small} claims), ~{extrapolated:.0f} s for {len(specs):,} claims"
    )
    print(f"  ratio table-level / per-claim (extrapolated): {table / extrapolated:.2e}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument(
        "--sample", type=int, default=400, help="claims evaluated one at a time for the baseline"
    )
    ap.add_argument("--runs", type=int, default=3, help="runs of each timing; the best counts")
    args = ap.parse_args()

    records, specs = synthetic(args.claims)
    fx = fact_intervals(records, DEFAULT_POLICY)
    evaluation_figures(specs, fx, args.runs, args.sample)
    gx_figures(specs, fx)


if __name__ == "__main__":
    main()
