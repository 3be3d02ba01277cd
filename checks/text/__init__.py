"""Text: find number expressions in Chinese financial writing and parse them to quantities.

Owns the scanner (`scan`: where figures stand in a text) and the parser (`parse`: what a
figure's words mean: value, unit, precision, hedge). Takes source text; gives figures with
offsets, or refuses.

Layers, low to high: problems < numbers < text < inputs < claims < model < gx < output <
pipeline, gate, cli, progress, draft.
May import: `checks.problems`, `checks.numbers`.
"""

from __future__ import annotations

__all__: list[str] = []
