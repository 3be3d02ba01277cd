"""Pin down the strict CSV and text reader: every structural problem, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.inputs.csv_tables import Row, Table, display_path, read_csv_table, read_text
from checks.problems import DataError, Problem

FIX = "create it (see datasets/FORMAT.md)"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in tmp_path, so that problems name files relative to it (t.csv)."""
    monkeypatch.chdir(tmp_path)


def write(name: str, text: str) -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def read(path: Path, **kwargs: object) -> Table:
    return read_csv_table(path, required=("a", "b"), optional=("note",), **kwargs)  # type: ignore[arg-type]


def problems_of(exc: pytest.ExceptionInfo[DataError]) -> list[Problem]:
    return exc.value.problems


# --- read_text --------------------------------------------------------------------------


def test_read_text_passes_utf8() -> None:
    write("s.txt", "营收12.5亿元\n")
    assert read_text(Path("s.txt")) == "营收12.5亿元\n"


def test_read_text_missing_file() -> None:
    with pytest.raises(DataError) as exc:
        read_text(Path("nope.txt"))
    assert problems_of(exc) == [
        Problem("nope.txt", None, None, "missing-file", f"does not exist; {FIX}")
    ]
    assert str(exc.value) == f"nope.txt: does not exist; {FIX}"


def test_read_text_directory() -> None:
    Path("adir").mkdir()
    with pytest.raises(DataError) as exc:
        read_text(Path("adir"))
    assert problems_of(exc) == [
        Problem("adir", None, None, "missing-file", f"is a directory, not a file; {FIX}")
    ]


def test_read_text_refuses_gbk_naming_the_byte() -> None:
    Path("g.txt").write_bytes("a,b\n金额,1\n".encode("gbk"))  # 金 is BD F0 in GBK
    with pytest.raises(DataError) as exc:
        read_text(Path("g.txt"))
    assert problems_of(exc) == [
        Problem(
            "g.txt",
            2,
            None,
            "not-utf8",
            "byte 4 (b'\\xbd') is not valid UTF-8; the file may be in GBK or another legacy "
            "encoding: re-save it as UTF-8",
        )
    ]


def test_read_text_drops_a_utf8_bom() -> None:
    Path("bom.txt").write_bytes("\ufeff营收".encode())
    assert read_text(Path("bom.txt")) == "营收"


def test_display_path_relative_below_cwd_else_as_given(tmp_path: Path) -> None:
    assert display_path(tmp_path / "sub" / "t.csv") == "sub/t.csv"
    assert display_path(Path("/elsewhere/t.csv")) == "/elsewhere/t.csv"


def test_display_path_resolves_the_folder_never_the_file(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "away").symlink_to("/")
    (tmp_path / "f.csv").symlink_to("/etc/hostname")
    assert display_path(tmp_path / "link" / "t.csv") == "real/t.csv"
    assert display_path(Path("link/t.csv")) == "real/t.csv"
    assert display_path(Path("sub/../t.csv")) == "t.csv"
    assert display_path(tmp_path / "f.csv") == "f.csv"  # a linked file is shown where it is
    assert display_path(Path("away/t.csv")) == "away/t.csv"  # resolves outside: as given
    assert display_path(Path("link")) == "link"
    assert display_path(Path()) == "."


# --- read_csv_table: files ----------------------------------------------------------------


def test_reads_rows_with_lines_and_stripped_cells() -> None:
    table = read(write("t.csv", "a,b,note\n1, 2 ,x\n3,4,\n"))
    assert table.file == "t.csv"
    assert table.columns == ["a", "b", "note"]
    assert table.rows == [
        Row(2, {"a": "1", "b": "2", "note": "x"}),
        Row(3, {"a": "3", "b": "4", "note": ""}),
    ]
    assert table.problems == []
    assert len(table) == 2
    assert [r["a"] for r in table] == ["1", "3"]


def test_optional_column_may_be_absent_and_reads_empty() -> None:
    table = read(write("t.csv", "b,a\n2,1\n"))
    assert table.columns == ["b", "a"]
    assert table.rows[0]["note"] == ""
    assert table.rows[0]["a"] == "1"


def test_missing_file() -> None:
    with pytest.raises(DataError) as exc:
        read(Path("t.csv"))
    assert problems_of(exc) == [
        Problem("t.csv", None, None, "missing-file", f"does not exist; {FIX}")
    ]


def test_directory_instead_of_file() -> None:
    Path("t.csv").mkdir()
    with pytest.raises(DataError) as exc:
        read(Path("t.csv"))
    assert problems_of(exc) == [
        Problem("t.csv", None, None, "missing-file", f"is a directory, not a file; {FIX}")
    ]


def test_empty_file() -> None:
    with pytest.raises(DataError) as exc:
        read(write("t.csv", ""))
    assert problems_of(exc) == [
        Problem("t.csv", None, None, "empty-file", "is empty; it needs a header row: a, b")
    ]


def test_header_only_is_an_error() -> None:
    with pytest.raises(DataError) as exc:
        read(write("t.csv", "a,b\n"))
    assert problems_of(exc) == [
        Problem(
            "t.csv",
            None,
            None,
            "no-rows",
            "has a header but no data rows; an empty dataset is an error, not a pass",
        )
    ]


def test_header_only_passes_when_empty_is_allowed() -> None:
    table = read(write("t.csv", "a,b\n\n"), allow_empty=True)
    assert table.rows == []
    assert table.problems == []


def test_missing_required_column() -> None:
    with pytest.raises(DataError) as exc:
        read(write("t.csv", "a,note\n1,x\n"))
    assert problems_of(exc) == [
        Problem("t.csv", 1, "b", "missing-column", "required column 'b' is missing from the header")
    ]


def test_unknown_extra_column() -> None:
    with pytest.raises(DataError) as exc:
        read(write("t.csv", "a,b,c\n1,2,3\n"))
    assert problems_of(exc) == [
        Problem(
            "t.csv", 1, "c", "unknown-column", "unknown column 'c'; the columns are: a, b, note"
        )
    ]


def test_duplicate_header() -> None:
    with pytest.raises(DataError) as exc:
        read(write("t.csv", "a,b,a\n1,2,3\n"))
    assert problems_of(exc) == [
        Problem("t.csv", 1, "a", "duplicate-column", "column 'a' appears twice in the header")
    ]


def test_every_header_problem_is_reported_at_once() -> None:
    with pytest.raises(DataError) as exc:
        read(write("t.csv", "a,x,a\n1,2,3\n"))
    assert [(p.column, p.code) for p in problems_of(exc)] == [
        ("a", "duplicate-column"),
        ("b", "missing-column"),
        ("x", "unknown-column"),
    ]


def test_header_cells_are_stripped() -> None:
    assert read(write("t.csv", " a , b \n1,2\n")).columns == ["a", "b"]


def test_wrong_cell_count_is_collected_and_other_rows_still_read() -> None:
    table = read(write("t.csv", "a,b\n1,2\n3\n4,5,6,7\n8,9\n"))
    assert [r.line for r in table.rows] == [2, 5]
    assert table.problems == [
        Problem(
            "t.csv",
            3,
            None,
            "cell-count",
            "has 1 cells but the header has 2; quote cells that contain commas",
        ),
        Problem(
            "t.csv",
            4,
            None,
            "cell-count",
            "has 4 cells but the header has 2; quote cells that contain commas",
        ),
    ]


def test_only_bad_rows_is_not_reported_as_empty() -> None:
    table = read(write("t.csv", "a,b\n1\n"))
    assert table.rows == []
    assert [p.code for p in table.problems] == ["cell-count"]


def test_blank_lines_are_skipped_but_counted() -> None:
    table = read(write("t.csv", "a,b\n\n1,2\n , \n3,4\n"))
    assert [(r.line, r["a"]) for r in table.rows] == [(3, "1"), (5, "3")]


def test_gbk_csv_is_refused() -> None:
    Path("t.csv").write_bytes("a,b\n1,2\n金额,1\n".encode("gbk"))
    with pytest.raises(DataError) as exc:
        read(Path("t.csv"))
    assert [(p.line, p.code) for p in problems_of(exc)] == [(3, "not-utf8")]
    assert problems_of(exc)[0].message.startswith("byte 8 (b'\\xbd') is not valid UTF-8;")


def test_utf8_bom_is_accepted() -> None:
    Path("t.csv").write_bytes("\ufeffa,b\n1,2\n".encode())
    table = read(Path("t.csv"))
    assert table.columns == ["a", "b"]
    assert table.rows == [Row(2, {"a": "1", "b": "2"})]


def test_crlf_line_ends_are_accepted() -> None:
    table = read(write("t.csv", "a,b\r\n1,2\r\n3,4\r\n"))
    assert table.rows == [Row(2, {"a": "1", "b": "2"}), Row(3, {"a": "3", "b": "4"})]


def test_quoted_commas_and_newlines_keep_physical_lines() -> None:
    text = 'a,b\n"x, y",1\n"two\nlines",2\n3,4\n5\n'
    table = read(write("t.csv", text))
    assert table.rows == [
        Row(2, {"a": "x, y", "b": "1"}),
        Row(3, {"a": "two\nlines", "b": "2"}),  # the line the row starts on
        Row(5, {"a": "3", "b": "4"}),
    ]
    assert [(p.line, p.code) for p in table.problems] == [(6, "cell-count")]


def test_quoted_newlines_with_crlf_keep_physical_lines() -> None:
    table = read(write("t.csv", 'a,b\r\n"two\r\nlines",1\r\n3,4\r\n'))
    assert [(r.line, r["a"]) for r in table.rows] == [(2, "two\r\nlines"), (4, "3")]


def test_unclosed_quote_points_at_where_the_row_starts() -> None:
    table = read(write("t.csv", 'a,b\n1,2\n"unclosed,3\n4,5\n'))
    assert [r.line for r in table.rows] == [2]
    assert table.problems == [
        Problem(
            "t.csv",
            3,
            None,
            "cell-count",
            "has 1 cells but the header has 2; quote cells that contain commas "
            "(the row runs on to line 4: is a double quote left unclosed?)",
        )
    ]


def test_malformed_csv_is_a_problem_with_its_line() -> None:
    write("t.csv", 'a,b\n1,2\n"' + "x" * 131_073 + '",1\n')
    with pytest.raises(DataError) as exc:
        read(Path("t.csv"))
    assert problems_of(exc) == [
        Problem(
            "t.csv",
            3,
            None,
            "bad-csv",
            "is not valid CSV: field larger than field limit (131072)",
        )
    ]


def test_row_reads_absent_column_as_empty() -> None:
    assert Row(2, {"a": "1"})["zzz"] == ""


def test_the_row_cap_is_set_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CLAIMCHECK_MAX_ROWS sets the per-file cap (worker processes inherit it); a bad value
    is a configuration error naming the variable."""
    from checks.inputs.csv_tables import MAX_ROWS, MAX_ROWS_VARIABLE, max_rows

    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,1\n2,2\n3,3\n", encoding="utf-8")
    assert max_rows() == MAX_ROWS
    monkeypatch.setenv(MAX_ROWS_VARIABLE, "3")
    assert len(read_csv_table(path, required=("a", "b"))) == 3
    monkeypatch.setenv(MAX_ROWS_VARIABLE, "2")
    with pytest.raises(DataError) as caught:
        read_csv_table(path, required=("a", "b"))
    [problem] = caught.value.problems
    assert (problem.line, problem.code) == (4, "too-many-rows")
    assert MAX_ROWS_VARIABLE in problem.message
    monkeypatch.setenv(MAX_ROWS_VARIABLE, "lots")
    with pytest.raises(DataError) as caught:
        max_rows()
    assert caught.value.problems[0].file == MAX_ROWS_VARIABLE
