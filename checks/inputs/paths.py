"""Show a case file's path in messages: relative to the working directory when below it."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

__all__ = ["display_path"]


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it, else as given.

    The last part is never resolved: a symbolic link is shown where it is, not where it
    points (which may be anywhere on the machine, and is nobody's business in a message).
    """
    return _shown(path, os.getcwd())  # noqa: PTH109 - a str key; Path.cwd() costs a Path per call


@lru_cache(maxsize=4096)
def _shown(path: Path, cwd: str) -> str:
    """Show `path` relative to the working directory `cwd` (part of the key: it moves the answer).

    Cached: a case names each of its files in several places (2,800 calls for 100 cases,
    each resolving two folders, once cost 0.4 s of CPU).
    """
    parent, here = _resolved(path.parent, cwd)
    try:
        return (parent / path.name).relative_to(here).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=256)
def _resolved(parent: Path, cwd: str) -> tuple[Path, Path]:
    """Resolve a folder and the working directory `cwd` (a relative folder depends on it)."""
    return parent.resolve(), Path(cwd).resolve()
