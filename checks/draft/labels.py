"""Suggest a figure's concept (from concepts.csv labels) and entity (from entities.csv names).

Both are heuristics a reviewer confirms. Concept: among the concepts whose unit kind fits the
figure, the one with a Chinese label (`labels_zh`, `;`-separated, `…` standing for any few
characters) ending nearest before the figure in its sentence, the longer label on a tie.
Entity: the registered name (`datasets/entities.csv`: entity, labels_zh) mentioned nearest
before the figure in its sentence, else in its paragraph, else the article's most mentioned
one. Without a registry no entity is suggested; names are not guessed from the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from checks.numbers.quantity import Unit

__all__ = ["KIND_OF_UNIT", "Lexicon", "Mention", "find_mentions", "nearest_before"]

KIND_OF_UNIT = {
    Unit.CNY: "money", Unit.HKD: "money", Unit.USD: "money", Unit.PCT: "percent",
    Unit.PP: "pp", Unit.RATIO: "ratio", Unit.SHARES: "shares", Unit.YEARS: "years",
    Unit.YEAR: "year", Unit.COUNT: "count",
}  # fmt: skip
_SENTENCE_END = "。！？!?；;\n"


@dataclass(frozen=True)
class Mention:
    """Where a label of a concept or a name of an entity occurs in the text."""

    start: int
    end: int
    key: str  # the concept or entity
    label: str


@dataclass(frozen=True)
class Lexicon:
    """Labels by key, with the unit kind of each key (concepts) or none (entities)."""

    labels: dict[str, tuple[str, ...]]
    kinds: dict[str, str]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str]]) -> Lexicon:
        """Build from (key, unit_kind or '', labels_zh) rows."""
        labels: dict[str, tuple[str, ...]] = {}
        kinds: dict[str, str] = {}
        for key, kind, text in rows:
            labels[key] = tuple(w.strip() for w in text.split(";") if w.strip())
            kinds[key] = kind
        return cls(labels, kinds)


def _pattern(label: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in label.split("…")]
    return re.compile(".{0,12}?".join(parts))


def find_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """List every label occurrence, longest first at a place, in text order."""
    found: list[Mention] = []
    for key in sorted(lexicon.labels):
        for label in lexicon.labels[key]:
            for m in _pattern(label).finditer(text):
                if "\n" not in m.group():
                    found.append(Mention(m.start(), m.end(), key, label))
    found.sort(key=lambda m: (m.start, -(m.end - m.start), m.key))
    return found


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind(c, 0, at) for c in _SENTENCE_END) + 1


def nearest_before(
    text: str,
    start: int,
    end: int,
    mentions: list[Mention],
    *,
    kind: str | None = None,
    kinds: dict[str, str] | None = None,
    widen: bool = False,
) -> str:
    """Pick the key mentioned nearest before [start, end) in its sentence ('' for none).

    `kind` keeps only keys of that unit kind. With `widen`, fall back to the paragraph, then
    to the most mentioned key of the text (an article's subject).
    """
    fits = [m for m in mentions if kind is None or (kinds or {}).get(m.key) == kind]
    sentence = _sentence_start(text, start)
    paragraph = text.rfind("\n\n", 0, start) + 1
    for lo in (sentence, paragraph) if widen else (sentence,):
        near = [m for m in fits if lo <= m.start < start and m.end <= end + 4]
        if near:
            best = min(near, key=lambda m: (max(0, start - m.end), -len(m.label), m.key))
            return best.key
    if widen and fits:
        return Counter(m.key for m in fits).most_common(1)[0][0]
    return ""
