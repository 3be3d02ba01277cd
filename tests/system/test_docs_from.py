"""Tests for `python -m checks docs --from`: the reports rebuilt from results alone.

Known pass: the pages rebuilt from build/results are byte-identical to those `validate
--docs` wrote. Known fail: a missing or invalid results file, a newer schema version, a
changed source text and an unknown case are refused with exit 2, naming the file.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from schemakit import BROKEN_ON_PURPOSE

from checks.cli import main

REPO = Path(__file__).resolve().parents[2]
REAL = "kingsoft-cloud-ai-strategy"
PAGES = ("index.html", f"{REAL}/index.html")

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def cli(*argv: str | Path) -> Run:
    """Run `python -m checks ARGV` in this process, from the repository root."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        code = main([str(a) for a in argv], out=out, err=err)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real case validated with docs, as `nox -s validate` does."""
    out = tmp_path_factory.mktemp("validated") / "build"
    run = cli("validate", "--docs", "--quiet", "--out", out)
    assert run.code == 0, run.err
    return out


@pytest.fixture
def results(built: Path, tmp_path: Path) -> Path:
    """A copy of the results folder that a test may break (so the session's schema check skips it)."""
    copy = Path(shutil.copytree(built / "results", tmp_path / "results"))
    (copy / BROKEN_ON_PURPOSE).write_text("edited by a test of docs --from\n", encoding="utf-8")
    return copy


def test_pages_from_results_are_byte_identical(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    shutil.copytree(built / "docs" / "gx", out / "docs" / "gx")  # GX Data Docs stay as built
    run = cli("docs", "--from", built / "results", "--out", out)
    assert run.code == 0, run.err
    assert run.out.startswith(f"1 case report(s) from {built / 'results'}")
    for page in PAGES:
        assert (out / "docs" / page).read_bytes() == (built / "docs" / page).read_bytes(), page
    assert sorted(p.name for p in (out / "docs").iterdir()) == ["gx", "index.html", REAL]


def test_without_gx_docs_the_index_links_none(built: Path, tmp_path: Path) -> None:
    run = cli("docs", "--from", built / "results", "--out", tmp_path)
    assert run.code == 0, run.err
    index = (tmp_path / "docs" / "index.html").read_text(encoding="utf-8")
    assert "gx/index.html" not in index
    assert f"{REAL}/index.html" in index
    case = tmp_path / "docs" / REAL / "index.html"
    assert case.read_bytes() == (built / "docs" / REAL / "index.html").read_bytes()


def test_nothing_is_evaluated(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import checks.pipeline

    def refuse(*_: object) -> None:
        raise AssertionError("docs --from ran a case")

    monkeypatch.setattr(checks.pipeline, "run_case", refuse)
    assert cli("docs", "--from", built / "results", "--out", tmp_path).code == 0


def refused(results: Path, out: Path, *extra: str | Path) -> str:
    run = cli("docs", "--from", results, "--out", out, *extra)
    assert run.code == 2, run.out
    assert not (out / "docs").exists()
    return run.err


def test_a_missing_results_folder_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path / "nowhere", tmp_path / "out")
    assert f"{tmp_path / 'nowhere' / 'results.json'}: does not exist;" in err


def test_a_newer_schema_version_is_refused(results: Path, tmp_path: Path) -> None:
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    data["schema_version"] = "2.0"
    (results / "results.json").write_text(json.dumps(data), encoding="utf-8")
    err = refused(results, tmp_path / "out")
    assert "schema_version '2.0' cannot be read by this version of claimcheck" in err


def test_a_case_file_that_breaks_the_schema_is_refused_naming_the_field(
    results: Path, tmp_path: Path
) -> None:
    path = results / "cases" / f"{REAL}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claims"][0]["results"]["internal"]["stated_hi"] = "inf"
    path.write_text(json.dumps(data), encoding="utf-8")
    err = refused(results, tmp_path / "out")
    assert f"{path}: column 'claims/0/results/internal/stated_hi': does not fit" in err


def test_a_changed_source_is_refused(results: Path, tmp_path: Path) -> None:
    datasets = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets" / REAL, datasets / REAL)
    source = datasets / REAL / "source.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    err = refused(results, tmp_path / "out", "--datasets", datasets)
    assert f"{source}: is not the text" in err
    assert "source-changed" not in err  # the code is for tools; the message says what to do
    assert "re-run `python -m checks validate --docs`" in err


def test_an_unknown_case_is_refused(results: Path, tmp_path: Path) -> None:
    err = refused(results, tmp_path / "out", "--case", "no-such-case")
    assert f"holds no case 'no-such-case'; it holds {REAL}" in err
