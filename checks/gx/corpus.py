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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from checks.gx import api as gxa
from checks.gx.run import DEFAULT_ID_CAP, EngineFrames, GxRunError, SuiteResult, run_suite
from checks.gx.suites import TABLE_SUITES

__all__ = ["CASE_ID", "ROW_ID", "CorpusRun", "corpus_tables", "run_corpus_suites"]

ROW_ID = "row_id"
CASE_ID = "case_id"
_SEP = "/"


def corpus_tables(
    cases: Iterable[tuple[str, Mapping[str, pd.DataFrame]]],
) -> dict[str, pd.DataFrame]:
    """Stack each case's check tables (by table name) into one table each, case id in front.

    `cases` yields (case_id, {table name: frame}); a table a case lacks or leaves empty adds
    no rows. Every table of TABLE_SUITES is returned, possibly empty (with its columns when
    any case gave them).
    """
    parts: dict[str, list[pd.DataFrame]] = defaultdict(list)
    for case_id, frames in cases:
        for suite in TABLE_SUITES:
            frame = frames.get(suite.table)
            if frame is None or frame.empty:
                continue
            ids = frame[suite.id_column].astype(str)
            head = pd.DataFrame(
                {CASE_ID: case_id, ROW_ID: case_id + _SEP + ids.to_numpy(dtype=object)},
                index=frame.index,
            )
            parts[suite.table].append(pd.concat([head, frame], axis=1))
    return {
        suite.table: pd.concat(parts[suite.table], ignore_index=True)
        if parts[suite.table]
        else pd.DataFrame(columns=[CASE_ID, ROW_ID])
        for suite in TABLE_SUITES
    }


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
    for key, count in rows.items():
        case_id = str(key)
        mine = failing.get(case_id, {})
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
