"""Fuzz the structured inputs: JSON files and operand expressions never reach the bug path.

The CLI turns any exception other than DataError into "could not be checked: ... This is a
bug" (exit 2). That path must stay for true bugs only, so hypothesis feeds the loaders
random structures and requires a result or a DataError (a named problem), nothing else:

- case.json and provenance.json: random JSON values (nested lists and objects, huge and
  negative integers, floats, strings with control characters), written as text with
  duplicate keys, deep nesting, NaN/Infinity and 1e999 spliced in, or random bytes;
- expectations/*.json: the same random texts, read by the gate's freshness check;
- claims.csv operands: sums and products of hundreds of ids and parentheses nested far
  past the limits, and random text.

Each of these once ended in RecursionError, TypeError, AttributeError or ValueError.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.inputs.json_files import JsonProblem, loads_strict
from checks.pipeline import run_case
from checks.problems import DataError

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "tests" / "data" / "cases"
CASE = "demo-cloud-results"
SLOW = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**29, max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["2025-09", "2999-01", "0001", "١٢٣٤", "2025-13", "half_even", "x\x00y"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["as_of", "hedge_policy", "name", "about_rel", "urls", "sha256", "x"]),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


@st.composite
def json_texts(draw: st.DrawFn) -> bytes:
    """A JSON text: valid, or spliced with what Python's json accepts or chokes on."""
    text = json.dumps(draw(json_values))
    splice = draw(
        st.sampled_from(
            [
                "",
                '{"as_of": "2025-09", "as_of": "2031-01"}',
                "[" * 40 + "]" * 40,
                "1" + "0" * 40,
                "NaN",
                "-Infinity",
                "1e999",
                '{"a": {"a": {"a": ',
            ]
        )
    )
    if splice:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + splice + text[at:]
    if draw(st.booleans()):
        return text.encode("utf-8")
    return draw(st.one_of(st.just(text.encode("utf-8")), st.binary(max_size=200)))


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def fresh(workdir: Path) -> Path:
    datasets = workdir / "datasets"
    shutil.rmtree(datasets, ignore_errors=True)
    shutil.copytree(DEMO, datasets)
    return datasets


@SLOW
@given(name=st.sampled_from(["case.json", "provenance.json"]), data=json_texts())
def test_case_json_files_give_a_result_or_a_data_error(
    workdir: Path, name: str, data: bytes
) -> None:
    datasets = fresh(workdir)
    (datasets / CASE / name).write_bytes(data)
    try:
        run_case(datasets, CASE)
    except DataError as exc:
        assert exc.problems


@given(data=json_texts())
def test_loads_strict_gives_a_value_or_a_json_problem(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        loads_strict(text)
    except JsonProblem as exc:
        assert exc.message


@st.composite
def long_expressions(draw: st.DrawFn) -> str:
    """Up to 400 terms joined by + - * /, inside up to 900 parentheses (some unclosed)."""
    ids = ["xl_pubcloud_h1", "xl_rev_h1", "1", "0", "?"]
    n = draw(st.integers(1, 400))
    ops = draw(st.lists(st.sampled_from("+-*/"), min_size=n - 1, max_size=n - 1))
    terms = draw(st.lists(st.sampled_from(ids), min_size=n, max_size=n))
    body = terms[0] + "".join(o + t for o, t in zip(ops, terms[1:], strict=True))
    depth = draw(st.integers(0, 900))
    return "(" * depth + body + ")" * draw(st.sampled_from([depth, max(depth - 1, 0)]))


operand_texts = st.one_of(long_expressions(), st.text(max_size=80))


@SLOW
@given(part=operand_texts)
def test_deep_and_long_operands_give_a_result_or_a_data_error(workdir: Path, part: str) -> None:
    datasets = fresh(workdir)
    path = datasets / CASE / "claims.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[2].split(",")
    assert cells[0] == "pubcloud_share_h1"
    cells[3] = '"' + f"part={part};whole=xl_rev_h1".replace('"', '""') + '"'
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        result = run_case(datasets, CASE)
    except DataError:
        return
    assert result.problems or not result.evaluation.empty


class GxEnv:
    """A GX context over a copy of the suites, and the demo case's run (short repr: hypothesis
    prints a failing example's arguments, and the run's own repr is tens of kilobytes)."""

    def __init__(self, context: Any, results: list[Any], path: Path) -> None:
        self.context, self.results, self.path = context, results, path

    def __repr__(self) -> str:
        return f"GxEnv({self.path})"


@pytest.fixture(scope="module")
def gx_root(workdir: Path) -> Iterator[GxEnv]:
    from checks.gx.context import open_context

    root = workdir / "root"
    shutil.copytree(REPO / "gx", root / "gx")
    shutil.copytree(REPO / "expectations", root / "expectations")
    results = [run_case(fresh(workdir), CASE).result]
    yield GxEnv(
        open_context(root, workdir / "stage"), results, root / "expectations" / "claims.json"
    )


@SLOW
@given(data=json_texts())
def test_suite_files_give_problems_not_errors(gx_root: GxEnv, data: bytes) -> None:
    from checks.gx.suite_files import stale_suites

    gx_root.path.write_bytes(data)
    problems = stale_suites(gx_root.context, gx_root.results)
    assert any(p.file == "expectations/claims.json" for p in problems)
