"""Render the docs of a results folder, one case at a time, in one process or several.

`python -m checks docs --from build/results` reads the corpus summary, then each case file,
rendering its page before reading the next (`ResultsFolder.cases`). Pages are independent,
so a large corpus is split into batches of cases that worker processes read and render
straight into the docs folder; each batch sends back only its cases' summary rows (and the
problems of broken files), from which the index is written. Output is the same bytes
whatever the number of workers: every page depends on its case alone, and the index sorts
its rows.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from checks.model import CaseSummary
from checks.model.reading import ResultsFolder
from checks.output.report import write_case_report, write_index
from checks.problems import DataError, Problem

__all__ = ["BATCH_MAX", "PARALLEL_FROM", "write_docs_from"]

PARALLEL_FROM = 64
"""The fewest cases rendered in worker processes: starting one costs about a second."""
BATCH_MAX = 100
"""The most cases one worker renders as one task."""


def _render_batch(folder: ResultsFolder, docs: Path) -> tuple[list[CaseSummary], list[Problem]]:
    """Render every case of `folder` (a batch of its rows) into `docs`; return rows, problems."""
    rows: list[CaseSummary] = []
    try:
        for result, source, row in folder.cases():  # row: checked equal to its summary
            write_case_report(result, source, docs)
            rows.append(row)
    except DataError as exc:
        return rows, list(exc.problems)
    return rows, []


def _batches(rows: Sequence[CaseSummary], size: int) -> list[tuple[CaseSummary, ...]]:
    return [tuple(rows[i : i + size]) for i in range(0, len(rows), size)]


def write_docs_from(
    folder: ResultsFolder,
    docs: Path,
    gx_docs: str | None,
    wanted: Collection[str] = (),
    workers: int | None = 1,
) -> int:
    """Write the page of each case of `folder` (those in `wanted`, or all) and the index.

    `workers` processes render a corpus of PARALLEL_FROM cases or more (None: one per CPU).

    Raises DataError with every problem of every case read, after reading them all (the
    pages written meanwhile are in `docs`, which the caller discards). Returns the number
    of case pages written.
    """
    chosen = [r for r in folder.rows if not wanted or r.case in wanted]
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(chosen) < PARALLEL_FROM:
        results = [_render_batch(dataclasses.replace(folder, rows=tuple(chosen)), docs)]
    else:
        size = max(1, min(BATCH_MAX, len(chosen) // (workers * 4)))
        parts = [dataclasses.replace(folder, rows=b) for b in _batches(chosen, size)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            results = list(pool.map(_render_batch, parts, [docs] * len(parts)))
    rows = [row for got, _ in results for row in got]
    problems = [p for _, found in results for p in found]
    if problems:
        raise DataError(problems)
    write_index(rows, docs, gx_docs)
    return len(rows)
