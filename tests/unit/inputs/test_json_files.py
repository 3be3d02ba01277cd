"""Pin down strict JSON reading: every ambiguous or runaway text is a problem with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

import checks.inputs.json_files
from checks.inputs.json_files import JsonProblem, loads_strict, read_json
from checks.problems import DataError


def test_valid_json_reads_as_usual() -> None:
    assert loads_strict('{"as_of": "2025-09", "hedge_policy": {"about_rel": 0.05}}') == {
        "as_of": "2025-09",
        "hedge_policy": {"about_rel": 0.05},
    }


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        (
            '{"a": 1,\n "b": 2,\n "a": 3}',
            "key 'a' appears twice in one object; JSON readers keep only one of them "
            "(silently), so keep one",
            3,
            2,
        ),
        (
            "[" * 33 + "]" * 33,
            "nests objects and arrays more than 32 deep; this file needs a few levels",
            1,
            33,
        ),
        (
            '{"n": ' + "9" * 31 + "}",
            "integer 99999999999999999999… has 31 digits; at most 30 are accepted",
            1,
            7,
        ),
        ('{"n": NaN}', "NaN is not a JSON number; write a finite number or a string", 1, 7),
        (
            '{"n": -Infinity}',
            "-Infinity is not a JSON number; write a finite number or a string",
            1,
            7,
        ),
        (
            '{"n": 1e999}',
            "number '1e999' is too large for a float; write a number below 1e308",
            1,
            7,
        ),
        ('{"n": }', "is not valid JSON: Expecting value", 1, 7),
    ],
)
def test_refusals_name_the_place(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(JsonProblem) as caught:
        loads_strict(text)
    assert (caught.value.message, caught.value.line, caught.value.column) == (message, line, column)


def test_the_same_key_in_different_objects_is_fine() -> None:
    assert loads_strict('[{"a": 1}, {"a": 2}]') == [{"a": 1}, {"a": 2}]


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    assert loads_strict('{"s": "' + "[{" * 100 + '\\""}') == {"s": "[{" * 100 + '"'}


def test_a_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks.inputs.json_files, "MAX_JSON_BYTES", 10)
    path = tmp_path / "case.json"
    path.write_text('{"as_of": "2025-09"}', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_json(path, max_bytes=checks.inputs.json_files.MAX_JSON_BYTES)
    (problem,) = caught.value.problems
    assert (problem.code, problem.message) == (
        "too-large",
        "is 20 bytes; a file of this kind holds at most 10: is it the right file?",
    )
