"""Write a run's results and case reports, each case in a worker process for a corpus.

The gate keeps each case packed (`checks.gate.KeptCase`); writing a case needs its results
model whole, with the suite outcomes GX found for it. So a corpus of PARALLEL_FROM cases or
more is written by worker processes, in batches: each unpacks a case, attaches its suite
outcomes, writes its document (and its report page, with docs), and sends back its summary
row, claims.csv rows and JUnit suite as text. This process joins those, in case order, into
results.json, claims.csv and junit.xml (`checks.output.results.write_results_with`), so the
files are byte-identical to writing every case here, one after another, which a smaller
corpus does.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from checks.gate import PARALLEL_FROM, KeptCase, batches, unpack
from checks.model import CaseSummary, SuiteOutcome
from checks.output.report import write_case_report
from checks.output.results import CaseWritten, write_case, write_results_with

__all__ = ["build_docs", "write_run"]

_Batch = tuple[Path, Path | None, list[tuple[bytes, tuple[SuiteOutcome, ...]]]]


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
) -> list[CaseSummary]:
    """Write the results folder `results` (and each case's page under `docs`, if given).

    `suites` holds each case's GX suite outcomes by case id. Cases are written in `workers`
    processes (default one per CPU) in batches of up to CHUNK_MAX for a corpus of
    PARALLEL_FROM cases or more, else here. `counter(done, total)` is told as cases are
    written. Returns each case's summary row, for the docs index.
    """
    cases = [(k.packed, suites.get(k.case_id, ())) for k in kept]
    workers = workers or os.cpu_count() or 1

    def written(folder: Path) -> Iterator[CaseWritten]:
        if workers <= 1 or len(cases) < PARALLEL_FROM:
            yield from _write_batch((folder, docs, cases))
            return
        parts = [(folder, docs, list(b)) for b in batches(cases, workers)]
        done = 0
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for batch in pool.map(_write_batch, parts):
                yield from batch
                done += len(batch)
                if counter:
                    counter(done, len(cases))

    return write_results_with(written, results, run_info, engine)


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
