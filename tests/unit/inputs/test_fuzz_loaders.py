"""Fuzz the loaders: whatever a user's CSV files hold, the result is a verdict or a Problem.

Hypothesis writes facts.csv, reference.csv, excluded.csv and claims.csv into a copy of the
demo case: rows mutated cell by cell from the valid ones (numbers at the edges of what
floats hold, hedge words, expressions over the case's fact ids, markup), headers with a
column dropped, doubled or added, rows with the wrong number of cells, stray quotes and
line breaks, random Unicode text, and random bytes. `run_case` must return (its problems
listing what is wrong) or raise DataError, and nothing else; a case it accepts must also
render its report and CSV export. `read_csv_table` gets random bytes on its own.

Profiles come from tests/conftest.py (HYPOTHESIS_PROFILE=ci: derandomized, 300 examples).
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st
from schemakit import assert_valid

from checks.claims.verdicts import Verdict
from checks.inputs.case import FACT_COLUMNS
from checks.inputs.csv_tables import Table, read_csv_table
from checks.model import case_document, case_from_document, results_document
from checks.output.report import case_page
from checks.output.results import claims_csv
from checks.pipeline import CaseRun, run_case
from checks.problems import DataError, Problem

REPO = Path(__file__).resolve().parents[3]
DEMO = REPO / "tests" / "data" / "cases"
CASE = "demo-cloud-results"
FILES = ("facts.csv", "reference.csv", "excluded.csv", "claims.csv")


#: Crashes this fuzzer found that are not fixed yet (none now: a reference value past 10^21
#: or with more than 28 significant digits is refused by value_valid). The fuzz tests set
#: such inputs aside; test_known_crashes_become_problems shows the two it found are problems.
KNOWN_BUGS: tuple[tuple[type[BaseException], str], ...] = ()


def known_bug(exc: BaseException) -> bool:
    return any(isinstance(exc, kind) and text in str(exc) for kind, text in KNOWN_BUGS)


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DEMO / CASE / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


BASE = {name: _read(name) for name in FILES}
FACT_IDS = sorted({r["fact_id"] for name in ("facts.csv", "reference.csv") for r in BASE[name][1]})
KNOWN_CELLS = sorted({v for _, rows in BASE.values() for row in rows for v in row.values()})
SPECIAL_CELLS = [
    *("", " ", "NaN", "nan", "sNaN", "inf", "-Infinity", "1e309", "-1e309", "1e-400", "-0"),
    *("0", "0.0", "00", "1_000", "1,000", "１２", "٣", "9" * 400, "-999", "999", "-99"),
    *("12.5亿元", "约4亿元", "超1.5倍", "4–5亿元", "近十年", "翻倍", "不足10%", "-3.2个百分点"),
    *("none", "about", "more_than", "nearly", "under", "at_least", "doubled", "roughly"),
    *("CNY", "HKD", "pct", "pp", "ratio", "shares", "years", "year", "count", "RMB"),
    *("holds", "fails", "unverifiable", "share", "growth", "pp_change", "multiple"),
    *("ordering", "within", "total", "trend", "cagr", "product", "elapsed_years", "agrees"),
    *("relation=gt;min_ratio=0", "relation=lt", "min_ratio=1e400", "years=0", "years=-1"),
    *("direction=up;min_pp=0", "direction=sideways", "mode=in_range", "basis=signed", "x=1=2"),
    *(";", ";;", "=", "a=", "=b", "?", "part=?;whole=?", "(", ")", "1/0", "0*0", "--1"),
    *("\ufeff", "\x00", '"', '""', "\r", "\n", "\r\n", "\t", "<script>alert(1)</script>"),
    *("=HYPERLINK(1)", "https://example.com/x", "javascript:alert(1)", "filing", "media"),
]
ROLES = ("part", "whole", "new", "old", "a", "b", "value", "cap", "items", "start", "end")
ROLES += ("reference", "x")


@st.composite
def expressions(draw: st.DrawFn, depth: int = 2) -> str:
    """An operand expression over the case's fact ids, numbers and ?, sometimes broken."""
    leaf = st.one_of(
        st.sampled_from(FACT_IDS),
        st.sampled_from(["?", "0", "1", "2.5", "1e308", "-1", "x", ""]),
    )
    if depth == 0 or draw(st.booleans()):
        return draw(leaf)
    op = draw(st.sampled_from("+-*/"))
    return f"{draw(expressions(depth - 1))}{op}{draw(expressions(depth - 1))}"


@st.composite
def operands(draw: st.DrawFn) -> str:
    roles = draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=3))
    parts = []
    for role in roles:
        items = draw(st.lists(expressions(), min_size=1, max_size=3))
        parts.append(f"{role}={','.join(items)}")
    return ";".join(parts)


NUMERIC = {"value", "upper", "decimals", "scale"}
numbers = st.one_of(
    st.sampled_from(["0", "-0", "1e-300", "1e300", "1e309", "-1e309", "1e-400", "9" * 60]),
    st.sampled_from(["-999", "999", "-99", "99", "-1", "NaN", "Infinity", "0E-1000000"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(repr),
)
cells = st.one_of(
    st.sampled_from(KNOWN_CELLS),
    st.sampled_from(SPECIAL_CELLS),
    st.sampled_from(FACT_IDS),
    operands(),
    st.text(max_size=20),
    st.text(alphabet=',"\r\n\x00 .-%e1234567890亿元约超倍', max_size=20),
)


@st.composite
def table_text(draw: st.DrawFn, name: str) -> bytes:
    """One CSV file: mutated valid rows (mostly), raw Unicode text, or random bytes."""
    kind = draw(st.sampled_from(["cells"] * 5 + ["rows"] * 3 + ["text", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=400))
    columns, rows = BASE[name]
    columns = list(columns)
    if kind == "text":
        return (",".join(columns) + "\n" + draw(st.text(max_size=400))).encode("utf-8")
    if kind == "cells":  # the structure intact, one to three cells changed: the deep checks
        rows = [dict(r) for r in rows]
        for _ in range(draw(st.integers(1, 3))):
            row = draw(st.sampled_from(rows))
            column = draw(st.sampled_from(columns))
            row[column] = draw(numbers if column in NUMERIC else cells)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(
            [columns, *[[r[c] for c in columns] for r in rows]]
        )
        return buf.getvalue().encode("utf-8")
    rows = [dict(r) for r in draw(st.lists(st.sampled_from(rows), max_size=len(rows) + 2))]
    change = draw(st.sampled_from(["none"] * 5 + ["drop", "add", "double", "shuffle"]))
    if change == "drop" and columns:
        columns.remove(draw(st.sampled_from(columns)))
    elif change == "add":
        columns.append(draw(st.sampled_from(["currency", "note", ""])))
    elif change == "double" and columns:
        columns.append(draw(st.sampled_from(columns)))
    elif change == "shuffle":
        columns = draw(st.permutations(columns))
    for _ in range(draw(st.integers(0, 4))):
        if rows:
            row = draw(st.sampled_from(rows))
            row[draw(st.sampled_from(columns or ["x"]))] = draw(cells)
    lines = [[row.get(c, "") for c in columns] for row in rows]
    for _ in range(draw(st.integers(0, 1))):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.lists(cells, max_size=16)))
    buf = io.StringIO()
    terminator = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    writer = csv.writer(buf, lineterminator=terminator, quoting=draw(st.sampled_from([0, 1])))
    writer.writerow(columns)
    writer.writerows(lines)
    text = buf.getvalue()
    if draw(st.booleans()) and text:  # a stray quote or cut somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', "", "\n", ","])) + text[at:]
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-8-sig", "gbk", "utf-16"]))
    return text.encode(encoding, errors="replace")


@st.composite
def case_files(draw: st.DrawFn) -> dict[str, bytes | None]:
    """Replace one to four of the case's CSV files; claims.csv may also be left out."""
    chosen = draw(st.sets(st.sampled_from(FILES), min_size=1, max_size=2))
    files: dict[str, bytes | None] = {}
    for name in FILES:
        files[name] = draw(table_text(name)) if name in chosen else None
    if draw(st.integers(0, 9)) == 0:
        files["claims.csv"] = b""  # marker: delete it
    return files


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fuzz-loaders-") as tmp:
        yield Path(tmp)


def render_everything(run: CaseRun) -> None:
    """Render every output of an evaluated case; its documents fit the schema and read back."""
    result = run.result
    assert {o.verdict for c in result.claims for o in c.outcomes.values()} <= set(Verdict)
    assert_valid(results_document([result]))
    document = case_document(result)
    assert_valid(document)
    assert case_from_document(document) == result
    claims_csv([result])
    case_page(result, run.case.source)


def check_problems(problems: list[Problem]) -> None:
    for p in problems:
        assert isinstance(p, Problem)
        assert p.file and p.code and p.message
        assert p.line is None or p.line >= 1
        str(p)  # renders


def write(datasets: Path, files: dict[str, bytes | None]) -> None:
    if datasets.exists():
        shutil.rmtree(datasets)
    shutil.copytree(DEMO, datasets)
    for name, data in files.items():
        path = datasets / CASE / name
        if data == b"" and name == "claims.csv":
            path.unlink()
        elif data is not None:
            path.write_bytes(data)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=case_files())
def test_run_case_gives_a_result_or_a_data_error(
    workdir: Path, files: dict[str, bytes | None]
) -> None:
    datasets = workdir / "datasets"
    write(datasets, files)
    try:
        result: CaseRun = run_case(datasets, CASE)
    except DataError as exc:
        assert exc.problems
        check_problems(exc.problems)
        event("file-level DataError")
        return
    except Exception as exc:
        if not known_bug(exc):
            raise
        event(f"known bug: {type(exc).__name__}")
        reject()
    check_problems(result.problems)
    if result.problems:
        assert result.evaluation.empty  # a broken case is not evaluated
        event("row problems")
        return
    event("evaluated")
    render_everything(result)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=600), st.text(max_size=600).map(str.encode)))
def test_read_csv_table_gives_a_table_or_a_data_error(workdir: Path, data: bytes) -> None:
    path = workdir / "t.csv"
    path.write_bytes(b"a,b\n" + data)
    try:
        table = read_csv_table(path, required=("a", "b"), optional=("note",), allow_empty=True)
    except DataError as exc:
        check_problems(exc.problems)
        return
    assert isinstance(table, Table)
    check_problems(table.problems)
    for row in table:
        assert set(row.cells) == set(table.columns)
        assert all(isinstance(v, str) and v == v.strip() for v in row.cells.values())


def test_the_unmutated_case_is_clean(workdir: Path) -> None:
    """The fuzzer starts from a case that passes, so mutations reach the deep checks."""
    write(workdir / "clean", {})
    result = run_case(workdir / "clean", CASE)
    assert result.problems == []
    assert len(result.specs) == 7
    assert BASE["facts.csv"][0] == [*FACT_COLUMNS, "note"]


@st.composite
def extreme_reference(draw: st.DrawFn) -> dict[str, bytes | None]:
    """Filed figures and claim parameters at the edges of what a float holds: these pass
    the row checks, so they reach the interval evaluation and the report."""
    columns, rows = BASE["reference.csv"]
    rows = [dict(r) for r in rows]
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.sampled_from(rows))
        row[draw(st.sampled_from(["value", "decimals"]))] = draw(numbers)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [columns, *[[r[c] for c in columns] for r in rows]]
    )
    files: dict[str, bytes | None] = {"reference.csv": buf.getvalue().encode("utf-8")}
    if draw(st.booleans()):
        columns, claims = BASE["claims.csv"]
        claims = [dict(r) for r in claims]
        ordering = next(r for r in claims if r["kind"] == "ordering")
        big = draw(st.sampled_from(["0", "9" * 400, "0." + "0" * 400 + "1", "1e400", "2"]))
        ordering["params"] = f"relation=gt;min_ratio={big}"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(
            [columns, *[[r[c] for c in columns] for r in claims]]
        )
        files["claims.csv"] = buf.getvalue().encode("utf-8")
    return files


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=extreme_reference())
def test_extreme_figures_give_verdicts_or_problems(
    workdir: Path, files: dict[str, bytes | None]
) -> None:
    datasets = workdir / "extreme"
    write(datasets, files)
    try:
        result = run_case(datasets, CASE)
    except DataError as exc:
        check_problems(exc.problems)
        event("file-level DataError")
        return
    except Exception as exc:
        if not known_bug(exc):
            raise
        event(f"known bug: {type(exc).__name__}")
        reject()
    check_problems(result.problems)
    if result.problems:
        event("row problems")
        return
    event("evaluated")
    render_everything(result)


def _edited(name: str, key: str, column: str, value: str) -> dict[str, bytes | None]:
    columns, rows = BASE[name]
    rows = [dict(r, **({column: value} if r[columns[0]] == key else {})) for r in rows]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [columns, *[[r[c] for c in columns] for r in rows]]
    )
    return {name: buf.getvalue().encode("utf-8")}


#: Crashes this fuzzer found (fixed in checks/facts.py and checks/claims.py): each raised
#: from the interval evaluation instead of becoming a Problem with its file and line.
REGRESSIONS = [
    pytest.param(
        _edited("reference.csv", "xl_rev_h1_2025_filed", "value", "1251234567"),
        "reference.csv:2: column 'value': value '1251234567' has digits finer than decimals",
        id="reference value with digits beyond decimals=-6",
    ),
    pytest.param(
        _edited("reference.csv", "xl_rev_h1_2025_filed", "decimals", "259"),
        "reference.csv:2: column 'decimals': decimals '259' is not a whole number from -20 to 20",
        id="reference decimals=259",
    ),
    pytest.param(
        _edited(
            "claims.csv",
            "pubcloud_growth_far_above",
            "params",
            "relation=gt;min_ratio=" + "9" * 400,
        ),
        "claims.csv:4: column 'params': param min_ratio='999",
        id="min_ratio beyond a float",
    ),
]


@pytest.mark.parametrize(("files", "message"), REGRESSIONS)
def test_crashes_the_fuzzer_found_are_problems(
    workdir: Path, files: dict[str, bytes | None], message: str
) -> None:
    write(workdir / "regression", files)
    result = run_case(workdir / "regression", CASE)
    check_problems(result.problems)
    assert any(message in str(p) for p in result.problems), result.problems


@pytest.mark.parametrize("value", ["1e90", "9" * 60], ids=["1e90", "60 nines"])
def test_known_crashes_become_problems(workdir: Path, value: str) -> None:
    write(workdir / "known", _edited("reference.csv", "xl_rev_h1_2025_filed", "value", value))
    result = run_case(workdir / "known", CASE)
    assert any("reference.csv:2: column 'value'" in str(p) for p in result.problems)
