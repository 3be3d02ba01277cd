"""Build case folders and tables from Python rows, for tests of loading and checking.

`write_case` writes a datasets folder the way datasets/FORMAT.md describes it (UTF-8, LF,
a provenance.json whose sha256 matches source.txt); every argument left out takes the small
valid mini case below, so a test changes only the row or file it is about.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from checks.claims.kinds import KINDS
from checks.claims.operands import parse_expr, refs
from checks.claims.specs import ClaimSpec
from checks.claims.verdicts import Scenario, Verdict
from checks.inputs.case import (
    CLAIM_COLUMNS,
    CONCEPT_COLUMNS,
    EXCLUDED_COLUMNS,
    FACT_COLUMNS,
    REFERENCE_COLUMNS,
)
from checks.inputs.csv_tables import Row, Table
from checks.inputs.facts import FactRecord

__all__ = [
    "CASE_ID",
    "CONCEPTS",
    "EXCLUDED",
    "FACTS",
    "REFERENCE",
    "SOURCE",
    "claim",
    "claim_spec",
    "csv_text",
    "record",
    "replace",
    "table",
    "write_case",
    "write_csv",
]

CASE_ID = "mini-case"
ENTITY = "Yunfan Tech (fictional)"

#: Five number-like tokens: 12.5亿元, 20%, 35.2%, 33.0% (facts) and 第3 (excluded).
SOURCE = (
    "云帆科技（虚构）上半年营收12.5亿元，同比增长20%。\n"
    "毛利率35.2%，较上年的33.0%上升。\n"
    "第3代产品即将推出。\n"
)

CONCEPTS: list[dict[str, str]] = [
    {
        "concept": "revenue",
        "unit_kind": "money",
        "non_negative": "true",
        "definition": "Total revenue of the entity for the period.",
        "labels_zh": "营收",
    },
    {
        "concept": "revenue_growth_yoy",
        "unit_kind": "percent",
        "non_negative": "false",
        "definition": "Year-over-year growth of total revenue, in percent.",
        "labels_zh": "营收同比增长",
    },
    {
        "concept": "gross_margin",
        "unit_kind": "percent",
        "non_negative": "false",
        "definition": "Gross profit divided by revenue, in percent.",
        "labels_zh": "毛利率",
    },
]


def _fact(
    fact_id: str,
    concept: str,
    period: str,
    stated: str,
    value: str,
    unit: str,
    scale: str,
    decimals: str,
    quote: str,
) -> dict[str, str]:
    return {
        "fact_id": fact_id,
        "concept": concept,
        "entity": ENTITY,
        "period": period,
        "stated": stated,
        "value": value,
        "upper": "",
        "unit": unit,
        "scale": scale,
        "decimals": decimals,
        "qualifier": "none",
        "quote": quote,
        "note": "",
    }


# fmt: off
FACTS: list[dict[str, str]] = [
    _fact("rev_h1", "revenue", "2025H1", "12.5亿元", "1250000000", "CNY", "8", "-7", "上半年营收12.5亿元"),
    _fact("rev_growth_h1", "revenue_growth_yoy", "2025H1", "20%", "20", "pct", "0", "0", "同比增长20%"),
    _fact("margin_h1", "gross_margin", "2025H1", "35.2%", "35.2", "pct", "0", "1", "毛利率35.2%"),
    _fact("margin_h1_2024", "gross_margin", "2024H1", "33.0%", "33.0", "pct", "0", "1", "较上年的33.0%"),
]
# fmt: on

REFERENCE: list[dict[str, str]] = [
    {
        "fact_id": "rev_h1_filed",
        "concept": "revenue",
        "entity": ENTITY,
        "period": "2025H1",
        "value": "1251000000",
        "unit": "CNY",
        "decimals": "-6",
        "qualifier": "none",
        "source_kind": "filing",
        "source_url": "https://example.com/demo-filing",
        "note": "made-up example figure",
    },
    {
        "fact_id": "rev_h1_2024_filed",
        "concept": "revenue",
        "entity": ENTITY,
        "period": "2024H1",
        "value": "1042000000",
        "unit": "CNY",
        "decimals": "-6",
        "qualifier": "none",
        "source_kind": "company_release",
        "source_url": "https://example.com/demo-release",
        "note": "made-up example figure",
    },
]

EXCLUDED: list[dict[str, str]] = [
    {"token": "第3", "quote": "第3代产品", "reason": "product generation, not a figure"},
]


def replace(rows: Sequence[Mapping[str, str]], index: int, **cells: str) -> list[dict[str, str]]:
    """Copy `rows` with the cells of row `index` changed."""
    out = [dict(r) for r in rows]
    unknown = set(cells) - set(out[index])
    assert not unknown, f"no such column(s): {sorted(unknown)}"
    out[index].update(cells)
    return out


def csv_text(columns: Sequence[str], rows: Sequence[Mapping[str, str] | Sequence[str]]) -> str:
    """Render a header and rows as CSV with LF line ends, quoting only where needed."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        if isinstance(row, Mapping):
            writer.writerow([row.get(c, "") for c in columns])
        else:
            writer.writerow(row)
    return buf.getvalue()


def write_csv(
    path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, str] | Sequence[str]]
) -> Path:
    """Write a CSV file (UTF-8, LF) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(columns, rows), encoding="utf-8", newline="")
    return path


def write_case(
    datasets: Path,
    case_id: str = CASE_ID,
    *,
    source: str = SOURCE,
    concepts: Sequence[Mapping[str, str]] = CONCEPTS,
    facts: Sequence[Mapping[str, str]] = FACTS,
    reference: Sequence[Mapping[str, str]] = REFERENCE,
    excluded: Sequence[Mapping[str, str]] = EXCLUDED,
    claims: Sequence[Mapping[str, str]] | None = None,
    config: Mapping[str, Any] | None = None,
    provenance: Mapping[str, Any] | None = None,
) -> Path:
    """Write a case folder under `datasets` (and datasets/concepts.csv); return the folder.

    provenance.json gets the right sha256 of source.txt unless `provenance` is given; claims.csv
    holds just its header when `claims` is not given (the case is checked for its facts
    alone), and case.json is written only when `config` is given.
    """
    root = datasets / case_id
    root.mkdir(parents=True, exist_ok=True)
    write_csv(datasets / "concepts.csv", (*CONCEPT_COLUMNS,), concepts)
    data = source.encode("utf-8")
    (root / "source.txt").write_bytes(data)
    if provenance is None:
        provenance = {
            "title": "云帆科技上半年业绩（虚构）",
            "language": "zh-Hans",
            "urls": ["https://example.com/demo-article"],
            "retrieved": "written by the test suite",
            "note": "synthetic",
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    (root / "provenance.json").write_text(
        json.dumps(provenance, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    write_csv(root / "facts.csv", (*FACT_COLUMNS, "note"), facts)
    write_csv(root / "reference.csv", (*REFERENCE_COLUMNS, "note"), reference)
    write_csv(root / "excluded.csv", EXCLUDED_COLUMNS, excluded)
    write_csv(root / "claims.csv", (*CLAIM_COLUMNS, "note"), claims or [])
    if config is not None:
        (root / "case.json").write_text(json.dumps(config) + "\n", encoding="utf-8")
    return root


def table(file: str, columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> Table:
    """Build a Table in memory, the header on line 1 and row i on line i + 2."""
    return Table(
        file,
        list(columns),
        [Row(i + 2, {c: r.get(c, "") for c in columns}) for i, r in enumerate(rows)],
    )


def claim(claim_id: str, kind: str, stated: str, operands: str, **cells: str) -> dict[str, str]:
    """A claims.csv row; the quote, verdicts and reason default to valid values."""
    row = {
        "claim_id": claim_id,
        "kind": kind,
        "stated": stated,
        "operands": operands,
        "params": "",
        "quote": "营收12.5亿元",
        "reviewed_internal": "holds",
        "reviewed_external": "holds",
        "reason": "worked by hand",
        "note": "",
    }
    unknown = set(cells) - set(row)
    assert not unknown, f"no such column(s): {sorted(unknown)}"
    row.update(cells)
    return row


def record(
    fact_id: str,
    unit: str,
    value: str = "1",
    *,
    origin: str = "article",
    concept: str = "",
    period: str = "2025H1",
    decimals: int = 0,
    line: int = 2,
) -> FactRecord:
    """A FactRecord as check_facts would make it, for claim tests that need no files."""
    return FactRecord(
        fact_id,
        origin,
        concept or fact_id,
        ENTITY,
        period,
        unit,
        Decimal(value),
        None,
        decimals,
        "none",
        line,
    )


def claim_spec(
    cid: str, kind: str, stated: str | None, operands: str, params: str = ""
) -> ClaimSpec:
    """Build a ClaimSpec as read_claims would (parameter defaults filled in)."""
    ops = {}
    for part in operands.split(";"):
        role, _, text = part.partition("=")
        parts = text.split(",") if role in KINDS[kind].list_roles else [text]
        ops[role] = [parse_expr(p) for p in parts]
    given_params = dict(p.split("=") for p in params.split(";") if p)
    defaults = {p.name: p.default for p in KINDS[kind].params if p.default is not None}
    used = [f for exprs in ops.values() for e in exprs for f in refs(e)]
    return ClaimSpec(
        cid,
        kind,
        stated,
        ops,
        {**defaults, **given_params},
        "quote",
        {s: Verdict.HOLDS for s in Scenario},
        "reason",
        2,
        fact_ids=tuple(dict.fromkeys(used + ([stated] if stated else []))),
    )
