"""A run reads the declarations and writes only its output folder, and only one it owns."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from outputkit import Project, assert_complete_set, make_project

from checks.cli import main


def stat_tree(folder: Path) -> dict[str, tuple[bytes | None, int, int, int]]:
    """Every entry with bytes, inode, mtime and mode: any write, even of equal bytes, shows."""
    return {
        p.relative_to(folder).as_posix(): (
            p.read_bytes() if p.is_file() else None,
            p.stat().st_ino,
            p.stat().st_mtime_ns,
            p.stat().st_mode,
        )
        for p in sorted([folder, *folder.rglob("*")])
    }


def cli(argv: list[str], cwd: Path | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        if cwd is not None:
            mp.chdir(cwd)
        code = main(argv, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "project")


@pytest.fixture
def read_only(project: Project) -> Iterator[Project]:
    """The project with every file and folder made read-only (restored afterwards)."""
    paths = sorted([*project.root.rglob("*"), *project.datasets.rglob("*")], reverse=True)
    modes = {p: p.stat().st_mode for p in [*paths, project.root, project.datasets]}
    for path in modes:
        path.chmod(stat.S_IMODE(modes[path]) & ~0o222)
    yield project
    for path, mode in sorted(modes.items()):
        path.chmod(stat.S_IMODE(mode))


def test_a_read_only_checkout_validates_into_a_writable_output_folder(
    read_only: Project, tmp_path: Path
) -> None:
    """Nothing under the project is written, not even with equal bytes (as root, too)."""
    before = stat_tree(read_only.root), stat_tree(read_only.datasets)
    out = tmp_path / "out"
    code, _, err = cli(read_only.argv("validate", "--docs", "--quiet", "--out", str(out)))
    assert code == 0, err
    assert (stat_tree(read_only.root), stat_tree(read_only.datasets)) == before
    assert_complete_set(out)
    if os.geteuid() != 0:  # as root, permissions do not stop writes; the stat check above does
        assert "wrote" not in err


def test_out_dot_in_a_project_is_refused_and_deletes_nothing(project: Project) -> None:
    """`validate --docs --out .` used to replace ./gx, deleting gx/great_expectations.yml."""
    before = stat_tree(project.root)
    code, out, err = cli(project.argv("validate", "--docs", "--out", "."), cwd=project.root)
    assert code == 2, out
    assert err.splitlines()[1].startswith(
        ".: holds 'expectations', which this tool did not write; a run replaces results, docs, gx"
    )
    assert "nothing written" in err
    assert stat_tree(project.root) == before


def test_an_output_folder_of_other_files_is_refused(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("mine\n", encoding="utf-8")
    code, _, err = cli(project.argv("validate", "--out", str(out)))
    assert code == 2
    assert f"{out}: holds 'thesis.tex', which this tool did not write" in err
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]


def test_a_second_run_replaces_the_whole_set_and_tidies_leftovers(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "build"
    argv = project.argv("validate", "--docs", "--quiet", "--out", str(out))
    assert cli(argv)[0] == 0
    first = assert_complete_set(out)
    (out / ".staging-deadbeef0000" / "results").mkdir(parents=True)  # a killed run's
    (out / ".old-deadbeef0000").mkdir()
    assert cli(argv)[0] == 0
    second = assert_complete_set(out)
    assert second != first
    assert sorted(p.name for p in out.iterdir()) == ["docs", "gx", "results"]


def test_screen_out_goes_through_the_same_checks(project: Project, tmp_path: Path) -> None:
    """`screen --out` publishes like validate, and refuses a folder holding other files too."""
    article = Path(__file__).resolve().parents[1] / "data" / "kingsoft_article.txt"
    before = stat_tree(project.root)
    common = ["screen", str(article), "--quiet", "--datasets", str(project.datasets)]
    code, _, err = cli([*common, "--out", "."], cwd=project.root)
    assert code == 2, err
    assert ".: holds 'expectations', which this tool did not write" in err
    assert stat_tree(project.root) == before
    out = tmp_path / "screened"
    code, _, err = cli([*common, "--out", str(out)])
    assert code in (0, 1), err
    assert sorted(p.name for p in out.iterdir()) == ["docs", "results"]
    assert (out / "docs" / ".run-id").read_text() == (out / "results" / ".run-id").read_text()
