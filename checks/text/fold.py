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


@lru_cache(maxsize=4096)
def _fold_cached(ch: str) -> str:
    return _fold_char(ch)


def is_foreign_digit(ch: str) -> bool:
    """Tell whether a character is a digit of another script (full-width, bold, Arabic-Indic)."""
    return not ch.isascii() and unicodedata.decimal(ch, None) is not None


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified ones, keeping the length of the text."""
    if text.isascii():
        return text
    converted: str = _CONVERTER.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _CONVERTER.convert(ch)) == 1 else ch for ch in text)


def fold(text: str) -> str:
    """Return the text in simplified characters and ASCII digits, one character for one."""
    simplified = to_simplified(text)
    if simplified.isascii():
        return simplified
    return "".join(_fold_cached(ch) for ch in simplified)
