"""Fold a text to one spelling, character for character, so offsets stay those of the original.

The scanner and the parser read figures in simplified characters with ASCII digits. A source
may be in traditional characters (億元, 萬股, 個百分點), with full-width digits (４４．８％),
mathematical digits (𝟒𝟒) or Arabic-Indic ones (٤٤). `fold` maps each character to exactly one
character, so a span found in the folded text is the same span of the original: quotes and
offsets always refer to what the source says.

Traditional characters go through OpenCC's `t2s` (Traditional to Simplified) conversion, a
maintained dictionary (the `opencc` package) rather than a hand table. OpenCC converts whole
phrases; in the rare case a phrase changes length, that stretch is converted character by
character instead, which is enough for every numeral, scale, unit, hedge and direction word.
Digits of any Unicode script (category Nd) become ASCII digits; full-width ASCII becomes ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

__all__ = ["fold", "is_foreign_digit", "to_simplified"]

_CONVERTER = opencc.OpenCC("t2s.json")


def _fold_char(ch: str) -> str:
    """Give the one-character ASCII spelling of a digit or full-width sign, or the character.

    Only digits (category Nd) and the full-width forms of ASCII are folded: a circled ①, a
    Roman Ⅳ or a superscript ² is kept as it is, so the scanner can report it (NFKC would
    silently make ① a 1).
    """
    if ch.isascii():
        return ch
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    if "\uff01" <= ch <= "\uff5e":
        return chr(ord(ch) - 0xFEE0)
    return {"−": "-", "￥": "¥"}.get(ch, ch)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], re.Pattern[str], re.Pattern[str]]:
    """Build, once, the digit table and a pattern of the characters OpenCC would change.

    Every Unicode digit (category Nd, found with `re`'s `\\d`) and full-width ASCII maps
    to ASCII, except the full-width punctuation no figure reads (，：；（）！？), which keeps
    the substitution to the few characters that need it; the characters that t2s changes are found by converting the CJK blocks once, so
    a text without any of them (simplified text) skips the converter.
    """
    everything = "".join(map(chr, range(0x80, 0x30000)))
    table = {ord(ch): _fold_char(ch) for ch in re.findall(r"\d", everything)}
    table.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})
    table.update({ord("−"): "-", ord("￥"): "¥"})
    for ch in "，：；（）！？":  # punctuation no figure reads: left alone, so most text has none
        del table[ord(ch)]
    cjk = "".join(
        map(chr, [*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00)])
    )
    converted = _CONVERTER.convert(cjk)
    changed = (
        {a for a, b in zip(cjk, converted, strict=True) if a != b}
        if len(converted) == len(cjk)
        else {ch for ch in cjk if _CONVERTER.convert(ch) != ch}
    )
    pattern = re.compile("[" + "".join(sorted(map(re.escape, changed))) + "]")
    # `\\d` is a built-in category test: far cheaper than a class of every digit listed
    foreign = re.compile(
        "(?![0-9])\\d|[\uff02-\uff07\uff0a\uff0b\uff0d-\uff19\uff1c-\uff1e\uff20-\uff5e−￥]"
    )
    return table, pattern, foreign


def is_foreign_digit(ch: str) -> bool:
    """Tell whether a character is a digit of another script (full-width, bold, Arabic-Indic)."""
    return not ch.isascii() and unicodedata.decimal(ch, None) is not None


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified ones, keeping the length of the text."""
    if text.isascii() or _tables()[1].search(text) is None:
        return text
    converted: str = _CONVERTER.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _CONVERTER.convert(ch)) == 1 else ch for ch in text)


def fold(text: str) -> str:
    """Return the text in simplified characters and ASCII digits, one character for one."""
    if text.isascii():
        return text
    table, _, foreign = _tables()
    simplified = to_simplified(text)
    if len(simplified) < 64:  # a figure: a loop over a few characters beats the big class
        return "".join([table.get(ord(ch), ch) for ch in simplified])
    return foreign.sub(lambda m: table[ord(m[0])], simplified)
