"""Validate a pandas DataFrame against a stored suite through a GX Checkpoint; return plain results.

Callers get a ``SuiteResult`` of frozen dataclasses (names, verdicts, failing row ids,
observed values) and never touch GX objects. Each run builds the validation definition
and checkpoint for the suite in memory (the project config keeps those stores in memory)
and passes the DataFrame as the ``dataframe`` batch parameter of the declared pandas asset.
The checkpoint asks for ``COMPLETE`` results indexed by the table's id column, so a failing
row is reported by its id, not by its position. The validation result is also written to
the build folder, where ``checks.gx.docs`` renders it.

Cost, measured on the project's 2-core machine: 6-11 ms per expectation per run at 1,000
rows and 10-13 ms at 100,000 rows, plus 10-60 ms per call; so suites hold one expectation
per column of a whole table, never one per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from checks.gx import api as gxa
from checks.gx.context import batch_definition
from checks.gx.expectations import NAME_META_KEY, load_suite

__all__ = [
    "DEFAULT_ID_CAP",
    "EngineFrames",
    "ExpectationOutcome",
    "GxRunError",
    "SuiteResult",
    "run_suite",
]

DEFAULT_ID_CAP = 20
"""How many failing ids an outcome lists; ``failing_count`` always has the full count."""


class GxRunError(RuntimeError):
    """The input or the suite could not be validated; ``problems`` lists every reason."""

    def __init__(self, suite_name: str, problems: Sequence[str]) -> None:
        self.suite_name = suite_name
        self.problems = tuple(problems)
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"suite {suite_name!r} could not be validated:\n{listing}")


class EngineFrames(Protocol):
    """How another engine's DataFrames reach GX: a conversion and a batch definition."""

    def frame(self, table: pd.DataFrame) -> Any:
        """Return the engine's DataFrame holding `table`'s rows and columns."""
        ...

    def batch_definition(self, context: gxa.FileDataContext) -> Any:
        """Return the whole-DataFrame batch definition of the engine's GX data source."""
        ...


@dataclass(frozen=True)
class ExpectationOutcome:
    """The verdict of one expectation over a whole table."""

    name: str
    expectation_type: str
    columns: tuple[str, ...]
    description: str | None
    success: bool
    failing_ids: tuple[str, ...]
    failing_count: int
    observed: str


@dataclass(frozen=True)
class SuiteResult:
    """The verdicts of every expectation of a suite, in the suite's order."""

    suite_name: str
    row_count: int
    outcomes: tuple[ExpectationOutcome, ...]

    @property
    def success(self) -> bool:
        """Return True when every expectation held."""
        return all(outcome.success for outcome in self.outcomes)

    @property
    def failures(self) -> tuple[ExpectationOutcome, ...]:
        """Return the outcomes that did not hold."""
        return tuple(outcome for outcome in self.outcomes if not outcome.success)


def run_suite(
    context: gxa.FileDataContext,
    suite_name: str,
    dataframe: pd.DataFrame,
    id_column: str,
    *,
    id_cap: int = DEFAULT_ID_CAP,
    run_name: str | None = None,
    engine: EngineFrames | None = None,
) -> SuiteResult:
    """Validate ``dataframe`` against the stored suite ``suite_name``; report failing rows by id.

    `engine` runs the suite on another engine's DataFrame (Spark): it converts the checked
    pandas table and names the batch definition of its GX data source; by default the
    pandas table is validated through the project's pandas data source.

    Raises GxRunError before calling GX when the table cannot be reported on by id (empty,
    no such id column, missing or repeated ids), and after it when GX could not evaluate an
    expectation (e.g. a column the suite names is absent): an expectation that raised is
    an error in the data or the suite, not a verdict.
    """
    if id_cap < 0:
        raise ValueError(f"id_cap must be 0 or more, got {id_cap!r}")
    _check_frame(suite_name, dataframe, id_column)
    suite = load_suite(context, suite_name)
    if not suite.expectations:
        raise GxRunError(suite_name, ["the suite has no expectations; it would pass anything"])
    batch = engine.batch_definition(context) if engine else batch_definition(context)
    definition = context.validation_definitions.add_or_update(
        gxa.ValidationDefinition(name=suite_name, data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add_or_update(
        gxa.Checkpoint(
            name=suite_name,
            validation_definitions=[definition],
            actions=[],
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": [id_column],
            },
        )
    )
    checkpoint_result = checkpoint.run(
        batch_parameters={"dataframe": engine.frame(dataframe) if engine else dataframe},
        run_id=gxa.RunIdentifier(run_name=run_name),
    )
    (validation,) = checkpoint_result.run_results.values()
    order = {expectation.id: index for index, expectation in enumerate(suite.expectations)}
    results = sorted(validation.results, key=lambda r: order.get(_config(r).id, -1))
    errors = [message for r in results if (message := _exception_message(r)) is not None]
    if errors:
        raise GxRunError(suite_name, errors)
    return SuiteResult(
        suite_name=suite_name,
        row_count=len(dataframe),
        outcomes=tuple(_outcome(result, id_column, id_cap) for result in results),
    )


def _check_frame(suite_name: str, dataframe: pd.DataFrame, id_column: str) -> None:
    """Collect every reason the table cannot be validated and reported by id."""
    if not isinstance(dataframe, pd.DataFrame):
        raise GxRunError(suite_name, [f"expected a pandas DataFrame, got {type(dataframe)!r}"])
    problems: list[str] = []
    if dataframe.empty:
        problems.append("the table has no rows; an empty table would pass every check")
    if id_column not in dataframe.columns:
        columns = sorted(map(str, dataframe.columns))
        problems.append(f"id column {id_column!r} is not in the table (columns: {columns})")
    else:
        ids = dataframe[id_column]
        missing = int(ids.isna().sum())
        if missing:
            problems.append(f"id column {id_column!r} has {missing} missing value(s)")
        repeated = sorted(map(str, ids[ids.duplicated(keep=False) & ids.notna()].unique()))
        if repeated:
            shown = ", ".join(repeated[:DEFAULT_ID_CAP])
            extra = len(repeated) - DEFAULT_ID_CAP
            more = f" and {extra} more" if extra > 0 else ""
            problems.append(f"id column {id_column!r} repeats ids: {shown}{more}")
    if problems:
        raise GxRunError(suite_name, problems)


def _config(result: gxa.ExpectationValidationResult) -> gxa.ExpectationConfiguration:
    """Return the configuration GX attaches to every result of a checkpoint run."""
    config = result.expectation_config
    if config is None:  # GX only omits it when asked to (include_config=False)
        raise GxRunError("?", ["GX returned a result without its expectation configuration"])
    return config


def _exception_message(result: gxa.ExpectationValidationResult) -> str | None:
    """Return why GX could not evaluate an expectation, or None when it could."""
    infos: list[Mapping[str, Any]] = []
    info = result.exception_info or {}
    if "raised_exception" in info:
        infos.append(info)
    else:  # one entry per failed metric
        infos.extend(value for value in info.values() if isinstance(value, Mapping))
    messages = [str(i.get("exception_message")) for i in infos if i.get("raised_exception")]
    if not messages:
        return None
    config = _config(result)
    name = (config.meta or {}).get(NAME_META_KEY) or config.type
    first_lines = "; ".join(sorted({m.strip().splitlines()[0] for m in messages if m.strip()}))
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    return f"{name} ({config.type}, {kwargs!r}): {first_lines}"


def _outcome(
    result: gxa.ExpectationValidationResult, id_column: str, id_cap: int
) -> ExpectationOutcome:
    config = _config(result)
    kwargs = dict(config.kwargs)
    details: Mapping[str, Any] = result.result or {}
    index_rows = details.get("unexpected_index_list") or []
    failing = [str(row[id_column]) for row in index_rows if isinstance(row, Mapping)]
    failing_count = int(details.get("unexpected_count", len(failing)) or 0)
    columns = tuple(str(kwargs[k]) for k in ("column", "column_A", "column_B") if k in kwargs)
    return ExpectationOutcome(
        name=str((config.meta or {}).get(NAME_META_KEY) or config.type),
        expectation_type=str(config.type),
        columns=columns,
        description=config.description,
        success=bool(result.success),
        failing_ids=tuple(failing[:id_cap]),
        failing_count=failing_count,
        observed=_observed(details),
    )


def _observed(details: Mapping[str, Any]) -> str:
    """Describe what GX saw: the observed value, or how many rows were unexpected."""
    if "observed_value" in details:
        return str(details["observed_value"])
    if "unexpected_count" in details:
        text = (
            f"{details['unexpected_count']} of {details.get('element_count', '?')} rows unexpected"
        )
        missing = details.get("missing_count") or 0
        return f"{text}, {missing} missing" if missing else text
    return ""
