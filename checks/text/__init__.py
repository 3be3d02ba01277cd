"""Text: find number expressions in Chinese financial writing and parse them to quantities.

Owns the scanner (`scan`: where figures stand in a text) and the parser (`parse`: what a
figure's words mean: value, unit, precision, hedge). Gives figures with offsets, or refuses.

May import: `checks.numbers`, `checks.problems`.
"""

from __future__ import annotations

__all__: list[str] = []
