"""Tests for checks.output.publish: outputs appear together or not at all, one run at a time."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from checks.output import publish
from checks.output.publish import JOURNAL, OUTPUT_NAMES, RUN_ID_FILE, OutputFolder
from checks.problems import DataError


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder` (hidden ones too), files with their bytes."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def fill(stage: Path, tag: str, names: tuple[str, ...] = OUTPUT_NAMES) -> None:
    for name in names:
        (stage / name / "sub").mkdir(parents=True)
        (stage / name / "sub" / "file.txt").write_text(f"{name} of {tag}\n", encoding="utf-8")


def run(out: Path, tag: str, names: tuple[str, ...] = OUTPUT_NAMES) -> None:
    with OutputFolder(out) as folder:
        stage = folder.stage()
        fill(stage, tag, names)
        folder.publish(stage, tag)


def assert_set_of(out: Path, tag: str, names: tuple[str, ...] = OUTPUT_NAMES) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    for name in names:
        assert (out / name / RUN_ID_FILE).read_text(encoding="utf-8") == f"{tag}\n"
        assert (out / name / "sub" / "file.txt").read_text(encoding="utf-8") == f"{name} of {tag}\n"


def test_publish_swaps_every_folder_in_and_leaves_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "build"
    run(out, "first")
    assert_set_of(out, "first")
    run(out, "second")
    assert_set_of(out, "second")


def test_a_run_that_builds_no_docs_removes_the_docs_of_an_earlier_run(tmp_path: Path) -> None:
    """Docs describing other results would be read as this run's."""
    out = tmp_path / "build"
    run(out, "first")
    run(out, "second", ("results", "gx"))
    assert_set_of(out, "second", ("results", "gx"))


def test_a_failed_swap_restores_the_previous_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    run(out, "old")
    before = tree(out)
    real_replace = Path.replace
    moves: list[str] = []

    def failing_replace(self: Path, target: Path) -> Path:
        moves.append(f"{self.parent.name}/{self.name}")
        if len(moves) == 4:  # journal, results aside, results in, docs aside: fails
            raise PermissionError(13, "Permission denied", str(target))
        return real_replace(self, target)

    with OutputFolder(out) as folder:
        stage = folder.stage()
        fill(stage, "new")
        monkeypatch.setattr(Path, "replace", failing_replace)
        with pytest.raises(PermissionError):
            folder.publish(stage, "new")
        monkeypatch.setattr(Path, "replace", real_replace)
        folder.discard(stage)
    assert len(moves) > 4  # the roll-back renamed things back
    assert tree(out) == before


def test_a_swap_killed_midway_is_rolled_forward_by_the_next_run(tmp_path: Path) -> None:
    """What a SIGKILL between two renames leaves: the journal, a staging and a backup folder."""
    out = tmp_path / "build"
    run(out, "old")
    with OutputFolder(out) as folder:
        stage = folder.stage()
        fill(stage, "new")
        for name in OUTPUT_NAMES:
            (stage / name / RUN_ID_FILE).write_text("new\n", encoding="utf-8")
    backup = out / ".old-killed"
    backup.mkdir()
    (out / "results").replace(backup / "results")  # results swapped in, then the kill
    (stage / "results").replace(out / "results")
    (out / "docs").replace(backup / "docs")  # docs moved aside, then the kill
    plan = {"stage": stage.name, "backup": backup.name, "new": list(OUTPUT_NAMES), "drop": []}
    (out / JOURNAL).write_text(json.dumps(plan), encoding="utf-8")
    with OutputFolder(out):
        pass  # entering recovers and tidies
    assert_set_of(out, "new")


def test_leftovers_of_killed_runs_are_removed_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "build"
    run(out, "old")
    for leftover in (".staging-0123456789ab", ".old-0123456789ab"):
        (out / leftover / "results").mkdir(parents=True)
    (out / JOURNAL).write_text('{"stage": ', encoding="utf-8")  # torn before any rename
    with OutputFolder(out):
        pass
    assert_set_of(out, "old")


@pytest.mark.parametrize(
    "foreign", ["great_expectations.yml", "README.md", "datasets", ".git", "notes.txt"]
)
def test_an_output_folder_holding_other_files_is_refused_untouched(
    tmp_path: Path, foreign: str
) -> None:
    out = tmp_path / "project"
    (out / "gx").mkdir(parents=True)
    (out / "gx" / "great_expectations.yml").write_text("config_version: 4.0\n", encoding="utf-8")
    target = out / foreign
    if "." in foreign.strip("."):
        target.write_text("mine\n", encoding="utf-8")
    else:
        target.mkdir()
    before = tree(out)
    with pytest.raises(DataError) as caught:
        OutputFolder(out).__enter__()
    [problem] = caught.value.problems
    assert (problem.file, problem.code) == (str(out), "out-not-ours")
    assert problem.message.startswith(f"holds {foreign!r}, which this tool did not write;")
    assert tree(out) == before


def test_a_new_empty_or_earlier_output_folder_is_accepted(tmp_path: Path) -> None:
    assert publish.foreign_entries(tmp_path / "missing") == []
    (tmp_path / "empty").mkdir()
    assert publish.foreign_entries(tmp_path / "empty") == []
    run(tmp_path / "build", "first")
    (tmp_path / "build" / "artifacts").mkdir()  # the browser test's screenshots
    assert publish.foreign_entries(tmp_path / "build") == []


def _child(script: str) -> subprocess.Popen[str]:
    """Start `python -c script` from the repository root, its stdout piped back as text."""
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )


def test_a_second_run_on_the_same_folder_waits_for_the_first_with_a_message(
    tmp_path: Path,
) -> None:
    out = tmp_path / "build"
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from checks.output.publish import OutputFolder
        with OutputFolder(Path({str(out)!r}), notify=lambda t: print(t, flush=True)):
            print("entered", time.monotonic(), flush=True)
        """
    )
    with OutputFolder(out):
        child = _child(script)
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first == f"waiting for another claimcheck run to finish writing to {out} ...\n"
        time.sleep(0.5)
        assert child.poll() is None  # still waiting while the lock is held
        released = time.monotonic()
    rest, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    assert rest.startswith("entered ")
    assert float(rest.split()[1]) >= released


def test_a_run_that_publishes_nothing_removes_the_folders_it_made(tmp_path: Path) -> None:
    """A run refused for its data leaves no empty output folder, nor the folders above it."""
    (tmp_path / "kept").mkdir()
    for out in (tmp_path / "a" / "b" / "build", tmp_path / "kept" / "build"):
        with OutputFolder(out) as folder:
            folder.discard(folder.stage())
        assert not out.exists()
    assert not (tmp_path / "a").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept"]  # it was there before
    run(tmp_path / "c" / "build", "first")  # a run that publishes keeps what it made
    assert_set_of(tmp_path / "c" / "build", "first")
    with OutputFolder(tmp_path / "c" / "build") as folder:  # and a refused run after it too
        folder.discard(folder.stage())
    assert_set_of(tmp_path / "c" / "build", "first")


def test_a_run_that_waited_on_a_folder_removed_under_it_makes_it_again(tmp_path: Path) -> None:
    """The first run, refused, removes the new folder while the second waits on its lock."""
    out = tmp_path / "new" / "build"
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from checks.output.publish import OutputFolder
        out = Path({str(out)!r})
        with OutputFolder(out, notify=lambda t: print(t, flush=True)) as folder:
            stage = folder.stage()
            (stage / "results").mkdir()
            folder.publish(stage, "second")
        print("published", flush=True)
        """
    )
    with OutputFolder(out) as first:
        child = _child(script)
        assert child.stdout is not None
        assert child.stdout.readline().startswith("waiting for another claimcheck run")
        first.discard(first.stage())  # refused: publishes nothing
    rest, _ = child.communicate(timeout=60)
    assert (child.returncode, rest) == (0, "published\n")
    assert (out / "results" / RUN_ID_FILE).read_text(encoding="utf-8") == "second\n"
