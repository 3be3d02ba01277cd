"""Classify what stops a run that is not the data's fault: GX, output, engine and SIGTERM."""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from checks.inputs.csv_tables import display_path
from checks.problems import Problem, ProblemCode

__all__ = ["Terminated", "config_problem", "engine_errors", "gx_errors", "terminate_cleanly"]


def engine_errors() -> tuple[type[Exception], ...]:
    """The error another engine raises when its job failed (the message holds its log's tail)."""
    from checks.spark import SparkJobError

    return (SparkJobError,)


def gx_errors() -> tuple[type[Exception], ...]:
    """The errors that mean the GX config, a suite or the output folder is broken (exit 2).

    Imported on demand: importing GX takes seconds, and a data error is found before it.
    GreatExpectationsError is what GX raises for a config it cannot load (bad YAML, a
    YAML tag, an unknown key): the message names the file.
    """
    from great_expectations.exceptions.exceptions import GreatExpectationsError

    from checks.gx.context import GxConfigError
    from checks.gx.docs import OfflineDocsError
    from checks.gx.expectations import SuiteDeclarationError, SuiteLoadError
    from checks.gx.run import GxRunError

    return (
        GreatExpectationsError,
        GxConfigError,
        GxRunError,
        OfflineDocsError,
        SuiteDeclarationError,
        SuiteLoadError,
        OSError,
    )


def config_problem(args: argparse.Namespace, exc: Exception) -> Problem:
    """Describe a configuration or output error as a Problem, naming the file when known."""
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else args.out
        return Problem(
            str(where),
            None,
            None,
            ProblemCode.IO_ERROR,
            f"cannot be written or read: {exc.strerror or exc}",
        )
    head, sep, rest = str(exc).partition(": ")
    if sep and " " not in head:  # GX errors here start with the file they are about
        return Problem(head, None, None, ProblemCode.GX_CONFIG, rest)
    return Problem(display_path(args.root / "gx"), None, None, ProblemCode.GX_CONFIG, str(exc))


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that a run stops through its cleanup code."""


@contextmanager
def terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into Terminated for the block (main thread only; others keep theirs)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
