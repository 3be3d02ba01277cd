"""Declare per-column checks by name and build them into GX expectation suites stored as JSON.

A check is data: a stable name, the column it reads, what must hold, a one-line
``description`` and optional Markdown ``notes``. ``build_suite`` turns checks into
*built-in* GX expectations with every argument explicit, so ``expectations/<suite>.json``
says by itself what must hold and any GX 1.x can load it without this package.

Why built-ins with instance fields rather than one subclass per check (GX's "customize an
Expectation class" route): in GX 1.24 ``Expectation.configuration`` serializes with
``exclude_defaults=True``, so a subclass's default column, value set and description never
reach the suite JSON; Data Docs then file the check under "Table-Level Expectations" and
render "values must belong to this set: [ ]"; and a suite whose type is not imported is
loaded with that expectation silently dropped. ``description`` and ``notes`` are fields of
every expectation, so no class is needed for them to render.

What GX renders: ``description`` replaces the generated sentence on the suite and the
validation pages, inserted verbatim into the HTML (it is not Markdown, hence one plain
line, no angle brackets); ``notes`` is rendered as Markdown on the suite page.

GX map expectations skip missing values, so a ``None`` in a "must be True" column would
pass. ``build_suite`` therefore adds one ``not_null.<column>`` check per column a check
reads, unless that check says ``allow_null=True``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

from checks.gx import api as gxa
from checks.gx.context import expectations_dir

if TYPE_CHECKING:
    from checks.gx.api import FileDataContext

__all__ = [
    "NAME_META_KEY",
    "CheckKind",
    "ColumnCheck",
    "JsonScalar",
    "SuiteDeclarationError",
    "SuiteLoadError",
    "build_suite",
    "check_name",
    "load_suite",
    "must_be_between",
    "must_be_in_set",
    "must_be_true",
    "must_be_unique",
    "must_equal_column",
    "must_match_regex",
    "must_not_be_null",
    "save_suite",
]

JsonScalar: TypeAlias = str | int | float | bool | None

_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*")
NAME_META_KEY = "name"
"""The key of an expectation's ``meta`` that holds its check name."""


class SuiteDeclarationError(ValueError):
    """A check or suite declaration is malformed; raised where it is built."""


class SuiteLoadError(RuntimeError):
    """A suite JSON file could not be loaded whole."""


class CheckKind(StrEnum):
    """What a check asserts; each kind is one built-in GX expectation class."""

    IN_SET = "in_set"
    NOT_NULL = "not_null"
    UNIQUE = "unique"
    BETWEEN = "between"
    MATCH_REGEX = "match_regex"
    EQUAL_COLUMN = "equal_column"


@dataclass(frozen=True)
class _KindSpec:
    expectation: type[gxa.Expectation]
    required: frozenset[str]
    optional: frozenset[str] = frozenset()
    column_arg: str = "column"


# The registry: which GX class each kind builds, and which GX keyword arguments it takes.
_KINDS: Mapping[CheckKind, _KindSpec] = {
    CheckKind.IN_SET: _KindSpec(gxa.ExpectColumnValuesToBeInSet, frozenset({"value_set"})),
    CheckKind.NOT_NULL: _KindSpec(gxa.ExpectColumnValuesToNotBeNull, frozenset()),
    CheckKind.UNIQUE: _KindSpec(gxa.ExpectColumnValuesToBeUnique, frozenset()),
    CheckKind.BETWEEN: _KindSpec(
        gxa.ExpectColumnValuesToBeBetween,
        frozenset(),
        frozenset({"min_value", "max_value", "strict_min", "strict_max"}),
    ),
    CheckKind.MATCH_REGEX: _KindSpec(gxa.ExpectColumnValuesToMatchRegex, frozenset({"regex"})),
    CheckKind.EQUAL_COLUMN: _KindSpec(
        gxa.ExpectColumnPairValuesToBeEqual, frozenset({"column_B"}), column_arg="column_A"
    ),
}


@dataclass(frozen=True)
class ColumnCheck:
    """One named assertion about one column of a table (two for ``EQUAL_COLUMN``).

    ``params`` holds the GX keyword arguments of the kind (``value_set``, ``min_value``,
    ``column_B``...). Prefer the ``must_*`` factories, which name them for you.
    """

    name: str
    kind: CheckKind
    column: str
    description: str
    notes: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    allow_null: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", dict(self.params))  # a private copy: frozen means frozen
        problems = _check_problems(self)
        if problems:
            listing = "; ".join(problems)
            raise SuiteDeclarationError(f"check {self.name!r}: {listing}")

    @property
    def columns(self) -> tuple[str, ...]:
        """Return every column the check reads, in declaration order."""
        other = self.params.get("column_B")
        return (self.column,) if other is None else (self.column, str(other))

    def to_expectation(self) -> gxa.Expectation:
        """Build the built-in GX expectation, every argument explicit."""
        spec = _KINDS[self.kind]
        kwargs: dict[str, Any] = {spec.column_arg: self.column, **self.params}
        return spec.expectation(
            **kwargs,
            description=self.description,
            notes=self.notes or None,
            meta={NAME_META_KEY: self.name},
        )


def _check_problems(check: ColumnCheck) -> list[str]:
    problems: list[str] = []
    if not _NAME.fullmatch(check.name):
        problems.append(f"name must match {_NAME.pattern!r}")
    if not check.column:
        problems.append("column must not be empty")
    problems.extend(_description_problems(check.description))
    if check.kind not in _KINDS:
        problems.append(f"unknown kind {check.kind!r}; use one of {sorted(_KINDS)}")
        return problems
    spec = _KINDS[check.kind]
    given = set(check.params)
    missing = sorted(spec.required - given)
    unknown = sorted(given - spec.required - spec.optional)
    if missing:
        problems.append(f"{check.kind} needs params {missing}")
    if unknown:
        allowed = sorted(spec.required | spec.optional)
        problems.append(f"{check.kind} takes no params {unknown} (allowed: {allowed})")
    if check.kind is CheckKind.NOT_NULL and check.allow_null:
        problems.append("a not_null check cannot allow nulls")
    return problems


def _description_problems(description: str) -> list[str]:
    """Return why a description cannot be shown verbatim by GX's HTML string template."""
    if not description.strip():
        return ["description must not be empty"]
    problems: list[str] = []
    if description != description.strip() or "\n" in description:
        problems.append("description must be one line without surrounding spaces")
    if "<" in description or ">" in description:
        problems.append("description must not contain '<' or '>' (GX inserts it as raw HTML)")
    return problems


def check_name(expectation: gxa.Expectation) -> str:
    """Return the check name stored in an expectation's meta, or a readable fallback."""
    meta = expectation.meta or {}
    name = meta.get(NAME_META_KEY)
    if isinstance(name, str) and name:
        return name
    column = getattr(expectation, "column", None) or getattr(expectation, "column_A", None)
    suffix = f".{column}" if column else ""
    return f"{expectation.expectation_type}{suffix}"


def must_be_true(name: str, column: str, description: str, *, notes: str = "") -> ColumnCheck:
    """Declare that every value of a boolean column is True (and none is missing)."""
    return must_be_in_set(name, column, [True], description, notes=notes)


def must_be_in_set(
    name: str,
    column: str,
    values: Sequence[JsonScalar],
    description: str,
    *,
    notes: str = "",
    allow_null: bool = False,
) -> ColumnCheck:
    """Declare that every value of ``column`` is one of ``values``."""
    return ColumnCheck(
        name,
        CheckKind.IN_SET,
        column,
        description,
        notes,
        {"value_set": list(values)},
        allow_null,
    )


def must_not_be_null(name: str, column: str, description: str, *, notes: str = "") -> ColumnCheck:
    """Declare that ``column`` has a value in every row."""
    return ColumnCheck(name, CheckKind.NOT_NULL, column, description, notes)


def must_be_unique(
    name: str, column: str, description: str, *, notes: str = "", allow_null: bool = False
) -> ColumnCheck:
    """Declare that no two rows share a value of ``column``."""
    return ColumnCheck(name, CheckKind.UNIQUE, column, description, notes, {}, allow_null)


def must_be_between(
    name: str,
    column: str,
    description: str,
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    notes: str = "",
    allow_null: bool = False,
) -> ColumnCheck:
    """Declare that every value of ``column`` lies in [min_value, max_value] (either end open)."""
    if min_value is None and max_value is None:
        raise SuiteDeclarationError(f"check {name!r}: give min_value, max_value or both")
    params = {
        key: value
        for key, value in (("min_value", min_value), ("max_value", max_value))
        if value is not None
    }
    return ColumnCheck(name, CheckKind.BETWEEN, column, description, notes, params, allow_null)


def must_match_regex(
    name: str, column: str, regex: str, description: str, *, notes: str = ""
) -> ColumnCheck:
    """Declare that every value of ``column`` matches ``regex`` (re.search semantics)."""
    return ColumnCheck(name, CheckKind.MATCH_REGEX, column, description, notes, {"regex": regex})


def must_equal_column(
    name: str, column: str, other_column: str, description: str, *, notes: str = ""
) -> ColumnCheck:
    """Declare that ``column`` equals ``other_column`` row by row (e.g. verdict vs reviewed)."""
    return ColumnCheck(
        name, CheckKind.EQUAL_COLUMN, column, description, notes, {"column_B": other_column}
    )


def build_suite(
    name: str, checks: Sequence[ColumnCheck], *, notes: str = ""
) -> gxa.ExpectationSuite:
    """Build a GX suite from checks, adding the not-null companions GX map expectations need.

    Raises SuiteDeclarationError listing every problem: a bad suite name, no checks, or
    repeated check names.
    """
    problems: list[str] = []
    if not _NAME.fullmatch(name):
        problems.append(f"suite name must match {_NAME.pattern!r}")
    all_checks = [*checks, *_not_null_companions(checks)]
    if not checks:
        problems.append("a suite needs at least one check (an empty suite passes anything)")
    repeated = sorted(n for n, count in Counter(c.name for c in all_checks).items() if count > 1)
    if repeated:
        problems.append(f"check names are repeated: {repeated}")
    if problems:
        raise SuiteDeclarationError(f"suite {name!r}: " + "; ".join(problems))
    return gxa.ExpectationSuite(
        name=name,
        expectations=[check.to_expectation() for check in all_checks],
        notes=notes or None,
    )


def _not_null_companions(checks: Sequence[ColumnCheck]) -> list[ColumnCheck]:
    declared = {c.column for c in checks if c.kind is CheckKind.NOT_NULL}
    needed: dict[str, None] = {}
    for check in checks:
        if check.allow_null or check.kind is CheckKind.NOT_NULL:
            continue
        for column in check.columns:
            if column not in declared:
                needed[column] = None
    return [
        must_not_be_null(
            f"not_null.{column}",
            column,
            f"Every row has a value in column {column}.",
            notes="Added because GX skips missing values in per-row checks: without it a "
            "missing value would pass them.",
        )
        for column in needed
    ]


def save_suite(context: FileDataContext, suite: gxa.ExpectationSuite) -> gxa.ExpectationSuite:
    """Write a suite to the expectations store (``expectations/<name>.json``) and return it.

    An expectation equal to one already stored keeps its stored id, so re-saving an
    unchanged suite leaves the JSON byte-identical. GX's add_or_update promises this but,
    in 1.24, compares expectations including their ids, so a freshly built expectation
    (id None) never matches and every save would mint new ids.
    """
    if (expectations_dir(context) / f"{suite.name}.json").is_file():
        stored = {_identity(e): e.id for e in load_suite(context, suite.name).expectations}
        for expectation in suite.expectations:
            if expectation.id is None:
                expectation.id = stored.get(_identity(expectation))
    saved: gxa.ExpectationSuite = context.suites.add_or_update(suite)
    return saved


def _identity(expectation: gxa.Expectation) -> str:
    """Return an expectation's serialized form without its id, for matching across saves."""
    config = expectation.configuration.to_json_dict()
    config.pop("id", None)
    return json.dumps(config, sort_keys=True, default=str)


def load_suite(context: FileDataContext, name: str) -> gxa.ExpectationSuite:
    """Load a suite by name, failing if GX dropped any of the expectations in its JSON.

    GX's ExpectationSuite constructor logs and skips an expectation it cannot build (an
    unknown type, a bad argument); a suite that silently lost a check would pass what it
    should fail, so the JSON is read too and the two are compared.
    """
    path = expectations_dir(context) / f"{name}.json"
    if not path.is_file():
        known = sorted(p.stem for p in path.parent.glob("*.json"))
        raise SuiteLoadError(f"{path}: no such suite; known suites: {known}")
    try:
        raw_types = Counter(
            str(e.get("type")) for e in json.loads(path.read_text())["expectations"]
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise SuiteLoadError(f"{path}: not a GX suite JSON file ({error})") from error
    suite: gxa.ExpectationSuite = context.suites.get(name)
    lost = raw_types - Counter(e.expectation_type for e in suite.expectations)
    if lost:
        raise SuiteLoadError(
            f"{path}: GX could not build {sum(lost.values())} of {sum(raw_types.values())} "
            f"expectations (types {sorted(lost)}); fix their arguments, or import the module "
            "that defines a custom type before loading"
        )
    return suite
