"""Parse generated HTML pages in tests: every element with its attributes and text."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["VOID", "Element", "Page"]

VOID = {"meta", "br", "wbr", "hr", "img", "input", "link", "source", "rect", "circle", "line"}
VOID |= {"polygon", "col", "area", "base", "embed", "track", "param"}


@dataclass
class Element:
    """One parsed element: its tag, its attributes and all text inside it."""

    tag: str
    attrs: dict[str, str]
    text: str = ""


class Page(HTMLParser):
    """Collect every element with its attributes and text, and check that tags nest."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.errors: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1].tag if self.stack else None}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data

    def find(self, tag: str, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and (cls is None or cls in e.attrs.get("class", "").split())
        ]
