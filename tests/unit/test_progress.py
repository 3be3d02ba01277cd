"""Tests for checks.progress: quiet for quick runs, one line per stage once a run is slow."""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable

import pytest

from checks.progress import Progress

LINE = re.compile(r"^\[\s*\d+\.\ds\] (?P<stage>.*) \.\.\.$")


class FakeStream:
    """A text stream that records what is written and how often it is flushed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.flushes = 0
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        with self._lock:
            self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        self.flushes += 1

    def stages(self) -> list[str]:
        with self._lock:
            text = "".join(self.parts)
        found = []
        for line in text.splitlines():
            m = LINE.fullmatch(line)
            assert m, f"not a progress line: {line!r}"
            found.append(m["stage"])
        return found


def wait_for(predicate: Callable[[], object], timeout: float = 3.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return bool(predicate())


def test_a_quick_run_prints_nothing() -> None:
    stream = FakeStream()
    with Progress(stream=stream, delay=60) as progress:  # type: ignore[arg-type]
        progress.stage("reading cases")
        progress.stage("loading Great Expectations")
    assert stream.parts == []


def test_a_slow_run_prints_each_stage_once_and_flushes() -> None:
    stream = FakeStream()
    with Progress(stream=stream, delay=0) as progress:  # type: ignore[arg-type]
        progress.stage("reading cases")
        progress.stage("reading cases")  # the same stage again: not repeated
        progress.stage("loading Great Expectations")
        time.sleep(0.3)  # the watcher ticks at least once: still not repeated
    assert stream.stages() == ["reading cases", "loading Great Expectations"]
    assert stream.flushes >= 2  # CI logs show each line as it happens


def test_the_watcher_shows_a_stage_that_outlasts_the_delay() -> None:
    """A stage entered while the run was quick is shown once the delay passes, unprompted."""
    stream = FakeStream()
    with Progress(stream=stream, delay=0.5) as progress:  # type: ignore[arg-type]
        progress.stage("loading Great Expectations")
        assert stream.parts == []  # not slow yet
        assert wait_for(lambda: stream.parts)
        assert stream.stages() == ["loading Great Expectations"]
        progress.stage("writing results")  # slow by now: shown at once
        assert stream.stages() == ["loading Great Expectations", "writing results"]


def test_disabled_progress_prints_nothing_and_starts_no_thread() -> None:
    stream = FakeStream()
    before = threading.active_count()
    with Progress(stream=stream, delay=0, enabled=False) as progress:  # type: ignore[arg-type]
        assert threading.active_count() == before
        progress.stage("reading cases")
        time.sleep(0.05)
    assert stream.parts == []


def test_the_watcher_stops_when_the_block_ends() -> None:
    stream = FakeStream()
    progress = Progress(stream=stream, delay=60)  # type: ignore[arg-type]
    with progress:
        assert progress._thread.is_alive()
    assert not progress._thread.is_alive()


def test_progress_goes_to_stderr_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    with Progress(delay=0) as progress:
        assert progress.stream is sys.stderr
        progress.stage("running GX suites: demo")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.fullmatch(r"\[\s*\d+\.\ds\] running GX suites: demo \.\.\.\n", captured.err)


def test_a_counting_stage_shows_cases_done_and_an_estimate() -> None:
    stream = FakeStream()
    with Progress(stream=stream, delay=0.0) as progress:  # type: ignore[arg-type]
        progress.every = 0.0
        progress.stage("reading cases")
        progress.count(1, 4)
        progress.count(4, 4)
        timings = progress.finish()
    stages = stream.stages()
    assert stages[0] == "reading cases"
    assert re.fullmatch(r"reading cases: 1/4, about \d+s left", stages[1]), stages
    assert stages[-1] == "reading cases: 4/4"
    assert list(timings) == ["starting", "reading cases"]
    assert all(seconds >= 0 for seconds in timings.values())
