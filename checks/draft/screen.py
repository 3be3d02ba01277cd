"""Screen texts: draft each in memory, evaluate what the text alone decides, keep the failures."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checks.claims.verdicts import Scenario, Verdict
from checks.draft.commands import (
    Article,
    Registries,
    as_of_date,
    evaluate_draft,
    infer_as_of,
    refuse,
)
from checks.draft.drafting import draft_rows
from checks.inputs.csv_tables import display_path
from checks.numbers.formatting import format_interval
from checks.pipeline import CaseRun
from checks.problems import ProblemCode

__all__ = ["TEXT_SUFFIXES", "Finding", "ScreenResult", "screen_articles", "screen_paths"]

TEXT_SUFFIXES = (".txt", ".md", ".text")


def _slug(path: Path, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:50] or "text"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def screen_paths(paths: Sequence[Path]) -> list[Path]:
    """Expand folders into their text files (sorted); refuse a folder with none."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
            )
            if not found:
                raise refuse(
                    path,
                    ProblemCode.NO_TEXT_FILES,
                    f"holds no text file ({', '.join(TEXT_SUFFIXES)}); give articles saved as UTF-8 text",
                )
            out.extend(found)
        else:
            out.append(path)
    return out


@dataclass(frozen=True)
class Finding:
    """A claim the text alone decides, and decides against itself."""

    claim_id: str
    kind: str
    quote: str
    stated: str  # the interval the words allow
    computed: str  # the interval the text's own figures give
    distance: float


@dataclass
class ScreenResult:
    """One screened text: its case result (in memory) and the internal failures."""

    article: Article
    case_id: str
    as_of: str | None
    result: CaseRun
    findings: list[Finding]
    decided: int  # claims the text alone decides (internal holds or fails)


def screen_articles(
    articles: Sequence[Article],
    registries: Registries,
    as_of: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[ScreenResult]:
    """Draft each text in memory, evaluate what it alone decides, collect the failures."""
    taken: set[str] = set()
    out: list[ScreenResult] = []
    for i, article in enumerate(articles, start=1):
        if progress is not None:
            progress(i, len(articles), display_path(article.path))
        case_id = _slug(article.path, taken)
        year = as_of or infer_as_of(article.text)
        parsed = as_of_date(year)
        draft = draft_rows(article.text, registries.concepts, registries.entities, parsed)
        if parsed is None:
            draft.claims = [c for c in draft.claims if c["kind"] != "elapsed_years"]
        result, _ = evaluate_draft(article, draft, registries, case_id, year)
        findings: list[Finding] = []
        decided = 0
        for claim in result.result.claims:
            o = claim.outcome(Scenario.INTERNAL)
            if o is None or o.verdict == Verdict.UNVERIFIABLE:
                continue
            decided += 1
            if o.verdict != Verdict.FAILS or o.computed is None:
                continue
            unit, s, c = claim.unit, o.stated, o.computed
            findings.append(
                Finding(
                    claim.claim_id,
                    claim.kind,
                    claim.quote,
                    format_interval(s.lo, s.hi, s.lo_open, s.hi_open, unit),
                    format_interval(c.lo, c.hi, False, False, unit),
                    o.distance,
                )
            )
        out.append(ScreenResult(article, case_id, year, result, findings, decided))
    return out
