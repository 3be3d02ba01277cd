"""A run never touches the network, even when the environment asks GX for analytics.

Twice: in this process with every way Python opens a connection patched to record the
attempt and refuse it (socket.socket.connect and connect_ex, socket.getaddrinfo,
socket.create_connection) and GX_ANALYTICS_ENABLED=true in the environment; and, where
the kernel lets an unprivileged user make one, as `python -m checks` in a fresh network
namespace (`unshare -rn`), which has no interface but a downed loopback.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checks.cli import main

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "tests" / "data" / "cases"
CASE = "demo-cloud-results"
SANITY_SECONDS = 120  # a subprocess timeout against hangs (a connect timing out), not a benchmark


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo case and a GX root holding its suite, built before any patching."""
    base = tmp_path_factory.mktemp("network")
    shutil.copytree(DEMO, base / "datasets")
    shutil.copytree(REPO / "gx", base / "root" / "gx")
    shutil.copytree(REPO / "expectations", base / "root" / "expectations")
    argv = ["suites", "--quiet", "--datasets", str(base / "datasets"), "--root", str(base / "root")]
    err = io.StringIO()
    assert main([*argv, "--case", CASE], io.StringIO(), err) == 0, err.getvalue()
    return base


def argv(base: Path, out: str) -> list[str]:
    return [
        "validate",
        "--docs",
        "--quiet",
        "--datasets",
        str(base / "datasets"),
        "--root",
        str(base / "root"),
        "--case",
        CASE,
        "--out",
        str(base / out),
    ]


def test_validate_with_docs_opens_no_connection(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"network disabled by the test: {name}")

        return refused

    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "true")
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    out, err = io.StringIO(), io.StringIO()
    code = main(argv(project, "out"), out, err)
    assert code == 0, err.getvalue()
    assert attempts == []
    assert (project / "out" / "docs" / "gx" / "index.html").is_file()


def _unshare_works() -> str | None:
    """Return why `unshare -rn` cannot run here, or None when it can."""
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    try:
        done = subprocess.run(
            ["unshare", "-rn", "true"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare -rn failed: {exc}"
    if done.returncode != 0:
        return f"unshare -rn is not permitted here: {done.stderr.strip()}"
    return None


def test_validate_with_docs_in_a_network_namespace_without_a_network(
    project: Path,
) -> None:
    why = _unshare_works()
    if why is not None:
        pytest.skip(why)
    env = {
        **os.environ,
        "GX_ANALYTICS_ENABLED": "true",
    }
    done = subprocess.run(
        ["unshare", "-rn", sys.executable, "-m", "checks", *argv(project, "out-unshared")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=SANITY_SECONDS + 60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (project / "out-unshared" / "docs" / "gx" / "index.html").is_file()
    # and the namespace really has no network: a connection from it fails at once
    probe = subprocess.run(
        [
            "unshare",
            "-rn",
            sys.executable,
            "-c",
            "import socket; socket.create_connection(('1.1.1.1', 53), timeout=5)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert probe.returncode != 0 and "unreachable" in probe.stderr.lower(), probe.stderr
