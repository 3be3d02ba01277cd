"""The shared reading of proposed figures that every claim pattern uses: words around them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from checks.numbers.quantity import MONEY_UNITS, Qualifier, Unit

__all__ = ["FALL", "RISE", "DraftClaim", "FigureInfo", "Reader", "ref"]

RISE = ("增长", "激增", "增加", "扩大", "提升", "上升", "增", "攀升", "上涨", "大增")
FALL = ("下降", "下滑", "减少", "收窄", "下跌", "回落", "降")


@dataclass(frozen=True)
class FigureInfo:
    """What the patterns need to know about one proposed figure."""

    index: int
    start: int
    end: int
    unit: Unit
    qualifier: Qualifier
    value: str
    concept: str
    period: str


@dataclass
class DraftClaim:
    """A proposed claim: figure indices stand for fact ids until the case is written."""

    kind: str
    stated: int | None
    operands: dict[str, str]  # role -> expression over '#<index>' placeholders and '?'
    params: dict[str, str] = field(default_factory=dict)
    span: tuple[int, int] = (0, 0)  # the words the claim rests on
    why: str = ""


def ref(f: FigureInfo | None) -> str:
    """Write a figure as a placeholder operand, `?` for none."""
    return "?" if f is None else f"#{f.index}"


class Reader:
    """Hold the text and its figures, and read the words around and between them."""

    def __init__(
        self, text: str, figures: Sequence[FigureInfo], concept_labels: dict[str, tuple[str, ...]]
    ) -> None:
        self.text, self.figs = text, list(figures)
        self.concept_labels = concept_labels
        self.claims: list[DraftClaim] = []

    # --- helpers -------------------------------------------------------------------------
    def between(self, a: FigureInfo, b: FigureInfo) -> str:
        return self.text[a.end : b.start]

    def before(self, f: FigureInfo, n: int = 8) -> str:
        return self.text[max(0, f.start - n) : f.start]

    def after(self, f: FigureInfo, n: int = 8) -> str:
        return self.text[f.end : f.end + n]

    def sentence(self, f: FigureInfo) -> tuple[int, int]:
        lo = max(self.text.rfind(c, 0, f.start) for c in "。！？!?；;\n") + 1
        his = [i for c in "。！？!?；;\n" if (i := self.text.find(c, f.end)) != -1]
        return lo, min(his, default=len(self.text))

    def prev(
        self, f: FigureInfo, *, same_sentence: bool = True, money: bool = False
    ) -> FigureInfo | None:
        lo = self.sentence(f)[0] if same_sentence else self.text.rfind("\n\n", 0, f.start) + 1
        for g in reversed(self.figs[: f.index]):
            if g.start < lo:
                return None
            if not money or g.unit in MONEY_UNITS:
                return g
        return None

    def add(self, claim: DraftClaim) -> None:
        self.claims.append(claim)

    # --- patterns ------------------------------------------------------------------------
