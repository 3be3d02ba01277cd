"""Sessions for the claim-validation harness: `nox --list` shows them."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["validate", "tests"]
nox.options.error_on_missing_interpreters = False

LOCK = "requirements/lock.txt"
PYTHON = "3.11"


def _install(session: nox.Session) -> None:
    """Install the pinned dependency set, then the package itself without re-resolving."""
    session.install("-r", LOCK)
    session.install("--no-deps", "-e", ".")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the pytest and hypothesis suite (HYPOTHESIS_PROFILE=ci in CI)."""
    _install(session)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check style with ruff (lint rules and formatting)."""
    _install(session)
    session.run("ruff", "check", "checks", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "checks", "tests", "noxfile.py")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """Type-check the checks package with mypy in strict mode."""
    _install(session)
    session.run("mypy", *session.posargs)
