"""Validate results documents against the JSON Schema the package ships.

`assert_valid` checks one document in memory; `results_files` finds every results folder
the tests wrote (a results.json with a junit.xml beside it: what `write_results` writes),
so conftest can validate all of them once the session ends.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from checks.model import schema


@cache
def _validator(which: str | None) -> jsonschema.Draft202012Validator:
    data = schema(which)
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data)


def errors(document: Mapping[str, Any]) -> list[str]:
    """List what is wrong with a document, one line per error (empty when valid).

    The document's own schema (results.json has `cases`, a case file `case`) names the
    field at fault; the schema's root, which accepts either, must agree.
    """
    which = "results" if "cases" in document else "case"
    got = [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]}"
        for e in _validator(which).iter_errors(document)
    ]
    assert bool(got) != _validator(None).is_valid(document), "the root schema disagrees"
    return got


def assert_valid(document: Mapping[str, Any]) -> None:
    """Fail with every schema error of a results.json or cases/<case>.json document."""
    got = errors(document)
    assert not got, "\n".join(got[:20])


BROKEN_ON_PURPOSE = "BROKEN_ON_PURPOSE"  # a file marking a results folder a test broke


def results_files(root: Path) -> Iterator[Path]:
    """Yield every results.json under `root` that write_results wrote, and its case files.

    A folder holding a `BROKEN_ON_PURPOSE` file is skipped: a test edited it to check that
    a reader refuses it.
    """
    for path in sorted(root.rglob("results.json")):
        if (path.parent / "junit.xml").is_file() and not (path.parent / BROKEN_ON_PURPOSE).exists():
            yield path
            yield from sorted((path.parent / "cases").glob("*.json"))


def load(path: Path) -> Any:
    """Parse a results file, refusing NaN and Infinity (which JSON lacks)."""

    def refuse(name: str) -> Any:
        raise ValueError(f"{path} holds {name}, which is not JSON")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def load_case(results: Path, case: str) -> Any:
    """Load one case's full document from a results folder, through its row in results.json.

    Fails if results.json has no row for the case, or the row names another file than
    `cases/<case>.json`.
    """
    rows = {row["case"]: row for row in load(results / "results.json")["cases"]}
    assert case in rows, f"results.json has no row for {case!r}; it has {sorted(rows)}"
    assert rows[case]["document"] == f"cases/{case}.json", rows[case]
    return load(results / rows[case]["document"])


def edited(document: dict[str, Any], path: Sequence[Any], value: Any) -> dict[str, Any]:
    """Return a deep copy of `document` with the value at `path` (keys and indexes) replaced."""
    out = copy.deepcopy(document)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out
