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


def _shown(path: Path, cwd: str) -> str:
    """Show `path` relative to the working directory `cwd` (part of the key: it moves the answer).

    A case names each of its files in several places, and every case brings new paths: only
    their folder is resolved, once per folder (`_folder`), and the file's name is put after
    it as text (building and relating Paths per call once cost 0.4 ms a case).
    """
    head, name = os.path.split(os.fspath(path))
    if name in ("", ".", ".."):  # no file name to keep as written: relate the whole path
        parent, here = path.parent.resolve(), _here(cwd)
        try:
            return (parent / path.name).relative_to(here).as_posix()
        except ValueError:
            return path.as_posix()
    folder = _folder(head or ".", cwd)
    if folder is None:
        return path.as_posix()
    return name if folder == "." else f"{folder}/{name}"


@lru_cache(maxsize=256)
def _folder(parent: str, cwd: str) -> str | None:
    """Show a folder, resolved, relative to the working directory `cwd`; None when not below it.

    `cwd` is part of the key: a relative folder resolves against it, and it moves the answer.
    """
    try:
        return Path(parent).resolve().relative_to(_here(cwd)).as_posix()
    except ValueError:
        return None


@lru_cache(maxsize=16)
def _here(cwd: str) -> Path:
    """Resolve the working directory `cwd`."""
    return Path(cwd).resolve()
