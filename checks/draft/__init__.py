"""Draft a case from an article's text, and screen texts' internal arithmetic.

Layering: `figures`, `periods`, `labels`, `patterns` and `drafting` read text and concepts
only (text, inputs and claims layers); `commands` sits with the pipeline and the CLI, since
it evaluates drafts and writes case folders.
"""

from __future__ import annotations

__all__: list[str] = []
