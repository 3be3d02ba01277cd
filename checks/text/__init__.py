"""Text: find number expressions in Chinese financial writing and parse them to quantities.

Owns the fold (`fold`: traditional to simplified with OpenCC, any digits to ASCII, one
character for one), the scanner (`scan`: where figures stand in a text, and what kind each
token is), the parser (`parse`, with `numerals`, `words` and its inverse `writing`: what a
figure's words mean: value, unit, precision, hedge, direction, noun, per share) and
`figures.read_figures` (every figure of a text, read or refused). Takes source text
(simplified or traditional); gives figures with offsets, or refuses.

Layers, low to high: problems < numbers < text < inputs < claims < model < gx < output <
pipeline, gate, cli, arguments, failures, progress, draft, spark, writing.
May import: `checks.problems`, `checks.numbers`.
"""

from __future__ import annotations

__all__: list[str] = []
