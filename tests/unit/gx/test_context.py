"""Tests for checks.gx.context: the File Data Context is offline, read-only and writes to build/."""

from __future__ import annotations

import shutil
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from checks.gx import context as gx_context
from checks.gx.context import (
    CONFIG_FILE,
    GX_DIR,
    GxConfigError,
    batch_definition,
    docs_dir,
    expectations_dir,
    open_context,
    validations_dir,
)
from checks.gx.docs import build_docs
from checks.gx.expectations import build_suite, must_be_true, save_suite
from checks.gx.run import run_suite

REPO = Path(__file__).resolve().parents[3]


def make_project(root: Path) -> Path:
    """Lay out a project root holding a copy of the repository's GX config and no suites."""
    (root / GX_DIR).mkdir(parents=True)
    shutil.copyfile(REPO / GX_DIR / CONFIG_FILE, root / GX_DIR / CONFIG_FILE)
    (root / "expectations").mkdir()
    return root


def full_run(root: Path, build: Path) -> Path:
    """Load the context, save a suite, validate a table and build the docs; return the index."""
    context = open_context(root, build)
    suite = build_suite("offline", [must_be_true("ok", "ok", "Every row is ok.")])
    save_suite(context, suite)
    table = pd.DataFrame({"row_id": ["a", "b"], "ok": [True, False]})
    result = run_suite(context, "offline", table, "row_id")
    assert [o.failing_ids for o in result.outcomes] == [("b",), ()]
    return build_docs(context, build)


def test_repository_config_loads_with_the_settings_the_harness_relies_on(tmp_path: Path) -> None:
    context = open_context(REPO, tmp_path / "build")

    assert context.config.analytics_enabled is False
    assert dict(context.progress_bars or {}) == {"globally": False, "metric_calculations": False}
    assert expectations_dir(context) == (REPO / "expectations").resolve()
    assert batch_definition(context).name == "whole_dataframe"


def test_a_full_run_writes_only_suites_and_build_output(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    config_before = (root / GX_DIR / CONFIG_FILE).read_bytes()
    build = tmp_path / "project" / "build"

    index = full_run(root, build)

    assert (root / GX_DIR / CONFIG_FILE).read_bytes() == config_before
    outside_build = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and build not in p.parents
    )
    assert outside_build == ["expectations/offline.json", "gx/great_expectations.yml"]
    assert index == docs_dir(build) / "index.html"
    assert index.is_file()
    assert list(validations_dir(build).rglob("*.json")), "no validation result was stored"


def test_missing_config_is_an_error_and_nothing_is_scaffolded(tmp_path: Path) -> None:
    with pytest.raises(GxConfigError) as caught:
        open_context(tmp_path, tmp_path / "build")

    config = tmp_path.absolute() / GX_DIR / CONFIG_FILE
    assert str(caught.value) == (
        f"{config}: GX config not found; open_context needs the project root that holds "
        "gx/great_expectations.yml (the repository root)"
    )
    assert list(tmp_path.iterdir()) == []


def test_config_drift_is_reported_all_at_once(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    config = root / GX_DIR / CONFIG_FILE
    text = config.read_text()
    text = text.replace("analytics_enabled: false", "analytics_enabled: true")
    text = text.replace("base_directory: ../expectations/", "base_directory: suites/")
    config.write_text(text)

    with pytest.raises(GxConfigError) as caught:
        open_context(root, tmp_path / "build")

    message = str(caught.value)
    assert message.startswith(f"{config.absolute()}: the GX config is not usable:\n")
    assert "  - analytics_enabled is True; set it to false\n" in message
    assert f"it must be {root.absolute() / 'expectations'}" in message


def test_another_gx_version_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gx_context, "gx_version", "1.25.0")

    with pytest.raises(GxConfigError, match=r"'1\.25\.0' is installed but .* pinned to '1\.24\.1'"):
        open_context(REPO, tmp_path / "build")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make every connection and name lookup raise, and record each attempt."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network disabled in this test: {what}")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    # The documented environment switch says "on": the project config must still win.
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "true")
    yield attempts


def test_no_network_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(OSError, match="network disabled"):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    assert no_network, "the guard did not see the connection attempt"


def test_context_run_and_docs_make_no_connection_attempt(
    tmp_path: Path, no_network: list[str]
) -> None:
    full_run(make_project(tmp_path), tmp_path / "build")

    assert no_network == []
