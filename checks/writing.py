"""Write a run's results and case reports, each case in a worker process for a corpus.

The gate keeps each case packed (`checks.gate.KeptCase`); writing a case needs its results
model whole, with the suite outcomes GX found for it. So a corpus of PARALLEL_FROM cases or
more is written by worker processes, in batches: each unpacks a case, attaches its suite
outcomes, writes its document (and its report page, with docs), and sends back its summary
row, claims.csv rows and JUnit suite as text. This process joins those, in case order, into
results.json, claims.csv and junit.xml (`checks.output.results.write_results_with`), so the
files are byte-identical to writing every case here, one after another, which a smaller
corpus does.

Most cases are written earlier still, by the worker that evaluated them (`EarlyWrite`):
every table suite asserts, row by row, what the checks already found, so a case without
problems and without a verdict differing from its review passes them all (a GX failure
there stops the run as drift), and its suite outcomes are known before GX runs
(`assumed_suites`). Those cases are written while their results model is at hand, never
unpacked again for writing; beside the packed model (which it keeps for every case, for
the printed tables, the per-claim suites, the docs and any rewrite), the gate keeps their
summary row and their claims.csv rows and JUnit suite, compressed (about 6 KiB a case).
Once GX has run, `write_run` checks each assumption and writes again any case whose suites
came out otherwise.
"""

from __future__ import annotations

import dataclasses
import os
import zlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TextIO

from checks.gate import PARALLEL_FROM, KeptCase, batches, unpack
from checks.model import CaseResult, CaseSummary, SuiteOutcome
from checks.model.documents import CASES_DIR
from checks.output.console import render_table
from checks.output.report import write_case_report
from checks.output.results import CaseWritten, write_case, write_results_with

__all__ = [
    "GX_DOCS_CASES",
    "SUITE_TABLES",
    "TABLE_CASES",
    "Early",
    "EarlyWrite",
    "assumed_suites",
    "build_docs",
    "gx_docs_cases",
    "print_tables",
    "suite_results",
    "write_run",
]

_Batch = tuple[Path, Path | None, list[tuple[bytes, tuple[SuiteOutcome, ...]]]]

SUITE_TABLES: tuple[tuple[str, str], ...] = (
    ("facts", "facts"),
    ("reference_facts", "reference"),
    ("exclusions", "excluded"),
    ("coverage", "coverage"),
    ("claims", "claims"),
)
"""Each table suite's name and the check table it asserts, in the order the suites run.

The same as `checks.gx.suites.TABLE_SUITES` (a test holds them equal), here so a worker
need not import GX to know them.
"""


def assumed_suites(kept: KeptCase) -> tuple[SuiteOutcome, ...]:
    """Return the suite outcomes GX gives a case when every row of its check tables passes.

    One outcome per suite whose table has rows for the case, in suite order, as
    `checks.gx.corpus` splits a corpus run.
    """
    out = []
    for suite, table in SUITE_TABLES:
        frame = kept.tables.get(table)
        rows = len(kept.claim_rows) if table == "claims" else 0 if frame is None else len(frame)
        if rows:
            out.append(SuiteOutcome(suite, rows, True, ()))
    return tuple(out)


@dataclass(frozen=True)
class Early:
    """What the gate keeps of a case written early: its summary row, and its share of the
    corpus files (claims.csv rows, JUnit suite) as zlib-compressed UTF-8.

    It was written with `assumed_suites` of its `KeptCase`."""

    row: CaseSummary
    csv: bytes
    junit: bytes

    def case_written(self) -> CaseWritten:
        return CaseWritten(
            self.row, zlib.decompress(self.csv).decode(), zlib.decompress(self.junit).decode()
        )


@dataclass(frozen=True)
class EarlyWrite:
    """Write a case in the worker that evaluated it, taking its table suites to pass.

    `folder` holds the `cases/` folder the documents go to (moved into the results folder
    by `write_run`); `docs`, if given, is where each case's report page goes. A case with
    problems or a differing verdict is left for `write_run` (its suites fail, and GX says
    how).
    """

    folder: Path
    docs: Path | None

    @classmethod
    def into(cls, stage: Path, docs: Path | None) -> EarlyWrite:
        """Make the writer of a run staged in `stage`, its cases' folder made under it."""
        folder = stage / ".early"
        (folder / CASES_DIR).mkdir(parents=True)
        return cls(folder, docs)

    def __call__(self, result: CaseResult, source: str, kept: KeptCase) -> Early | None:
        if kept.problems or kept.differs:
            return None
        suites = assumed_suites(kept)
        result = dataclasses.replace(result, suites=suites)
        written = write_case(result, self.folder)
        if self.docs is not None:
            write_case_report(result, source, self.docs)
        return Early(
            written.row,
            zlib.compress(written.csv.encode(), 1),
            zlib.compress(written.junit.encode(), 1),
        )


def _write_batch(batch: _Batch) -> list[CaseWritten]:
    """Write a batch of packed cases with their suite outcomes (in a worker, or here)."""
    folder, docs, cases = batch
    written = []
    for packed, suites in cases:
        result, source = unpack(packed)
        result = dataclasses.replace(result, suites=suites)
        written.append(write_case(result, folder))
        if docs is not None:
            write_case_report(result, source, docs)
    return written


def write_run(
    kept: Sequence[KeptCase],
    suites: Mapping[str, tuple[SuiteOutcome, ...]],
    results: Path,
    docs: Path | None,
    run_info: dict[str, Any],
    engine: str,
    workers: int | None = None,
    counter: Callable[[int, int], None] | None = None,
    early: EarlyWrite | None = None,
) -> list[CaseSummary]:
    """Write the results folder `results` (and each case's page under `docs`, if given).

    `suites` holds each case's GX suite outcomes by case id. A case written early (by
    `early`, during the gate) whose assumed suite outcomes GX then gave it is taken as
    written; every other case is written now, in `workers` processes
    (default one per CPU) in batches of up to CHUNK_MAX when there are PARALLEL_FROM or
    more of them, else here. `counter(done, total)` is told as cases are written. Returns
    each case's summary row, for the docs index.
    """
    plan: list[Early | tuple[bytes, tuple[SuiteOutcome, ...]]] = []
    for k in kept:
        got = suites.get(k.case_id, ())
        ready = isinstance(k.written, Early) and assumed_suites(k) == got
        plan.append(k.written if ready else (k.packed, got))  # type: ignore[arg-type]
    todo = [c for c in plan if not isinstance(c, Early)]
    workers = workers or os.cpu_count() or 1
    every = max(1, len(plan) // 100)

    def late(folder: Path) -> Iterator[CaseWritten]:
        if workers <= 1 or len(todo) < PARALLEL_FROM:
            yield from _write_batch((folder, docs, todo))
            return
        parts = [(folder, docs, list(b)) for b in batches(todo, workers)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for batch in pool.map(_write_batch, parts):
                yield from batch

    def written(folder: Path) -> Iterator[CaseWritten]:
        rest = late(folder)
        for done, case in enumerate(plan, 1):
            yield case.case_written() if isinstance(case, Early) else next(rest)
            if counter and (done % every == 0 or done == len(plan)):
                counter(done, len(plan))

    cases_dir = early.folder / CASES_DIR if early is not None else None
    return write_results_with(written, results, run_info, engine, cases_dir)


TABLE_CASES = 20
"""The most cases whose claims tables `validate` prints (without --quiet) unnamed.

A table is a screenful a case (rendering one costs about 4 ms); printing ten thousand
would bury the lines that matter. A larger run prints the tables of the cases whose
verdicts differ from their review, and says how many it left out; every case's results
are in its case file and report page, and `--case` prints any case's table.
"""


def print_tables(named: Sequence[str], runs: Sequence[KeptCase], out: TextIO) -> None:
    """Print each case's claims table (`render_table`), or, for a large run, those that differ.

    `named` are the cases the command line named (`--case`): then every table is printed.
    """
    shown = [k for k in runs if named or len(runs) <= TABLE_CASES or k.differs]
    for kept in shown:
        print(render_table(kept.result()), file=out)
        print(file=out)
    if len(shown) < len(runs):
        print(
            f"{len(runs) - len(shown)} of {len(runs)} case tables not printed (more than "
            f"{TABLE_CASES} cases: only those whose verdicts differ from review); every case "
            "is in results/cases/ and its report page; --case ID prints a case's table",
            file=out,
        )
        print(file=out)


GX_DOCS_CASES = 20
"""The most cases whose per-claim GX docs suites a run builds without naming them.

GX Data Docs render one page per validation and slow down past a few thousand; a larger
corpus gets per-claim GX docs only for the cases named with --case (every case still gets
its claims report and a row in the index).
"""


def gx_docs_cases(named: Sequence[str], runs: Sequence[KeptCase]) -> set[str]:
    """Name the cases whose per-claim GX docs suite is checked, run and rendered.

    `named` are the cases the command line named (`--case`): when there are any, every case
    that ran was named.
    """
    ids = [r.case_id for r in runs if r.claims]
    if named or len(ids) <= GX_DOCS_CASES:
        return set(ids)
    return set()


def suite_results(
    context: Any, runs: Sequence[KeptCase], gx_docs: Collection[str]
) -> list[CaseResult]:
    """Unpack the results of the cases whose per-claim suite a run checks or builds.

    Those are the cases in `gx_docs` and those with a committed `claims-<case>.json`:
    `settle_suites` (checking, regenerating and building suites) finds the same suites in
    these as in every case's results, without every case's model in memory at once.
    """
    from checks.gx.context import expectations_dir
    from checks.gx.suites import claim_suite_name

    folder = expectations_dir(context)
    return [
        kept.result()
        for kept in runs
        if kept.case_id in gx_docs or (folder / f"{claim_suite_name(kept.case_id)}.json").is_file()
    ]


def build_docs(
    context: Any,
    runs: Sequence[KeptCase],
    rows: Sequence[CaseSummary],
    stage: Path,
    gx_docs: Collection[str],
) -> None:
    """Finish `stage/docs` once `write_run` wrote the case reports there.

    Runs the per-claim docs suites of the cases in `gx_docs` (unpacking one case at a
    time), builds GX Data Docs under `docs/gx`, and writes the index of cases from `rows`.
    """
    from checks.gx.docs import build_docs as build_gx_docs
    from checks.gx.validate import run_claim_suite
    from checks.output.report import write_index

    for kept in runs:
        if kept.case_id in gx_docs:
            run_claim_suite(context, kept.result())
    build_gx_docs(context, stage)
    write_index(rows, stage / "docs", "gx/index.html")
