"""Publish a run's output folders together or not at all, one run at a time per output folder.

A run builds everything in a staging folder inside the output folder (``<out>/.staging-*``),
then ``publish`` swaps its folders (``results``, ``docs``, ``gx``) in. The swap is several
renames, so it is journaled: ``<out>/.claimcheck-swap.json`` names the staging folder before
the first rename and is removed after the last. A run killed mid-swap (SIGKILL; SIGTERM and
Ctrl-C are held off until the swap ends) leaves the journal, and the next run rolls the swap
forward from the complete staging folder it names. A swap that fails (a rename refused) is
rolled back at once, restoring the previous folders.

Only one run at a time works in an output folder: ``OutputFolder`` holds an exclusive
``flock`` on the folder itself from before staging until after publishing (no lock file is
left behind), and a second run waits with a message. The kernel drops the lock when its
holder dies, so a killed run never blocks the next; and since the lock is held, every
``.staging-*`` or ``.old-*`` folder found on entry is a killed run's leftover and is removed.

The output folder must hold nothing but this tool's outputs: replacing ``<out>/gx`` in a
project root would delete the project's GX config (``--out .``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from checks.problems import DataError, Problem, ProblemCode

__all__ = [
    "JOURNAL",
    "OUTPUT_NAMES",
    "RUN_ID_FILE",
    "OutputFolder",
    "foreign_entries",
]

OUTPUT_NAMES = ("results", "docs", "gx")
"""The folders a run publishes, in the order they are swapped in."""
JOURNAL = ".claimcheck-swap.json"
RUN_ID_FILE = ".run-id"
"""Written into every published folder: the folders of one run carry the same id."""
_STAGING_PREFIX = ".staging-"
_OLD_PREFIX = ".old-"
# `artifacts` holds the test suite's browser screenshots (uploaded by CI beside the outputs);
# no run reads or replaces it.
_OURS = frozenset({*OUTPUT_NAMES, "artifacts", JOURNAL})


def foreign_entries(out: Path) -> list[str]:
    """List the entries of ``out`` that are not this tool's outputs or bookkeeping, sorted."""
    if not out.is_dir():
        return []
    return sorted(
        p.name
        for p in out.iterdir()
        if p.name not in _OURS and not p.name.startswith((_STAGING_PREFIX, _OLD_PREFIX))
    )


class OutputFolder:
    """The output folder of one run: checked, locked, tidied, then staged into and published.

    ``notify`` receives one line when the run has to wait for another run's lock. A run
    that publishes nothing (refused for its data) removes the folders it created, the
    output folder and any missing folders above it, while it still holds the lock; a run
    that waited for that lock finds its folder gone, makes it again and locks that.
    """

    def __init__(self, out: Path, notify: Callable[[str], None] | None = None) -> None:
        self.out = out
        self.notify = notify
        self._lock: int | None = None
        self._made: Path | None = None  # the outermost folder this run created, if any
        self._published = False

    def __enter__(self) -> OutputFolder:
        self._check_ours()
        missing = [p for p in (self.out, *self.out.parents) if not p.exists()]
        self._made = missing[-1] if missing else None
        self.out.mkdir(parents=True, exist_ok=True)
        self._acquire()
        try:
            self._recover()
            self._remove_leftovers()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if not self._published and self._made is not None:
                self._remove_made()
        finally:
            self._release()

    def _remove_made(self) -> None:
        """Remove the folders this run created, innermost first, while each is empty."""
        assert self._made is not None
        for folder in (self.out, *self.out.parents):
            try:
                folder.rmdir()
            except OSError:  # not empty: something else is there now
                return
            if folder == self._made:
                return

    def _check_ours(self) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise DataError(
                [
                    Problem(
                        str(self.out),
                        None,
                        None,
                        ProblemCode.BAD_OUT,
                        "is a file; --out needs a folder for results/, docs/ and gx/",
                    )
                ]
            )
        foreign = foreign_entries(self.out)
        if foreign:
            shown = ", ".join(repr(name) for name in foreign[:10])
            more = f" and {len(foreign) - 10} more" if len(foreign) > 10 else ""
            raise DataError(
                [
                    Problem(
                        str(self.out),
                        None,
                        None,
                        ProblemCode.OUT_NOT_OURS,
                        f"holds {shown}{more}, which this tool did not write; a run replaces "
                        f"{', '.join(OUTPUT_NAMES)} in its output folder, so --out must be a "
                        "new or empty folder, or one that holds only earlier outputs (e.g. build)",
                    )
                ]
            )

    def _acquire(self) -> None:
        while True:
            self._lock_once()
            assert self._lock is not None
            held = os.fstat(self._lock)
            try:
                now = self.out.stat()
            except FileNotFoundError:
                now = None
            if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                return
            # the run that held the lock removed the folder it had made: make it again
            self._release()
            self.out.mkdir(parents=True, exist_ok=True)

    def _lock_once(self) -> None:
        fd = os.open(self.out, os.O_RDONLY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self.notify is not None:
                    self.notify(
                        f"waiting for another claimcheck run to finish writing to {self.out} ..."
                    )
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._lock = fd

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor drops the lock
            self._lock = None

    def _recover(self) -> None:
        """Finish a swap that a killed run left half done (roll forward from its staging)."""
        journal = self.out / JOURNAL
        if not journal.is_file():
            return
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
            stage = self.out / str(plan["stage"])
            backup = self.out / str(plan["backup"])
            new = [str(n) for n in plan["new"]]
            drop = [str(n) for n in plan["drop"]]
        except (ValueError, KeyError, TypeError):  # torn journal: written before any rename
            journal.unlink()
            return
        _swap(self.out, stage, backup, new, drop)
        journal.unlink()

    def _remove_leftovers(self) -> None:
        for entry in sorted(self.out.iterdir()):
            if entry.name.startswith((_STAGING_PREFIX, _OLD_PREFIX)):
                _remove(entry)

    def stage(self) -> Path:
        """Create a fresh staging folder for this run and return it."""
        if self._lock is None:
            raise RuntimeError("OutputFolder.stage() outside its with-block")
        path = self.out / f"{_STAGING_PREFIX}{secrets.token_hex(6)}"
        path.mkdir()
        return path

    def discard(self, stage: Path) -> None:
        """Remove a staging folder whose run will not be published."""
        _remove(stage)

    def publish(self, stage: Path, run_id: str, keep_others: bool = False) -> None:
        """Swap the staged output folders in together; folders of an earlier run not built go.

        Every name of OUTPUT_NAMES ends up either from this run (when staged) or absent, so
        the published folders always come from one run. With `keep_others` the folders not
        staged stay as they are: `docs --from` replaces docs alone, rebuilt from results
        whose run id it carries. SIGINT and SIGTERM wait until the swap is done or rolled
        back.
        """
        self._published = True  # from here on, the folder is this tool's output, kept
        new = [n for n in OUTPUT_NAMES if (stage / n).is_dir()]
        drop = [
            n for n in OUTPUT_NAMES if not keep_others and n not in new and (self.out / n).exists()
        ]
        for name in new:
            (stage / name / RUN_ID_FILE).write_text(run_id + "\n", encoding="utf-8")
        backup = self.out / f"{_OLD_PREFIX}{stage.name.removeprefix(_STAGING_PREFIX)}"
        journal = self.out / JOURNAL
        plan = {"stage": stage.name, "backup": backup.name, "new": new, "drop": drop}
        with _signals_held():
            _write_atomic(journal, json.dumps(plan))
            try:
                _swap(self.out, stage, backup, new, drop)
            except BaseException:
                _roll_back(self.out, stage, backup, new, drop)
                journal.unlink()
                _remove(backup)
                raise
            journal.unlink()
        _remove(backup)
        _remove(stage)


def _swap(out: Path, stage: Path, backup: Path, new: Sequence[str], drop: Sequence[str]) -> None:
    """Move each current folder to ``backup`` and its staged one into place.

    Idempotent, so recovery can run it again after a kill at any point: a name whose staged
    folder is gone was already swapped in.
    """
    backup.mkdir(exist_ok=True)
    for name in new:
        current, staged = out / name, stage / name
        if staged.exists():
            if current.exists():
                current.replace(backup / name)
            staged.replace(current)
    for name in drop:
        if (out / name).exists() and not (backup / name).exists():
            (out / name).replace(backup / name)


def _roll_back(
    out: Path, stage: Path, backup: Path, new: Sequence[str], drop: Sequence[str]
) -> None:
    """Undo the renames of a failed swap: staged folders back to staging, old ones back.

    Raises if a rename back fails too; the journal then stays, and the next run rolls the
    swap forward instead.
    """
    for name in reversed(new):
        current, staged, kept = out / name, stage / name, backup / name
        if not staged.exists() and current.exists():  # swapped in: take it out again
            current.replace(staged)
        if kept.exists():
            kept.replace(current)
    for name in drop:
        if (backup / name).exists():
            (backup / name).replace(out / name)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f"{_OLD_PREFIX}{path.name}-{secrets.token_hex(4)}")  # a leftover is tidied
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the block (delivered after it); no-op off the main thread."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous: Any = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # pragma: no cover - platform without it
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        sys.stderr.flush()
