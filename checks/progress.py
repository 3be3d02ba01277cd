"""Show progress on stderr once a run has taken longer than a moment.

Quick runs stay silent; a run that passes `delay` seconds prints its current stage, and
each later stage, so nobody wonders whether a CI job hangs (loading GX alone takes
seconds). Progress never goes to stdout, which holds the results.
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
        with self._lock:
            self._stage = text
        self._maybe_print()

    def _maybe_print(self) -> None:
        elapsed = time.monotonic() - self._start
        with self._lock:
            if not self.enabled or elapsed < self.delay or self._stage == self._shown:
                return
            self._shown = self._stage
            print(f"[{elapsed:5.1f}s] {self._stage} ...", file=self.stream, flush=True)

    def _watch(self) -> None:
        while not self._done.wait(0.25):
            self._maybe_print()
