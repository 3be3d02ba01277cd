"""Chaos: kill `validate` at random points, run three at once, and check what is left.

Each killed run (SIGKILL or SIGTERM at a random moment of a run) must leave the declarations
byte for byte as they were and the output folder holding either the previous complete set
or the new one; three runs started together (two on one output folder, one on another) must
all succeed; and a run after all that succeeds and tidies every leftover. The kill times are
drawn from a seeded generator over the measured length of a run, so a failure can be replayed
(CHAOS_SEED).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from outputkit import Project, assert_complete_set, declarations, make_project

from checks.output.publish import JOURNAL, OutputFolder

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
KILLS = 6
SEED = int(os.environ.get("CHAOS_SEED", "20260"))


def start(project: Project, out: Path) -> subprocess.Popen[str]:
    argv = project.argv("validate", "--docs", "--quiet", "--out", str(out))
    return subprocess.Popen(
        [sys.executable, "-m", "checks", *argv],
        cwd=REPO,
        env={**os.environ, "PYTHONUTF8": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 600) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def test_killed_and_concurrent_runs_never_lose_or_mix_outputs(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    declared = declarations(project)
    out = tmp_path / "build"
    began = time.monotonic()
    code, _, err = finish(start(project, out))
    length = time.monotonic() - began
    assert code == 0, err
    previous = assert_complete_set(out)
    rng = random.Random(SEED)
    published = 0
    for i in range(KILLS):
        sig = signal.SIGKILL if i % 2 == 0 else signal.SIGTERM
        delay = rng.uniform(0.05, 1.1 * length)
        proc = start(project, out)
        time.sleep(delay)
        proc.send_signal(sig)
        code, _, err = finish(proc)
        context = f"kill {i}: {sig.name} after {delay:.2f} s of a {length:.2f} s run (seed {SEED})"
        assert "Traceback" not in err, context
        assert declarations(project) == declared, context
        if (out / JOURNAL).exists():  # SIGKILL between two renames of the swap: rolled forward
            with OutputFolder(out):  # by whichever run enters the folder next
                pass
        now = assert_complete_set(out)  # whole, from one run: the old one or the new one
        if now != previous:
            published += 1
            previous = now
    # three at once: two on one output folder (one waits for the other), one on another
    other = tmp_path / "other"
    procs = [start(project, out), start(project, out), start(project, other)]
    results = [finish(p) for p in procs]
    for code, _, err in results:
        assert code == 0, err
        assert "ResourceFreshness" not in err
    assert declarations(project) == declared
    assert_complete_set(out)
    assert_complete_set(other)
    # and a following run succeeds, leaving nothing of the killed runs behind
    code, _, err = finish(start(project, out))
    assert code == 0, err
    assert_complete_set(out)
    assert sorted(p.name for p in out.iterdir()) == ["docs", "gx", "results"]
    assert declarations(project) == declared
    print(f"\nchaos: {KILLS} kills, {published} of them after the swap; run length {length:.1f} s")
