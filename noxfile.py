"""Sessions for the claim-validation harness: `nox --list` shows them."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["validate", "tests"]

LOCK = "requirements/lock.txt"
# Sessions use the Python that runs nox (3.11 or newer, as pyproject requires); pinning one
# version would make nox skip every session, green, on a machine that lacks it.
PYTHON = None


def _install(session: nox.Session) -> None:
    """Install the pinned dependency set, then the package itself without re-resolving."""
    session.install("-r", LOCK)
    session.install("--no-deps", "-e", ".")


@nox.session(python=PYTHON)
def validate(session: nox.Session) -> None:
    """Validate every case (the CI gate) and write results and HTML docs to build/."""
    _install(session)
    session.run("python", "-m", "checks", "validate", "--docs", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the HTML docs (claims reports and GX Data Docs) in build/docs."""
    _install(session)
    session.run("python", "-m", "checks", "docs", *session.posargs)


@nox.session(python=PYTHON, default=False)
def suites(session: nox.Session) -> None:
    """Regenerate expectations/*.json from checks/suites.py and each case's claims.csv."""
    _install(session)
    session.run("python", "-m", "checks", "suites", *session.posargs)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the pytest and hypothesis suite (HYPOTHESIS_PROFILE=ci in CI)."""
    _install(session)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """A generated corpus end to end (-- --cases N), then evaluation, GX, loading, hedge, draft, text."""
    _install(session)
    session.run("python", "benchmarks/bench_corpus.py", *session.posargs)
    session.run("python", "benchmarks/bench_scale.py")
    session.run("python", "benchmarks/bench_load.py")
    session.run("python", "benchmarks/bench_hedge.py")
    session.run("python", "benchmarks/bench_draft.py")
    session.run("python", "benchmarks/bench_text.py")


@nox.session(python=PYTHON, default=False)
def corpus(session: nox.Session) -> None:
    """Validate a generated corpus end to end (-- --cases N, default 200): the CI-size run."""
    _install(session)
    session.run("python", "benchmarks/bench_corpus.py", *session.posargs)


@nox.session(python=PYTHON, default=False)
def lint(session: nox.Session) -> None:
    """Check style with ruff (lint rules and formatting)."""
    _install(session)
    session.run("ruff", "check", "checks", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "checks", "tests", "noxfile.py")


@nox.session(python=PYTHON, default=False)
def typecheck(session: nox.Session) -> None:
    """Type-check the checks package with mypy in strict mode."""
    _install(session)
    session.run("mypy", *session.posargs)
