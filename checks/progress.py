"""Show progress on stderr once a run has taken longer than a moment.

Quick runs stay silent; a run that passes `delay` seconds prints its current stage, and
each later stage, so nobody wonders whether a CI job hangs (loading GX alone takes
seconds). A stage that counts (cases read) prints its count and an estimate of the time
left every few seconds. Progress never goes to stdout, which holds the results.

Plain lines rather than a redrawn bar (rich, tqdm): CI logs keep every line, and a line
every few seconds is enough on a terminal, so no dependency earns its place here.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """A context manager whose `stage(text)` is printed only after `delay` seconds."""

    def __init__(
        self, stream: TextIO | None = None, delay: float = 1.5, enabled: bool = True
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.enabled = enabled
        self._start = time.monotonic()
        self._stage = "starting"
        self._shown = ""
        self._lock = threading.Lock()
        self._count: tuple[int, int] | None = None
        self._stage_start = self._start
        self._last_print = 0.0
        self.every = 3.0  # seconds between lines of a counting stage
        self.timings: list[tuple[str, float]] = []  # (stage, seconds), in order
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._done.set()
        if self._thread.is_alive():
            self._thread.join(timeout=1)

    def stage(self, text: str) -> None:
        """Record the current stage; it is printed now if the run is already slow."""
        now = time.monotonic()
        with self._lock:
            if text != self._stage:
                self.timings.append((self._stage, now - self._stage_start))
                self._stage_start = now
            self._stage = text
            self._count = None
        self._maybe_print()

    def count(self, done: int, total: int) -> None:
        """Record how much of the current stage is done; shown with an estimate of time left."""
        with self._lock:
            self._count = (done, total)
        self._maybe_print()

    def finish(self) -> dict[str, float]:
        """Close the current stage (silently); return the seconds each stage took, in order."""
        now = time.monotonic()
        with self._lock:
            timings = [*self.timings, (self._stage, now - self._stage_start)]
        return {name: round(seconds, 3) for name, seconds in timings}

    def _text(self, now: float) -> str:
        if self._count is None:
            return self._stage
        done, total = self._count
        spent = now - self._stage_start
        left = f", about {spent / done * (total - done):.0f}s left" if 0 < done < total else ""
        return f"{self._stage}: {done}/{total}{left}"

    def _maybe_print(self) -> None:
        now = time.monotonic()
        elapsed = now - self._start
        with self._lock:
            if not self.enabled or elapsed < self.delay:
                return
            counting = self._count is not None and now - self._last_print >= self.every
            if self._stage == self._shown and not counting:
                return
            self._shown = self._stage
            self._last_print = now
            print(f"[{elapsed:5.1f}s] {self._text(now)} ...", file=self.stream, flush=True)

    def _watch(self) -> None:
        while not self._done.wait(0.25):
            self._maybe_print()
