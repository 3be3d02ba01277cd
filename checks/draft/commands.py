"""Run `draft` and `screen`: read articles, draft them, evaluate the drafts, write or print.

This module sits with the pipeline (it evaluates a draft by running the same pipeline on it
in a scratch folder); the drafting itself (`checks.draft.drafting`) knows no pipeline.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import secrets
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.draft.drafting import (
    DRAFT_CLAIM_COLUMNS,
    DRAFT_EXCLUDED_COLUMNS,
    DRAFT_FACT_COLUMNS,
    Draft,
    draft_rows,
)
from checks.draft.labels import KIND_OF_UNIT, Lexicon
from checks.draft.periods import AsOf, find_periods, parse_as_of
from checks.inputs.case import CASE_ID, CONCEPT_COLUMNS, REFERENCE_COLUMNS, load_concepts
from checks.inputs.csv_tables import display_path, read_csv_table
from checks.pipeline import CaseRun, run_case
from checks.problems import DataError, Problem, ProblemCode

__all__ = [
    "ENTITY_COLUMNS",
    "Article",
    "Registries",
    "as_of_date",
    "evaluate_draft",
    "infer_as_of",
    "load_registries",
    "read_article",
    "refuse",
    "write_draft",
]

ENTITY_COLUMNS = ("entity", "labels_zh")
_GENERIC = "unlabelled_"  # stand-in concepts while a draft is evaluated, one per unit kind
_MAX_BYTES = 5 << 20


@dataclass(frozen=True)
class Article:
    """One text to draft or screen: where it came from, its bytes and its text."""

    path: Path
    data: bytes
    text: str


@dataclass(frozen=True)
class Registries:
    """The concept and entity lexicons, and the concepts.csv rows they came from."""

    concepts: Lexicon
    entities: Lexicon
    concept_rows: list[dict[str, str]]


def refuse(path: Path | str, code: ProblemCode, message: str) -> DataError:
    """Build the DataError of one input problem: a file (or an option) and what is wrong."""
    shown = display_path(path) if isinstance(path, Path) else path
    return DataError([Problem(shown, None, None, code, message)])


def read_article(path: Path) -> Article:
    """Read one article as UTF-8 text; refuse a binary, empty, oversized or non-UTF-8 file."""
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "does not exist"
        raise refuse(
            path,
            ProblemCode.MISSING_FILE,
            f"{what}; give a UTF-8 text file (or a folder to screen)",
        )
    data = path.read_bytes()
    if len(data) > _MAX_BYTES:
        raise refuse(
            path,
            ProblemCode.TOO_LARGE,
            f"is {len(data):,} bytes; an article is at most {_MAX_BYTES:,}",
        )
    if b"\x00" in data:
        raise refuse(
            path,
            ProblemCode.BINARY_FILE,
            "holds NUL bytes: it is a binary file, not an article's text",
        )
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise refuse(
            path,
            ProblemCode.NOT_UTF8,
            f"byte {exc.start} ({data[exc.start : exc.start + 1]!r}) is not valid UTF-8; the file "
            "may be in GBK or another legacy encoding: re-save it as UTF-8",
        ) from None
    if not text.strip():
        raise refuse(path, ProblemCode.EMPTY_TEXT, "is empty; give the article's text")
    return Article(path, data, text)


def load_registries(datasets: Path) -> Registries:
    """Read datasets/concepts.csv (required) and datasets/entities.csv (optional)."""
    concepts = load_concepts(datasets / "concepts.csv")
    rows = [dict(r.cells) for r in concepts]
    entities: list[tuple[str, str, str]] = []
    if (datasets / "entities.csv").exists():
        table = read_csv_table(datasets / "entities.csv", required=ENTITY_COLUMNS, allow_empty=True)
        entities = [(r["entity"], "", r["labels_zh"]) for r in table]
    return Registries(
        Lexicon.from_rows((r["concept"], r["unit_kind"], r["labels_zh"]) for r in rows),
        Lexicon.from_rows(entities),
        rows,
    )


def _csv(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buf.getvalue()


def _write_case_files(
    root: Path,
    article: Article,
    draft: Draft,
    provenance: Mapping[str, Any],
    as_of: str | None,
    facts: Sequence[Mapping[str, str]] | None = None,
) -> None:
    root.mkdir(parents=True)
    (root / "source.txt").write_bytes(article.data)
    (root / "provenance.json").write_text(
        json.dumps(provenance, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    if as_of is not None:
        (root / "case.json").write_text(json.dumps({"as_of": as_of}) + "\n", encoding="utf-8")
    (root / "facts.csv").write_text(
        _csv(DRAFT_FACT_COLUMNS, facts or draft.facts), encoding="utf-8"
    )
    (root / "excluded.csv").write_text(
        _csv(DRAFT_EXCLUDED_COLUMNS, draft.excluded), encoding="utf-8"
    )
    (root / "reference.csv").write_text(_csv((*REFERENCE_COLUMNS, "note"), []), encoding="utf-8")
    # always written: a case needs claims.csv, and a header alone checks the facts only
    (root / "claims.csv").write_text(_csv(DRAFT_CLAIM_COLUMNS, draft.claims), encoding="utf-8")


def _provenance(article: Article, title: str, urls: Sequence[str]) -> dict[str, Any]:
    return {
        "title": title,
        "language": "zh-Hans",
        "urls": list(urls),
        "retrieved": f"drafted by `python -m checks draft` from {article.path.name}",
        "note": "draft: check the title, URLs and retrieval note",
        "sha256": hashlib.sha256(article.data).hexdigest(),
    }


def evaluate_draft(
    article: Article, draft: Draft, registries: Registries, case_id: str, as_of: str | None
) -> tuple[CaseRun, Draft]:
    """Run the pipeline on a draft in a scratch folder; return the result and the claims kept.

    A fact without a suggested concept is evaluated under a stand-in concept of its unit
    kind, as is a fact its suggested concept refuses (a negative figure under a concept that
    cannot be negative). A proposed claim the claim checks refuse (units that do not fit,
    say) is dropped, so one bad proposal cannot stop the rest from being evaluated.
    """
    with tempfile.TemporaryDirectory(prefix="claimcheck-draft-") as tmp:
        datasets = Path(tmp)
        concepts = list(registries.concept_rows) + [
            {"concept": _GENERIC + kind, "unit_kind": kind, "non_negative": "false",
             "definition": "A figure whose concept is not decided yet.", "labels_zh": ""}
            for kind in sorted(set(KIND_OF_UNIT.values()))
        ]  # fmt: skip
        (datasets / "concepts.csv").write_text(_csv(CONCEPT_COLUMNS, concepts), encoding="utf-8")
        facts = []
        for row, fig in zip(draft.facts, draft.figures, strict=True):
            kind = KIND_OF_UNIT[fig.quantity.unit]
            fits = registries.concepts.kinds.get(row["concept"]) == kind
            facts.append({**row, "concept": row["concept"] if fits else _GENERIC + kind})
        provenance = _provenance(article, case_id, [])
        kept = Draft(draft.facts, draft.excluded, list(draft.claims), draft.figures, draft.labels)
        for _ in range(len(draft.claims) + 2):
            root = datasets / case_id
            shutil.rmtree(root, ignore_errors=True)
            _write_case_files(root, article, kept, provenance, as_of, facts)
            result = run_case(datasets, case_id, allow_drafts=True)
            bad_facts = {p.line for p in result.problems if p.file.endswith("facts.csv") and p.line}
            bad = {p.line for p in result.problems if p.file.endswith("claims.csv")}
            if bad_facts:  # a concept the figure breaks (a negative revenue): the stand-in
                for line in bad_facts:
                    row, fig = facts[line - 2], draft.figures[line - 2]
                    row["concept"] = _GENERIC + KIND_OF_UNIT[fig.quantity.unit]
            elif bad:
                kept.claims = [c for i, c in enumerate(kept.claims, start=2) if i not in bad]
            else:
                break
        return result, kept


def _with_verdicts(draft: Draft, run: CaseRun) -> None:
    """Fill each drafted claim's reviewed verdicts with the computed ones, marked as such.

    An external row without a filing (a draft's reference.csv is empty) keeps an empty
    review: once a filed figure is added, the gate asks for the verdict it gives.
    """
    by = {c.claim_id: c for c in run.result.claims if c.outcomes}
    for row in draft.claims:
        got = by.get(row["claim_id"])
        if got is None:
            continue
        for scenario, outcome in got.outcomes.items():
            row[f"reviewed_{scenario}"] = "" if outcome.no_filing else outcome.verdict.value
        row["reason"] = (
            f"draft from the pattern {row['reason'].split('the pattern ', 1)[-1].split(';')[0]}; "
            "verdicts are as computed on the draft: work them out, then confirm"
        )


def write_draft(
    datasets: Path,
    case_id: str,
    article: Article,
    *,
    title: str = "",
    urls: Sequence[str] = (),
    as_of: str | None = None,
) -> tuple[Path, Draft, CaseRun]:
    """Create datasets/<case_id>/ from the article, atomically; refuse an existing case."""
    if not CASE_ID.fullmatch(case_id):
        raise refuse(
            "--case",
            ProblemCode.BAD_CASE_ID,
            f"case id {case_id!r} is not valid; use lowercase letters, digits and hyphens "
            "(e.g. 'kingsoft-cloud-ai-strategy'), no path characters",
        )
    target = datasets / case_id
    if target.exists():
        raise refuse(
            target,
            ProblemCode.CASE_EXISTS,
            "already exists; drafting never overwrites a case (pick another id, or remove it first)",
        )
    parsed = as_of_date(as_of)
    registries = load_registries(datasets)
    draft = draft_rows(article.text, registries.concepts, registries.entities, parsed)
    if parsed is None:
        draft.claims = [c for c in draft.claims if c["kind"] != "elapsed_years"]
    result, draft = evaluate_draft(article, draft, registries, case_id, as_of)
    _with_verdicts(draft, result)
    stage = datasets / f".draft-{case_id}-{secrets.token_hex(4)}"
    try:
        _write_case_files(
            stage, article, draft, _provenance(article, title or article.path.stem, urls), as_of
        )
        stage.rename(target)  # atomic on one file system; fails if the case appeared meanwhile
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise refuse(
            target, ProblemCode.IO_ERROR, f"cannot be written: {exc.strerror or exc}"
        ) from None
    return target, draft, result


def as_of_date(as_of: str | None) -> AsOf | None:
    """Read --as-of (YYYY or YYYY-MM), refusing a bad one as a DataError; None stays None."""
    if as_of is None:
        return None
    try:
        return parse_as_of(as_of)
    except ValueError as exc:
        raise refuse("--as-of", ProblemCode.BAD_AS_OF, str(exc)) from None


def infer_as_of(text: str) -> str | None:
    """Guess the year an article describes: the year its period words name most often.

    A heuristic for texts without --as-of: 2025年上半年, 2025年末 and 25Q2 all count for
    2025; a forecast year named once (到2032年) loses to the year the figures are about.
    A tie goes to the later year.
    """
    years = Counter(
        int(m.period[2:6] if m.period.startswith("FY") else m.period[:4])
        for m in find_periods(text, None)
        if re.match(r"(FY)?\d{4}", m.period)
    )
    if not years:
        return None
    return str(max(years, key=lambda y: (years[y], y)))
