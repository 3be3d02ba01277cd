"""Find and start headless Chromium with networking off: shared by the browser and hostile-text tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

OFFLINE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def chromium() -> str:
    """Find Chromium; skip with the reason when it is absent, but fail in CI (CI is set)."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    message = "headless Chromium not found on PATH (install it: apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI is set, so the browser test must run")
    pytest.skip(message)


def command(profile: Path, *extra: str) -> list[str]:
    return [chromium(), *OFFLINE_FLAGS, f"--user-data-dir={profile}", *extra]
