"""Tests for `python -m checks docs --from`: the reports rebuilt from results alone.

Known pass: the pages rebuilt from build/results are byte-identical to those `validate
--docs` wrote, and are published like validate's (staged, then swapped in). Known fail: a
missing or invalid results file, a newer schema version, a case file that is missing,
corrupt or not the one its summary row describes, a changed source text and an unknown
case are refused with exit 2, naming the file, and the previous docs stay as they were.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from outputkit import assert_complete_set, run_id
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
    """The real case validated with docs, as `nox -s validate` does, and only it.

    Named with --case so that another case added to datasets/ (data files only) leaves
    these tests as they are.
    """
    out = tmp_path_factory.mktemp("validated") / "build"
    run = cli("validate", "--docs", "--quiet", "--case", REAL, "--out", out)
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
    assert sorted(p.name for p in (out / "docs").iterdir()) == [".run-id", "gx", "index.html", REAL]
    assert run_id(out, "docs") == run_id(built, "results")  # the run the pages come from


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
    data["schema_version"] = "3.0"
    (results / "results.json").write_text(json.dumps(data), encoding="utf-8")
    err = refused(results, tmp_path / "out")
    assert "schema_version '3.0' cannot be read by this version of claimcheck" in err


def test_a_results_json_of_schema_1_is_refused(results: Path, tmp_path: Path) -> None:
    """Schema 1.x held every case's claims in results.json; this version reads the summary."""
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    data["schema_version"] = "1.1"
    (results / "results.json").write_text(json.dumps(data), encoding="utf-8")
    err = refused(results, tmp_path / "out")
    assert (
        "schema_version '1.1' cannot be read by this version of claimcheck, which reads 2.x" in err
    )


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


def test_a_datasets_folder_without_the_cases_is_refused_in_one_line(
    results: Path, tmp_path: Path
) -> None:
    """A wrong --datasets is named once, not once a case (a corpus would print thousands)."""
    (tmp_path / "elsewhere" / "other-case").mkdir(parents=True)
    err = refused(results, tmp_path / "out", "--datasets", tmp_path / "elsewhere")
    assert (
        f"{tmp_path / 'elsewhere'}: holds the source.txt of none of the 1 case(s) to render "
        f"(such as {REAL!r}); name the datasets folder the results were computed from"
    ) in err
    assert "source.txt: does not exist" not in err
    assert not (tmp_path / "out").exists()


def test_an_unknown_case_is_refused(results: Path, tmp_path: Path) -> None:
    err = refused(results, tmp_path / "out", "--case", "no-such-case")
    assert f"holds no case 'no-such-case'; it holds {REAL}" in err


def test_a_missing_case_file_is_refused_naming_it(results: Path, tmp_path: Path) -> None:
    path = results / "cases" / f"{REAL}.json"
    path.unlink()
    err = refused(results, tmp_path / "out")
    assert f"{path}: does not exist;" in err
    assert "Traceback" not in err


def test_a_corrupt_case_file_is_refused_naming_it(results: Path, tmp_path: Path) -> None:
    path = results / "cases" / f"{REAL}.json"
    path.write_bytes(path.read_bytes()[:1000])  # cut short, as by a full disk
    err = refused(results, tmp_path / "out")
    assert f"{path}: is not valid JSON" in err
    assert "Traceback" not in err


def test_a_case_file_that_does_not_match_its_summary_row_is_refused(
    results: Path, tmp_path: Path
) -> None:
    """A case file from another run than results.json: its counts give it away."""
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    claims = data["cases"][0]["claims"]
    data["cases"][0]["claims"] = claims + 1
    (results / "results.json").write_text(json.dumps(data), encoding="utf-8")
    err = refused(results, tmp_path / "out")
    path = results / "cases" / f"{REAL}.json"
    assert (
        f"{path}: column 'claims': does not match its row in {results / 'results.json'} "
        f"(claims is {claims} here, {claims + 1} there)"
    ) in err


def test_a_broken_case_leaves_the_previous_docs_as_they_were(
    built: Path, results: Path, tmp_path: Path
) -> None:
    out = tmp_path / "build"
    assert cli("docs", "--from", built / "results", "--out", out).code == 0
    before = {p: p.read_bytes() for p in sorted((out / "docs").rglob("*")) if p.is_file()}
    (results / "cases" / f"{REAL}.json").write_text("{}", encoding="utf-8")
    run = cli("docs", "--from", results, "--out", out)
    assert run.code == 2
    assert "nothing written: the previous results and docs are left as they were" in run.err
    after = {p: p.read_bytes() for p in sorted((out / "docs").rglob("*")) if p.is_file()}
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == ["docs"]  # no staging folder left


def test_an_out_folder_that_holds_other_files_is_refused(built: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    run = cli("docs", "--from", built / "results", "--out", tmp_path)
    assert run.code == 2
    assert f"{tmp_path}: holds 'notes.txt', which this tool did not write" in run.err
    assert not (tmp_path / "docs").exists()


def test_docs_from_its_own_out_folder_keeps_the_results(built: Path, tmp_path: Path) -> None:
    """`docs --from build/results --out build` replaces docs alone, in place of validate's."""
    out = Path(shutil.copytree(built, tmp_path / "build"))
    results = {p: p.read_bytes() for p in sorted((out / "results").rglob("*")) if p.is_file()}
    run = cli("docs", "--from", out / "results", "--out", out)
    assert run.code == 0, run.err
    assert {
        p: p.read_bytes() for p in sorted((out / "results").rglob("*")) if p.is_file()
    } == results
    assert (out / "gx").is_dir()
    assert (out / "docs" / "gx" / "index.html").is_file()  # the GX Data Docs carried over
    for page in PAGES:
        assert (out / "docs" / page).read_bytes() == (built / "docs" / page).read_bytes(), page
    assert_complete_set(out, (REAL,))
