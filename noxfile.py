"""Sessions for the claim-validation harness: `nox --list` shows them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import nox
from nox.command import CommandFailed

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["validate", "tests"]
# Keep each session's virtualenv between runs: a person runs `nox -s validate` many times a
# day, and rebuilding it costs a minute or more where uv is absent. `_install` reinstalls
# only when the lock file or pyproject.toml changed (`nox -R` / `--no-reuse-venv` still forces).
nox.options.reuse_venv = "yes"

LOCK = "requirements/lock.txt"
SPARK_LOCK = "requirements/spark.txt"  # the lock plus the spark extra (pyspark, pyarrow)
STAMP = ".claimcheck-install-stamp"
GATE_EXIT = {
    1: "a computed verdict differs from its reviewed verdict (claimcheck exit 1)",
    2: "the data or configuration is broken (claimcheck exit 2)",
}
# Sessions use the Python that runs nox (3.11 or newer, as pyproject requires); pinning one
# version would make nox skip every session, green, on a machine that lacks it.
PYTHON = None


def _install(session: nox.Session, lock: str = LOCK, *, bytecode: bool = False) -> None:
    """Install the pinned dependency set and the package, unless this virtualenv already has them.

    The stamp holds a hash of the lock file and pyproject.toml, written after a successful
    install; a reused virtualenv whose stamp matches skips the installer entirely (pip alone
    spends seconds just confirming that 100 pinned packages are present).

    `bytecode` compiles the installed packages once (pip always does; uv only when asked).
    Every session that runs the gate or many Python processes wants it: without .pyc files,
    and with PYTHONDONTWRITEBYTECODE set (as in our CI container), every process compiles
    what it imports again. Measured here: importing great_expectations costs 8.5 s of CPU
    uncompiled against 3.3 s compiled, and each worker process's imports 2.3 against 0.85 s.
    The stamp records the choice, so a virtualenv made without it is compiled once.
    """
    digest = hashlib.sha256()
    for name in (lock, "pyproject.toml"):
        digest.update(Path(name).read_bytes())
    digest.update(b"bytecode" if bytecode else b"")
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location) / STAMP if location else None
    if stamp is not None and stamp.is_file() and stamp.read_text() == digest.hexdigest():
        session.log(f"dependencies unchanged ({lock}, pyproject.toml): install skipped")
        return
    session.install("-r", lock, env={"UV_COMPILE_BYTECODE": "1"} if bytecode else None)
    session.install("--no-deps", "-e", ".")
    if stamp is not None:
        stamp.write_text(digest.hexdigest())


def _gate(session: nox.Session, *args: str) -> None:
    """Run `python -m checks`, saying which of the gate's exit codes ended the session.

    nox itself exits 1 whatever failed; the line below keeps the gate's 0/1/2 readable.
    Scripts and CI that branch on the code run `claimcheck validate` (or `python -m checks
    validate`) directly.
    """
    try:
        session.run("python", "-m", "checks", *args, *session.posargs)
    except CommandFailed as failed:
        code = int(failed.reason.rsplit(" ", 1)[-1]) if failed.reason else -1
        session.error(GATE_EXIT.get(code, f"claimcheck exited {code}"))


@nox.session(python=PYTHON)
def validate(session: nox.Session) -> None:
    """Validate every case (the CI gate) and write results and HTML docs to build/."""
    _install(session, bytecode=True)
    _gate(session, "validate", "--docs")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the HTML docs (claims reports and GX Data Docs) in build/docs."""
    _install(session, bytecode=True)
    _gate(session, "docs")


@nox.session(python=PYTHON, default=False)
def suites(session: nox.Session) -> None:
    """Regenerate expectations/*.json from checks/suites.py and each case's claims.csv."""
    _install(session, bytecode=True)
    _gate(session, "suites")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the pytest and hypothesis suite (HYPOTHESIS_PROFILE=ci in CI), one worker per CPU."""
    _install(session, bytecode=True)
    # pytest-xdist: one worker per CPU, a whole test file to one worker (its module and
    # session fixtures, whole runs of the gate, are then built once), files handed out in
    # collection order, so the slowest (tests/system, first) start first. A later `-n 0` in
    # the session's arguments runs everything in this process.
    session.run(
        "pytest", "-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder", *session.posargs
    )


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """A generated corpus end to end (-- --cases N), then docs, evaluation, GX, loading, hedge, draft, text."""
    _install(session, bytecode=True)
    session.run("python", "benchmarks/bench_corpus.py", *session.posargs)
    session.run("python", "benchmarks/bench_docs.py")
    session.run("python", "benchmarks/bench_scale.py")
    session.run("python", "benchmarks/bench_load.py")
    session.run("python", "benchmarks/bench_hedge.py")
    session.run("python", "benchmarks/bench_draft.py")
    session.run("python", "benchmarks/bench_text.py")


@nox.session(python=PYTHON, default=False)
def corpus(session: nox.Session) -> None:
    """Validate a generated corpus end to end (-- --cases N, default 200): the CI-size run."""
    _install(session, bytecode=True)
    session.run("python", "benchmarks/bench_corpus.py", *session.posargs)


@nox.session(python=PYTHON, default=False)
def spark(session: nox.Session) -> None:
    """Check the Spark engine: the same results as pandas, on the cases and a generated corpus."""
    _install(session, SPARK_LOCK, bytecode=True)
    session.run(
        "pytest",
        "tests/system/test_spark.py",
        "-p",
        "no:cacheprovider",
        *session.posargs,
        env={"CLAIMCHECK_SPARK": "1"},
    )


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
