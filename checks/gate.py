"""Run every selected case and decide the gate's exit code.

0: every computed verdict equals its reviewed verdict and no data error;
1: a verdict differs from the reviewed one (a claim newly fails, or a recorded failure holds);
2: the data or configuration is broken.
"""

from __future__ import annotations

import gc
import os
import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol, TypeVar

import pandas as pd

from checks.inputs.case import case_ids
from checks.inputs.csv_tables import display_path
from checks.model import CaseResult
from checks.model.summary import claim_rows
from checks.output.console import mismatch_lines
from checks.pipeline import FinishedCase, PreparedCase, finish_cases, prepare_cases
from checks.problems import DataError, Problem, ProblemCode

__all__ = [
    "CHUNK_MAX",
    "EXIT_BROKEN",
    "EXIT_MISMATCH",
    "EXIT_OK",
    "PARALLEL_FROM",
    "CaseRunner",
    "CaseWriter",
    "GateOutcome",
    "KeptCase",
    "batches",
    "exit_code",
    "run_chunk",
    "run_gate",
    "unpack",
]

EXIT_OK, EXIT_MISMATCH, EXIT_BROKEN = 0, 1, 2


@dataclass(frozen=True)
class KeptCase:
    """What the gate keeps of one case: its results model packed, and what it decides with.

    A worker process (or a Spark executor) makes it from the case's `FinishedCase` and sends
    it back. The results model and the source text travel and stay as one compressed
    pickle (`packed`, about 11 kB for a generated case whose model holds about 200 KiB as
    objects), so the gate's memory grows by kilobytes a case, not by the model. Beside it:
    the input check tables and claims table rows GX asserts, and the few facts the exit
    code, the summary line and the messages need. `result()` unpacks the model, for a stage
    that needs one case whole.
    """

    case_id: str
    packed: bytes  # zlib-compressed pickle of (CaseResult, source text)
    tables: dict[str, pd.DataFrame]  # the input check tables by name (facts, reference, ...)
    claim_rows: tuple[tuple[object, ...], ...]  # the case's claims check table
    claims_file: str | None  # the claims.csv path as messages show it; None without one
    problems: tuple[Problem, ...]
    claims: int  # claims read from claims.csv, evaluated or not
    evaluated: bool
    verdicts: Mapping[str, int]  # "<scenario> <verdict>": claims, when evaluated
    differs: int  # claims whose computed verdict differs from the reviewed one
    mismatch_lines: tuple[str, ...]  # each such verdict, at its claims.csv line
    written: object = None  # what a `CaseWriter` returned, if it wrote the case early

    @classmethod
    def of(cls, run: FinishedCase) -> KeptCase:
        """Pack a finished case's results model and source; keep the facts the gate uses."""
        result = run.result
        packed = zlib.compress(
            pickle.dumps((result, run.source), protocol=pickle.HIGHEST_PROTOCOL), 1
        )  # level 1: a quarter of the pickle's size, at a sixth of its cost
        verdicts: dict[str, int] = {}
        if result.evaluated:
            for claim in result.claims:
                for scenario, o in claim.outcomes.items():
                    key = f"{scenario} {o.verdict}"
                    verdicts[key] = verdicts.get(key, 0) + 1
        return cls(
            case_id=result.case_id,
            packed=packed,
            tables=run.tables,
            claim_rows=tuple(claim_rows(result)),
            claims_file=run.claims_file,
            problems=result.problems,
            claims=len(result.claims),
            evaluated=result.evaluated,
            verdicts=verdicts,
            differs=len({m.claim.claim_id for m in result.mismatches}),
            mismatch_lines=tuple(mismatch_lines(result, run.claims_file or result.case_id)),
        )

    def unpack(self) -> tuple[CaseResult, str]:
        """Return the case's results model (without suite outcomes) and its source text."""
        return unpack(self.packed)

    def result(self) -> CaseResult:
        """Return the case's results model (without suite outcomes)."""
        return self.unpack()[0]


def unpack(packed: bytes) -> tuple[CaseResult, str]:
    """Read back what `KeptCase.of` packed: a results model and its source text."""
    with _no_gc_pauses():
        result, source = pickle.loads(zlib.decompress(packed))  # written by this package
    return result, source


@dataclass
class GateOutcome:
    """The cases that ran, the problems that stopped any, and the exit code they add up to."""

    runs: list[KeptCase] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def results(self) -> list[CaseResult]:
        """Unpack the results model of every case that ran, all at once (for a few cases).

        A corpus stage walks `runs` and unpacks one case at a time instead: every model at
        once is about 200 KiB a case.
        """
        return [r.result() for r in self.runs]

    @property
    def exit_code(self) -> int:
        broken = bool(self.problems) or any(r.problems for r in self.runs)
        return _exit_code(broken, any(r.differs for r in self.runs))

    @property
    def all_problems(self) -> list[Problem]:
        return sorted(self.problems + [p for r in self.runs for p in r.problems])

    def summary_line(self) -> str:
        """Sum the run up in one line: cases, claims and verdicts, differences, data errors."""
        evaluated = [r for r in self.runs if r.evaluated]
        claims = sum(r.claims for r in evaluated)
        differ = sum(r.differs for r in self.runs)
        counts: dict[str, int] = {}
        for r in evaluated:
            for key, n in r.verdicts.items():
                counts[key] = counts.get(key, 0) + n
        detail = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        return (
            f"{len(self.runs)} case(s), {claims} claim(s){f' ({detail})' if counts else ''}; "
            f"{differ} differ from review; {len(self.all_problems)} data error(s)"
        )


def exit_code(results: Sequence[CaseResult], problems: Sequence[Problem] = ()) -> int:
    """Add up the gate's exit code: broken data (2), a verdict differing from review (1), or 0."""
    broken = bool(problems) or any(r.problems for r in results)
    return _exit_code(broken, any(r.mismatches for r in results))


def _exit_code(broken: bool, mismatched: bool) -> int:
    if broken:
        return EXIT_BROKEN
    return EXIT_MISMATCH if mismatched else EXIT_OK


CaseRunner = Callable[[Sequence[tuple[Path, str, bool]]], Sequence[KeptCase | list[Problem]]]
"""Prepare and evaluate jobs (datasets, case id, allow drafts) on another engine, in order."""


class CaseWriter(Protocol):
    """Writes a case as soon as it is evaluated, in the process that evaluated it.

    Given the case's results model and source text and what the gate keeps of it (which
    holds its check tables), it writes the case's files and returns what the gate should
    keep of the writing (`KeptCase.written`), or None to leave the case for later. It must
    pickle (a worker process gets it with its batch).
    """

    def __call__(self, result: CaseResult, source: str, kept: KeptCase) -> object: ...


PARALLEL_FROM = 16
"""The fewest cases run in worker processes; fewer are run in this process.

Starting a worker and importing the package costs about a second; reading, checking and
evaluating a case costs tens of milliseconds, so fewer cases than this gain nothing from a
second core.
"""

CHUNK_MAX = 64
"""The most cases a worker reads and evaluates as one batch.

A batch is evaluated as one set of arrays (`finish_cases`), so bigger batches spend less
per claim; smaller ones spread the work evenly over the workers and keep each worker's
memory to a few cases' tables.
"""

_Job = tuple[Path, str, bool]
_T = TypeVar("_T")


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Hold off the cyclic garbage collector while many lasting objects are made.

    Reading back thousands of results models creates millions of small objects that all
    live on; the collector would walk them again and again as they arrive (measured: it
    tripled the time to unpickle a case's results). Objects without cycles are still freed
    at once; cycles wait for the collector, which runs again when the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_chunk(
    jobs: Sequence[_Job], write: CaseWriter | None = None
) -> list[KeptCase | list[Problem]]:
    """Read, check and evaluate a batch of cases (in a worker); broken files' problems come back.

    The cases of the batch are evaluated together (one `finish_cases`), and each comes back
    as a `KeptCase`, so no worker sends a case's raw tables or frames, or its results model
    as objects, to the gate. `write`, if given, writes each case there and then, while its
    results model is at hand (`checks.writing.EarlyWrite`).
    """
    with _no_gc_pauses():
        # The batch's tables and frames are freed as `_kept` returns, before the collector
        # is on again: its first pass then walks what is kept, not all the batch made
        # (measured: about 2.5 ms a case less).
        return _kept(jobs, write)


def _kept(jobs: Sequence[_Job], write: CaseWriter | None = None) -> list[KeptCase | list[Problem]]:
    got = prepare_cases(jobs)  # a broken case's problems stand in for it
    finished = iter(finish_cases([p for p in got if isinstance(p, PreparedCase)]))
    out: list[KeptCase | list[Problem]] = []
    for p in got:
        if not isinstance(p, PreparedCase):
            out.append(p)
            continue
        run = next(finished).finished()
        kept = KeptCase.of(run)
        if write is not None:
            kept = replace(kept, written=write(run.result, run.source, kept))
        out.append(kept)
    return out


def batches(items: Sequence[_T], workers: int) -> list[Sequence[_T]]:
    """Cut `items` in order into batches of up to CHUNK_MAX, about four a worker (to end even)."""
    size = max(1, min(CHUNK_MAX, len(items) // (workers * 4)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _finished(
    jobs: list[_Job],
    workers: int,
    counter: Callable[[int, int], None] | None,
    write: CaseWriter | None,
) -> Iterator[KeptCase | list[Problem]]:
    """Yield each case's finished run (or its problems) in case order.

    A corpus of PARALLEL_FROM cases or more runs in `workers` processes, in batches; a
    smaller one runs here as one batch.
    """
    if workers <= 1 or len(jobs) < PARALLEL_FROM:
        yield from run_chunk(jobs, write)
        if counter:
            counter(len(jobs), len(jobs))
        return
    done = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for batch in pool.map(partial(run_chunk, write=write), batches(jobs, workers)):
            yield from batch
            done += len(batch)
            if counter:
                counter(done, len(jobs))


def run_gate(
    datasets: Path,
    cases: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
    *,
    allow_drafts: bool = False,
    workers: int | None = None,
    counter: Callable[[int, int], None] | None = None,
    runner: CaseRunner | None = None,
    write: CaseWriter | None = None,
) -> GateOutcome:
    """Run the named cases (all cases when none are named), collecting every problem.

    Cases are read, checked and evaluated in batches (in `workers` processes, default one
    per CPU, for a corpus of PARALLEL_FROM cases or more; each batch's claims evaluated
    together). `counter(done, total)` is told as cases finish. A `runner` (the Spark
    engine) takes the jobs instead and returns each case's run or its problems, in order;
    it writes nothing early, so `write` is only used without one.
    """
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
    if progress:
        progress(f"reading, checking and evaluating {len(selected)} case(s)")
    jobs = [(datasets, case_id, allow_drafts) for case_id in selected]
    with _no_gc_pauses():
        if runner is not None:  # another engine prepares and evaluates the cases itself
            ran_all: Iterable[KeptCase | list[Problem]] = runner(jobs)
        else:
            ran_all = _finished(jobs, workers or os.cpu_count() or 1, counter, write)
        for ran in ran_all:
            if isinstance(ran, list):
                outcome.problems.extend(ran)
            else:
                outcome.runs.append(ran)
    return outcome
