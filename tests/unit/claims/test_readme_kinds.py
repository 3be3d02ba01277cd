"""The README's claims table documents every kind, every parameter and an example of each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.claims.kinds import KINDS

README = Path(__file__).resolve().parents[3] / "README.md"


def kind_rows() -> dict[str, list[str]]:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| kind | roles | stated | params (default) |") :]
    rows: dict[str, list[str]] = {}
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows[cells[0]] = cells
    return rows


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_is_documented_with_its_parameters_and_an_example(kind: str) -> None:
    rows = kind_rows()
    assert kind in rows, f"README's claims table has no row for {kind!r}"
    _, roles, _, params, holds, example = rows[kind]
    spec = KINDS[kind]
    for role in (*spec.roles, *spec.list_roles):
        assert role in roles, (kind, role)
    for param in spec.params:
        assert f"`{param.name}`" in params, (kind, param.name)
        for choice in param.choices:
            assert f"`{choice}`" in params, (kind, param.name, choice)
        if param.default is not None:
            assert "default" in params, (kind, param.name)
    if not spec.params:
        assert params == "—", kind
    assert holds, kind
    operands, _, given = example.rpartition(" / ")
    assert "`" in operands and "=" in operands, kind  # an operands cell to copy
    for param in spec.params:
        if param.default is None:  # required: the example must show it
            assert f"{param.name}=" in given, (kind, param.name)


def test_the_table_has_no_kind_the_code_lacks() -> None:
    assert set(kind_rows()) == set(KINDS)
