"""Gather every case's check tables into corpus-wide tables and run each table suite once.

The corpus tables are the contract between the per-case stages and GX (and any other
engine that runs the same suites, such as Spark). Each is the per-case check table of
`TABLE_SUITES` with two columns in front:

| column | holds |
| --- | --- |
| `case_id` | the case folder the row comes from |
| `row_id` | `<case_id>/<id>`: the suite's id column made unique across the corpus |

followed by the per-case table's columns unchanged (`facts`: fact_id, line, one boolean
per fact check; `reference`: likewise; `excluded`: token, line, checks; `coverage`: token,
line, start, covered, covered_by; `claims`: claim_id, kind, line and per scenario
verdict, reviewed, ok). Rows keep case order, then the case's own order.

`run_corpus_suites` validates each table with its suite through one Checkpoint run per
suite, so a run costs five GX runs whatever the number of cases (GX 1.24's
`Checkpoint.run` passes one set of batch parameters to all its validation definitions,
and each table is its own DataFrame). Failing rows come back by `row_id`, and are split
per case so each case's results keep their own suite outcomes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from checks.gx import api as gxa
from checks.gx.run import (
    DEFAULT_ID_CAP,
    EngineFrames,
    ExpectationOutcome,
    GxRunError,
    SuiteResult,
    run_suite,
)
from checks.gx.suites import TABLE_SUITES

__all__ = ["CASE_ID", "ROW_ID", "CorpusRun", "corpus_tables", "row_ids", "run_corpus_suites"]

ROW_ID = "row_id"
CASE_ID = "case_id"
_SEP = "/"


def row_ids(case_ids: Sequence[str] | pd.Series | np.ndarray, ids: pd.Series) -> np.ndarray:
    """Make each row's id unique across the corpus: `<case_id>/<id>`, over whole columns."""
    case_part = np.asarray(case_ids, dtype=object)
    joined: np.ndarray = case_part + _SEP + ids.astype(str).to_numpy(dtype=object)
    return joined


def corpus_tables(
    cases: Iterable[tuple[str, Mapping[str, pd.DataFrame]]],
) -> dict[str, pd.DataFrame]:
    """Stack each case's check tables (by table name) into one table each, case id in front.

    `cases` yields (case_id, {table name: frame}); a table a case lacks or leaves empty adds
    no rows. Every table of TABLE_SUITES is returned, possibly empty (with its columns when
    any case gave them). Each table is concatenated once, its two front columns built over
    the whole table (not a frame per case: at ten thousand cases that cost more than GX).
    """
    parts: dict[str, list[pd.DataFrame]] = defaultdict(list)
    owners: dict[str, list[str]] = defaultdict(list)
    for case_id, frames in cases:
        for suite in TABLE_SUITES:
            frame = frames.get(suite.table)
            if frame is None or frame.empty:
                continue
            parts[suite.table].append(frame)
            owners[suite.table].append(case_id)
    out = {}
    for suite in TABLE_SUITES:
        stack = parts[suite.table]
        if not stack:
            out[suite.table] = pd.DataFrame(columns=[CASE_ID, ROW_ID])
            continue
        body = pd.concat(stack, ignore_index=True)
        case_ids = np.repeat(np.array(owners[suite.table], dtype=object), [len(f) for f in stack])
        head = pd.DataFrame({CASE_ID: case_ids, ROW_ID: row_ids(case_ids, body[suite.id_column])})
        out[suite.table] = pd.concat([head, body], axis=1)
    return out


@dataclass(frozen=True)
class CorpusRun:
    """The suite outcomes of one run: over the corpus, per case, and GX errors by suite."""

    corpus: tuple[SuiteResult, ...]
    by_case: dict[str, list[SuiteResult]]
    errors: dict[str, tuple[str, ...]]  # suite name -> why GX could not validate it


def _split(result: SuiteResult, table: pd.DataFrame, id_cap: int) -> dict[str, SuiteResult]:
    """Derive each case's outcome of a corpus-wide suite run from its failing row ids."""
    rows = table[CASE_ID].value_counts(sort=False).to_dict()
    failing: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for outcome in result.outcomes:
        for row_id in outcome.failing_ids:
            case_id, _, own = row_id.partition(_SEP)
            failing[case_id][outcome.name].append(own)
    out = {}
    clean: dict[int, tuple[ExpectationOutcome, ...]] = {}  # a case without failures, by rows
    for key, count in rows.items():
        case_id = str(key)
        mine = failing.get(case_id, {})
        if not mine and count in clean:  # most cases: share the outcomes of an equal case
            out[case_id] = SuiteResult(result.suite_name, int(count), clean[count])
            continue
        outcomes = tuple(
            replace(
                o,
                success=not mine.get(o.name),
                failing_ids=tuple(mine.get(o.name, [])[:id_cap]),
                failing_count=len(mine.get(o.name, [])),
                observed=f"{len(mine.get(o.name, []))} of {count} rows unexpected",
            )
            for o in result.outcomes
        )
        if not mine:
            clean[count] = outcomes
        out[case_id] = SuiteResult(result.suite_name, int(count), outcomes)
    return out


def run_corpus_suites(
    context: gxa.FileDataContext,
    tables: Mapping[str, pd.DataFrame],
    *,
    run_name: str = "corpus",
    id_cap: int = DEFAULT_ID_CAP,
    engine: EngineFrames | None = None,
) -> CorpusRun:
    """Validate each corpus table with its table suite, once; split the outcomes per case.

    An empty table is skipped (GX refuses one, and nothing would be asserted). All failing
    row ids are collected from GX (not capped), so each case's failing count is exact.
    """
    corpus: list[SuiteResult] = []
    by_case: dict[str, list[SuiteResult]] = defaultdict(list)
    errors: dict[str, tuple[str, ...]] = {}
    for suite in TABLE_SUITES:
        table = tables.get(suite.table)
        if table is None or table.empty:
            continue
        try:
            got = run_suite(
                context,
                suite.name,
                table,
                ROW_ID,
                id_cap=len(table),
                run_name=f"{run_name}.{suite.name}",
                engine=engine,
            )
        except GxRunError as exc:
            errors[suite.name] = exc.problems
            continue
        corpus.append(_capped(got, id_cap))
        for case_id, result in _split(got, table, id_cap).items():
            by_case[case_id].append(result)
    return CorpusRun(tuple(corpus), dict(by_case), errors)


def _capped(result: SuiteResult, id_cap: int) -> SuiteResult:
    return replace(
        result,
        outcomes=tuple(replace(o, failing_ids=o.failing_ids[:id_cap]) for o in result.outcomes),
    )
