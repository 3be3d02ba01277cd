"""Read the project's CSV files strictly, reporting every structural problem with file and line."""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checks.inputs.paths import display_path
from checks.problems import DataError, Problem, ProblemCode

__all__ = [
    "CONTROL",
    "MAX_LINE_BYTES",
    "MAX_ROWS",
    "MAX_ROWS_VARIABLE",
    "Row",
    "Table",
    "control_problem",
    "display_path",
    "max_rows",
    "read_csv_table",
    "read_text",
]

MAX_ROWS = 100_000
"""The most data rows one CSV file may hold; reading stops at the first row past it.

A case is one document's figures (the first case has 61 facts; a whole annual report has
a few thousand), so a far longer file is the wrong file or a runaway export. Stopping while
streaming bounds time and memory whatever the file's size: about 0.1 s and 120 MB of rows
at the limit, where reading a 1,000,000-row file whole would take over 1 GB.
"""
MAX_ROWS_VARIABLE = "CLAIMCHECK_MAX_ROWS"
"""An environment variable that sets the row cap for one run (a whole number of rows)."""
MAX_LINE_BYTES = 1 << 20
"""The longest physical line read (1 MiB); a file with no line breaks is refused, not loaded."""

_LONE_CR = re.compile(r"(?<=\r)(?=[^\n])")  # split after a CR not followed by LF


def _refusal(
    file: str, line: int | None, column: str | None, code: ProblemCode, message: str
) -> DataError:
    """Make the DataError of the one problem that stops a read."""
    return DataError([Problem(file, line, column, code, message)])


def max_rows() -> int:
    """Return the row cap: CLAIMCHECK_MAX_ROWS when set to a whole number above 0, else MAX_ROWS.

    A per-file guard, so a corpus of many cases is never limited by it; raise it for a
    single document with more figures than the default allows. Read from the environment
    so that worker processes see the same cap as the run that started them.
    """
    raw = os.environ.get(MAX_ROWS_VARIABLE, "").strip()
    if not raw:
        return MAX_ROWS
    if not raw.isdigit() or int(raw) < 1:
        raise _refusal(
            MAX_ROWS_VARIABLE,
            None,
            None,
            ProblemCode.BAD_CONFIG,
            f"{MAX_ROWS_VARIABLE}={raw!r} is not a whole number above 0; unset it for the default {MAX_ROWS:,}",
        )
    return int(raw)


#: Characters refused in every cell and source text: C0 and C1 controls (tab, line feed and
#: carriage return excepted), DEL, and the bidirectional overrides and isolates that make
#: text display in another order than it reads (a "Trojan Source" quote).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_problem(text: str) -> str | None:
    """Describe the first control character of `text`, or None when it has none."""
    found = CONTROL.search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "") or {"\x00": "NUL"}.get(char, "a control character")
    return (
        f"holds the control character U+{ord(char):04X} ({name}) at character "
        f"{found.start() + 1}; remove it: it is invisible, and never part of a figure or a quote"
    )


@dataclass(frozen=True)
class Row:
    """One data row: its physical line in the file and its cells by column name."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Table:
    """The rows of one CSV file, plus the row-level problems met while reading it."""

    file: str
    columns: list[str]
    rows: list[Row]
    problems: list[Problem] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, turning a missing file or a wrong encoding into a DataError.

    A UTF-8 byte-order mark is accepted and dropped (spreadsheet programs write one); a file
    in another encoding (GBK is common for Chinese text) is refused with the byte offset,
    because guessing an encoding could silently change the figures.
    """
    shown = display_path(path)
    _check_is_file(path, shown)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _not_utf8(shown, line, exc.start, data[exc.start : exc.start + 1]) from None
    return text.removeprefix("\ufeff")


def _check_is_file(path: Path, shown: str) -> None:
    if path.is_symlink():
        raise _refusal(
            shown,
            None,
            None,
            ProblemCode.SYMLINK,
            "is a symbolic link; case files must be regular files inside the datasets "
            "folder (copy the file in): a link may point anywhere on the machine",
        )
    if not path.is_file():
        what = "is a directory, not a file" if path.is_dir() else "does not exist"
        raise _refusal(
            shown,
            None,
            None,
            ProblemCode.MISSING_FILE,
            f"{what}; create it (see datasets/FORMAT.md)",
        )


def _unreadable(shown: str, exc: OSError) -> DataError:
    return _refusal(
        shown, None, None, ProblemCode.UNREADABLE, f"cannot be read: {exc.strerror or exc}"
    )


def _not_utf8(shown: str, line: int, offset: int, byte: bytes) -> DataError:
    return _refusal(
        shown,
        line,
        None,
        ProblemCode.NOT_UTF8,
        f"byte {offset} ({byte!r}) is not valid UTF-8; "
        "the file may be in GBK or another legacy encoding: re-save it as UTF-8",
    )


def _lines(path: Path, shown: str, clean: list[bool]) -> Iterator[str]:
    """Yield a UTF-8 file's lines one at a time, decoded, split as open(newline="") splits them.

    Streaming keeps memory bounded by one line (at most MAX_LINE_BYTES) rather than the file.
    The checks and messages are read_text's: a BOM is dropped, a non-UTF-8 byte is named
    with its offset and line. A line never splits a UTF-8 character (LF is never part of
    one), so each line decodes alone.
    """
    _check_is_file(path, shown)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _unreadable(shown, exc) from None
    with handle:
        try:
            # a file no longer than one line may be is read and decoded whole: none of its
            # lines can be too long, so both reads accept and refuse the same files. The first
            # read asks for the file's size and a byte: asking for the cap made every read
            # allocate 1 MiB (0.03-0.1 ms a table). A file that grew since is read on to the cap.
            want = min(os.fstat(handle.fileno()).st_size + 1, MAX_LINE_BYTES + 1)
            head = handle.read(want)
            if len(head) == want:
                head += handle.read(MAX_LINE_BYTES + 1 - want)
        except OSError as exc:
            raise _unreadable(shown, exc) from None
        if len(head) <= MAX_LINE_BYTES:  # every case file
            try:
                text = head.decode("utf-8")
            except UnicodeDecodeError:
                pass  # the line-by-line read below names the byte and its line
            else:
                body = text.removeprefix("\ufeff")
                clean.append(CONTROL.search(body) is None)  # then no cell needs the search
                # newline="" splits at LF, CRLF and a lone CR, as the loop below does; a file
                # holding only a BOM is one empty line there
                yield from io.StringIO(body, newline="") if body or not text else ("",)
                return
        handle.seek(0)
        offset, line = 0, 1
        while True:
            try:
                raw = handle.readline(MAX_LINE_BYTES + 1)
            except OSError as exc:
                raise _unreadable(shown, exc) from None
            if not raw:
                return
            if len(raw) > MAX_LINE_BYTES:
                raise _refusal(
                    shown,
                    line,
                    None,
                    ProblemCode.LINE_TOO_LONG,
                    f"line is longer than {MAX_LINE_BYTES:,} bytes; a CSV row of this "
                    "project is a few hundred bytes: is this a CSV file with line breaks?",
                )
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                byte = raw[exc.start : exc.start + 1]
                raise _not_utf8(shown, line, offset + exc.start, byte) from None
            if offset == 0:
                text = text.removeprefix("\ufeff")
            yield from _LONE_CR.split(text) if "\r" in text else (text,)
            offset += len(raw)
            line += 1


def _cut(text: str, limit: int = 40) -> str:
    """Show a header cell in a message, cut short: a wrong file's first line can be anything."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}… ({len(text):,} characters)"


def read_csv_table(
    path: Path,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    allow_empty: bool = False,
) -> Table:
    """Read a CSV with a header row, checking the header and every row's cell count.

    A missing required column, an unknown column or a duplicate header stops the read (no
    row can be trusted then); rows with the wrong number of cells are collected as problems
    and left out. Every cell is a stripped string; typing is the caller's job. The file is
    streamed, and a file with more than MAX_ROWS data rows is refused at the first row past
    the limit, so a huge file costs neither the time nor the memory of reading it whole.
    """
    shown = display_path(path)
    clean: list[bool] = []  # [True] once the file is known to hold no control character
    reader = csv.reader(_lines(path, shown, clean))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise _refusal(
            shown,
            reader.line_num or 1,
            None,
            ProblemCode.BAD_CSV,
            f"is not valid CSV: {exc}",
        ) from None
    except StopIteration:
        raise _refusal(
            shown,
            None,
            None,
            ProblemCode.EMPTY_FILE,
            "is empty; it needs a header row: " + ", ".join(required),
        ) from None
    header = [h.strip() for h in header]
    known = list(required) + list(optional)
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(
                Problem(
                    shown,
                    1,
                    name,
                    ProblemCode.DUPLICATE_COLUMN,
                    f"column {_cut(name)} appears twice in the header",
                )
            )
        seen.add(name)
        if name not in known:
            problems.append(
                Problem(
                    shown,
                    1,
                    name,
                    ProblemCode.UNKNOWN_COLUMN,
                    f"unknown column {_cut(name)}; the columns are: {', '.join(known)}",
                )
            )
    for name in required:
        if name not in seen:
            problems.append(
                Problem(
                    shown,
                    1,
                    name,
                    ProblemCode.MISSING_COLUMN,
                    f"required column {name!r} is missing from the header",
                )
            )
    if problems:
        raise DataError(problems)
    rows: list[Row] = []
    row_problems: list[Problem] = []
    end = reader.line_num  # last physical line read so far
    count = 0
    limit = max_rows()
    strip, searched = str.strip, clean != [True]
    try:
        for cells in reader:
            # A quoted cell may hold line breaks: a row is placed at the line it starts on.
            line, end = end + 1, reader.line_num
            count += 1
            if count > limit:
                raise _refusal(
                    shown,
                    line,
                    None,
                    ProblemCode.TOO_MANY_ROWS,
                    f"has more than {limit:,} data rows; reading stopped here. A case "
                    "holds the figures of one document (hundreds of rows, not hundreds "
                    "of thousands): check that this is the right file, split it into "
                    f"several cases, or raise the cap with {MAX_ROWS_VARIABLE}",
                )
            stripped = list(map(strip, cells))
            if not any(stripped):
                continue
            if len(cells) != len(header):
                runaway = (
                    f" (the row runs on to line {end}: is a double quote left unclosed?)"
                    if end > line
                    else ""
                )
                row_problems.append(
                    Problem(
                        shown,
                        line,
                        None,
                        ProblemCode.CELL_COUNT,
                        f"has {len(cells)} cells but the header has {len(header)}; quote cells that contain commas{runaway}",
                    )
                )
                continue
            row = Row(line, dict(zip(header, stripped, strict=True)))
            if searched and CONTROL.search("".join(stripped)) is not None:  # rare: name each
                for name, value in row.cells.items():
                    bad = control_problem(value)
                    if bad is not None:
                        row_problems.append(
                            Problem(shown, line, name, ProblemCode.CONTROL_CHARACTER, bad)
                        )
            rows.append(row)
    except csv.Error as exc:
        raise DataError(
            [Problem(shown, reader.line_num, None, ProblemCode.BAD_CSV, f"is not valid CSV: {exc}")]
        ) from None
    if not rows and not row_problems and not allow_empty:
        raise _refusal(
            shown,
            None,
            None,
            ProblemCode.NO_ROWS,
            "has a header but no data rows; an empty dataset is an error, not a pass",
        )
    return Table(shown, header, rows, row_problems)
