"""Draft a case's rows from its text: facts, exclusions and claims, every row a draft.

Pure: text and registries in, rows out. `checks.draft.commands` writes them and evaluates
them. A fact row leaves value, upper, unit, scale, decimals and qualifier empty (they follow
from `stated`); its concept, entity and period are suggestions, its id is made from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.draft.figures import Figure, Label, classify, shortest_quote
from checks.draft.labels import KIND_OF_UNIT, Lexicon, find_mentions, nearest_before
from checks.draft.patterns import DraftClaim, FigureInfo, propose_claims
from checks.draft.periods import AsOf, PeriodMention, find_periods, period_of
from checks.numbers.quantity import Unit

__all__ = [
    "DRAFT_CLAIM_COLUMNS",
    "DRAFT_EXCLUDED_COLUMNS",
    "DRAFT_FACT_COLUMNS",
    "Draft",
    "draft_rows",
]

DRAFT_FACT_COLUMNS = ("fact_id", "concept", "entity", "period", "stated", "quote", "status", "note")
DRAFT_EXCLUDED_COLUMNS = ("token", "quote", "reason", "status")
DRAFT_CLAIM_COLUMNS = (
    "claim_id", "kind", "stated", "operands", "params", "quote", "reviewed_internal",
    "reviewed_external", "reason", "status", "note",
)  # fmt: skip


@dataclass
class Draft:
    """The proposed rows of one case, and the figures they came from."""

    facts: list[dict[str, str]] = field(default_factory=list)
    excluded: list[dict[str, str]] = field(default_factory=list)
    claims: list[dict[str, str]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _unique(base: str, taken: set[str]) -> str:
    name, n = base[:76], 2
    while name in taken:
        name, n = f"{base[:72]}_{n}", n + 1
    taken.add(name)
    return name


def _period(
    text: str, fig: Figure, mentions: list[PeriodMention], as_of: AsOf | None, starts: list[int]
) -> str:
    q, tok = fig.quantity, fig.token
    if q.unit is Unit.YEAR:
        return str(q.value)
    if q.unit is Unit.YEARS and as_of is not None:
        m = re.search(r"自(\d{4})年[^。]*至今$", text[max(0, tok.start - 24) : tok.start])
        if m is not None:
            return f"{m.group(1)}-{as_of.year}"
    return period_of(text, tok.start, tok.end, mentions, starts)


def _span_quote(text: str, start: int, end: int) -> str:
    """Give a unique quote covering [start, end): the span, widened until unique."""
    start, end = max(0, start), min(len(text), end)
    return shortest_quote(text, start, end)


def draft_rows(text: str, concepts: Lexicon, entities: Lexicon, as_of: AsOf | None) -> Draft:
    """Propose every row of a case from its text; every row is a draft."""
    figures, labels = classify(text)
    periods = find_periods(text, as_of, [(f.token.start, f.token.end) for f in figures])
    starts = [f.token.start for f in figures]
    concept_mentions = find_mentions(text, concepts)
    entity_mentions = find_mentions(text, entities)
    draft = Draft(figures=figures, labels=labels)
    taken: set[str] = set()
    infos: list[FigureInfo] = []
    ids: list[str] = []
    for i, fig in enumerate(figures):
        tok, q = fig.token, fig.quantity
        concept = nearest_before(
            text, tok.start, tok.end, concept_mentions,
            kind=KIND_OF_UNIT[q.unit], kinds=concepts.kinds,
        )  # fmt: skip
        entity = nearest_before(text, tok.start, tok.end, entity_mentions, widen=True)
        period = _period(text, fig, periods, as_of, starts)
        fid = _unique(_slug(f"{concept or 'figure'}_{period}") or f"figure_{i + 1}", taken)
        ids.append(fid)
        draft.facts.append(
            {
                "fact_id": fid,
                "concept": concept,
                "entity": entity,
                "period": period,
                "stated": tok.text,
                "quote": shortest_quote(text, tok.start, tok.end),
                "status": "draft",
                "note": "",
            }
        )
        infos.append(
            FigureInfo(i, tok.start, tok.end, q.unit, q.qualifier, str(q.value), concept, period)
        )
    for label in labels:
        tok = label.token
        draft.excluded.append(
            {
                "token": tok.text,
                "quote": shortest_quote(text, tok.start, tok.end),
                "reason": label.reason,
                "status": "draft",
            }
        )
    claim_ids: set[str] = set()
    by_label: dict[str, tuple[str, ...]] = {}
    for concept, words in sorted(concepts.labels.items()):
        for word in words:
            if "…" not in word:
                by_label[word] = (*by_label.get(word, ()), concept)
    for claim in propose_claims(text, infos, by_label):
        draft.claims.append(_claim_row(text, claim, ids, claim_ids))
    return draft


def _expr(text: str, ids: list[str]) -> str:
    return re.sub(r"#(\d+)", lambda m: ids[int(m.group(1))], text)


def _claim_row(text: str, claim: DraftClaim, ids: list[str], taken: set[str]) -> dict[str, str]:
    stated = ids[claim.stated] if claim.stated is not None else ""
    first = next(iter(claim.operands.values()))
    anchor = stated or _expr(first, ids).split("*")[0].split(",")[0]
    cid = _unique(_slug(f"{claim.kind}_{anchor}"), taken)
    return {
        "claim_id": cid,
        "kind": claim.kind,
        "stated": stated,
        "operands": ";".join(f"{r}={_expr(e, ids)}" for r, e in claim.operands.items()),
        "params": ";".join(f"{k}={v}" for k, v in claim.params.items()),
        "quote": _span_quote(text, *claim.span),
        "reviewed_internal": "unverifiable",
        "reviewed_external": "",  # a draft has no filed figure yet: nothing to review
        "reason": f"draft from the pattern {claim.why}; work the verdict out, then confirm",
        "status": "draft",
        "note": "",
    }
