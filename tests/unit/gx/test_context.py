"""Tests for checks.gx.context: the File Data Context is offline, read-only and writes to build/."""

from __future__ import annotations

import shutil
import socket
import threading
import time
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
    open_run_context,
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


# --- the ResourceFreshnessAggregateError: GX writes its expectations store during a run -------


def stat_tree(folder: Path) -> dict[str, tuple[bytes | None, int, int]]:
    """Every entry with its bytes, inode and mtime: a rewrite with equal bytes still shows."""
    return {
        p.relative_to(folder).as_posix(): (
            p.read_bytes() if p.is_file() else None,
            p.stat().st_ino,
            p.stat().st_mtime_ns,
        )
        for p in sorted([folder, *folder.rglob("*")])
    }


def project_with_suite(root: Path) -> Path:
    """A project root with one committed suite, saved the way `python -m checks suites` does."""
    make_project(root)
    with_suite = open_context(root, root.parent / "setup-build")
    save_suite(with_suite, build_suite("offline", [must_be_true("ok", "ok", "Every row is ok.")]))
    return root


def run_offline(context: Any) -> None:
    table = pd.DataFrame({"row_id": ["a", "b"], "ok": [True, True]})
    assert run_suite(context, "offline", table, "row_id").success


def test_gx_rewrites_the_suite_file_of_the_store_it_validates_from(tmp_path: Path) -> None:
    """The condition behind the flaky 'ExpectationSuite 'facts' not found': reproduced here.

    validation_definitions.add_or_update saves the suite through the store, which opens
    <suite>.json for writing (truncating it) and writes it again. A second run, or a second
    context, reading the file in between found it empty. If GX ever stops writing here, this
    test fails and the private run copies could be reconsidered.
    """
    root = project_with_suite(tmp_path / "project")
    suite_file = root / "expectations" / "offline.json"
    before = suite_file.stat()
    time.sleep(0.01)  # so a rewrite within the same clock tick still moves the mtime
    run_offline(open_context(root, tmp_path / "build"))
    after = suite_file.stat()
    assert after.st_mtime_ns != before.st_mtime_ns  # written, although nothing changed


def test_a_run_context_never_writes_into_the_project(tmp_path: Path) -> None:
    """open_run_context validates from private copies: the project's files are only read."""
    root = project_with_suite(tmp_path / "project")
    before = stat_tree(root)
    time.sleep(0.01)
    run_dir = tmp_path / "run"
    context = open_run_context(root, run_dir)
    run_offline(context)
    build_docs(context, run_dir)
    assert stat_tree(root) == before
    assert expectations_dir(context) == (run_dir / "context" / "expectations").resolve()
    assert (run_dir / "docs" / "gx" / "index.html").is_file()
    assert any((run_dir / "gx" / "validations").rglob("*.json"))


def test_two_run_contexts_in_one_process_validate_in_turn(tmp_path: Path) -> None:
    root = project_with_suite(tmp_path / "project")
    first = open_run_context(root, tmp_path / "one")
    second = open_run_context(root, tmp_path / "two")
    for _ in range(5):
        run_offline(first)
        run_offline(second)


def test_a_reader_never_sees_the_project_suite_empty_while_runs_go_on(tmp_path: Path) -> None:
    """A thread reads the committed suite in a loop while runs validate against it."""
    root = project_with_suite(tmp_path / "project")
    suite_file = root / "expectations" / "offline.json"
    expected = suite_file.read_bytes()
    seen: list[bytes] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            data = suite_file.read_bytes()
            if data != expected:
                seen.append(data)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(6):
            run_offline(open_run_context(root, tmp_path / f"run{i}"))
    finally:
        stop.set()
        reader.join()
    assert seen == []


def test_a_run_context_names_the_project_config_in_its_errors(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / GX_DIR / CONFIG_FILE).write_text(
        (root / GX_DIR / CONFIG_FILE)
        .read_text(encoding="utf-8")
        .replace("analytics_enabled: false", "analytics_enabled: true"),
        encoding="utf-8",
    )
    with pytest.raises(GxConfigError) as caught:
        open_run_context(root, tmp_path / "run")
    message = str(caught.value)
    assert message.startswith(f"{root / GX_DIR / CONFIG_FILE}: the GX config is not usable:")
    assert str(tmp_path / "run") not in message
    with pytest.raises(GxConfigError, match="GX config not found"):
        open_run_context(tmp_path / "nowhere", tmp_path / "run2")
