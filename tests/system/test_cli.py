"""Tests for checks.cli: the gate a CI job and a newcomer both run.

The three exit codes (0 all verdicts as reviewed, 1 a verdict changed, 2 data or config
broken) with messages that name the file, line and claim; exit 2 leaves the previous
build/ untouched; results are byte-identical across runs; case selection; progress only on
stderr; stale suites; `python -m checks` as a newcomer would type it.

Cost: `checks.cli.main` runs in this process (GX imported once); the real case runs once
in-process (session fixture) and once as `python -m checks validate` in a subprocess that
starts with the first test here and is collected by the last ones, so the two overlap.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from repocases import CASES
from schemakit import load, load_case

import checks.cli
from checks.cli import main
from checks.gx.suites import TABLE_SUITES
from checks.progress import Progress

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / "datasets"
SYNTHETIC = REPO / "tests" / "data" / "cases"
REAL = "kingsoft-cloud-ai-strategy"
DEMO = "demo-cloud-results"
PROGRESS = re.compile(r"^\[\s*\d+\.\ds\] .+ \.\.\.$", re.MULTILINE)
NOTHING_WRITTEN = "nothing written: the previous results and docs are left as they were"
SUITES_FIX = (
    "regenerate it with `nox -s suites` or a `python -m checks validate` without --frozen, "
    "and commit it"
)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def cli(*argv: str | Path, cwd: Path = REPO) -> Run:
    """Run `python -m checks ARGV` in this process, from `cwd`; capture stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        code = main([str(a) for a in argv], out=out, err=err)
    run = Run(code, out.getvalue(), err.getvalue())
    assert not PROGRESS.search(run.out), "progress lines belong on stderr, not stdout"
    return run


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder under `folder`, hidden ones included."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def line_of(path: Path, prefix: str) -> int:
    """The 1-based line of `path` that starts with `prefix` (the header is line 1)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    [number] = [i for i, line in enumerate(lines, 1) if line.startswith(prefix)]
    return number


def edit_line(path: Path, prefix: str, old: str | bytes, new: str | bytes) -> int:
    """Replace `old` (once) in the line starting with `prefix`; return that line's number."""
    number = line_of(path, prefix)
    lines = path.read_bytes().split(b"\n")
    old_b = old.encode() if isinstance(old, str) else old
    new_b = new.encode() if isinstance(new, str) else new
    assert lines[number - 1].count(old_b) == 1
    lines[number - 1] = lines[number - 1].replace(old_b, new_b)
    path.write_bytes(b"\n".join(lines))
    return number


def table_rows(out: str, case_id: str) -> list[str]:
    """The data rows of a case's printed table."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"== {case_id} ("))
    assert lines[start + 1].split()[:2] == ["claim", "kind"]
    rows = []
    for line in lines[start + 2 :]:
        if not line.strip():
            break
        rows.append(line)
    return rows


# --- a background `python -m checks` ---------------------------------------------------------


class Background:
    """A subprocess started now and waited for later, by a thread that waits on it."""

    def __init__(self, *argv: str) -> None:
        env = {**os.environ, "PYTHONUTF8": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "checks", *argv],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self._streams: tuple[bytes, bytes] = (b"", b"")
        self._waiter = threading.Thread(target=self._wait, daemon=True)
        self._waiter.start()

    def _wait(self) -> None:
        self._streams = self.proc.communicate()

    def result(self, timeout: float = 300) -> Run:
        self._waiter.join(timeout)
        assert not self._waiter.is_alive(), f"{self.proc.args!r} did not finish in {timeout} s"
        out, err = self._streams
        assert self.proc.returncode is not None
        return Run(self.proc.returncode, out.decode("utf-8"), err.decode("utf-8"))

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self._waiter.join(10)


@dataclass
class Subprocesses:
    validate: Background
    validate_out: Path
    help: Background
    validate_help: Background


@pytest.fixture(scope="module", autouse=True)
def subprocesses(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Subprocesses]:
    """Start the subprocess runs with the first test of this module; the last tests read them."""
    out = tmp_path_factory.mktemp("subprocess") / "build"
    procs = Subprocesses(
        validate=Background("validate", "--out", str(out)),
        validate_out=out,
        help=Background("--help"),
        validate_help=Background("validate", "--help"),
    )
    yield procs
    for p in (procs.validate, procs.help, procs.validate_help):
        p.close()


# --- shared runs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    root: Path
    suites: Run


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A project root: copies of gx/ and expectations/, plus the synthetic case's claims suite
    written by `python -m checks suites` (the committed expectations/ holds the real case's)."""
    root = tmp_path_factory.mktemp("project")
    (root / "gx").mkdir()
    shutil.copyfile(REPO / "gx" / "great_expectations.yml", root / "gx" / "great_expectations.yml")
    shutil.copytree(REPO / "expectations", root / "expectations")
    assert not (root / "expectations" / f"claims-{DEMO}.json").exists()
    suites = cli("suites", "--datasets", SYNTHETIC, "--root", root, "--out", root / "unused")
    assert suites.code == 0, suites.err
    return Project(root, suites)


@dataclass(frozen=True)
class Build:
    run: Run
    out: Path


@pytest.fixture(scope="session")
def good_build(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The synthetic case validated with docs: a good build/ that failed runs must not touch."""
    out = tmp_path_factory.mktemp("good") / "build"
    run = cli("validate", "--docs", "--datasets", SYNTHETIC, "--root", project.root, "--out", out)
    return Build(run, out)


@pytest.fixture(scope="session")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    """`python -m checks validate` over the real datasets/, in this process."""
    out = tmp_path_factory.mktemp("real") / "build"
    return cli("validate", "--out", out), out


@pytest.fixture
def previous_build(good_build: Build, tmp_path: Path) -> Path:
    assert good_build.run.code == 0, good_build.run.err
    out = tmp_path / "build"
    shutil.copytree(good_build.out, out)
    return out


def assert_untouched(out: Path, before: dict[str, bytes | None]) -> None:
    after = snapshot(out)
    assert sorted(after) == sorted(before), "files were added or removed"
    changed = [name for name in before if after[name] != before[name]]
    assert not changed, f"changed: {changed[:5]}"


# --- exit 0 -----------------------------------------------------------------------------------


def test_the_real_case_exits_0(real_run: tuple[Run, Path]) -> None:
    run, out = real_run
    assert run.code == 0, run.err
    assert "0 differ from review; 0 data error(s)" in run.out
    assert "verdict is" not in run.err
    assert "data errors" not in run.err
    assert {p.name for p in (out / "results").iterdir()} >= {
        "results.json",
        "junit.xml",
        "run.json",
    }


def test_the_synthetic_case_exits_0(good_build: Build) -> None:
    run, out = good_build.run, good_build.out
    assert run.code == 0, run.err
    assert run.out.splitlines()[-2] == (
        "1 case(s), 7 claim(s) (1 external fails, 3 external holds, 3 external unverifiable, "
        "4 internal holds, "
        "3 internal unverifiable); 0 differ from review; 0 data error(s)"
    )
    assert run.out.splitlines()[-1] == (
        f"results: {out / 'results'}; docs: {out / 'docs' / 'index.html'}"
    )
    data = json.loads((out / "results" / "results.json").read_text(encoding="utf-8"))
    assert [row["case"] for row in data["cases"]] == [DEMO]
    case = load_case(out / "results", DEMO)
    assert [s["suite"] for s in case["gx_suites"]] == [
        "facts",
        "reference_facts",
        "exclusions",
        "coverage",
        "claims",
    ]
    assert all(s["success"] for s in case["gx_suites"])
    for page in ("index.html", f"{DEMO}/index.html", "gx/index.html"):
        assert (out / "docs" / page).is_file(), page
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_suites_command_writes_suites_that_pass_the_staleness_check(project: Project) -> None:
    *wrote, last = project.suites.out.splitlines()
    assert [Path(line.removeprefix("wrote ")).name for line in wrote] == [f"claims-{DEMO}.json"]
    assert all(
        Path(line.removeprefix("wrote ")).parent == (project.root / "expectations").resolve()
        for line in wrote
    )
    assert last == f"5 suite(s) already up to date in {(project.root / 'expectations').resolve()}"
    # the synthetic case now validates against them (test_the_synthetic_case_exits_0), and the
    # table suites are the committed ones, untouched
    for suite in TABLE_SUITES:
        name = f"{suite.name}.json"
        assert (project.root / "expectations" / name).read_bytes() == (
            REPO / "expectations" / name
        ).read_bytes(), name


def test_suites_command_refuses_broken_data(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "expectations").mkdir(parents=True)
    run = cli("suites", "--datasets", tmp_path / "nowhere", "--root", root)
    assert run.code == 2
    assert "datasets folder does not exist" in run.err
    assert list((root / "expectations").iterdir()) == []


# --- exit 1 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    run: Run
    out: Path
    line: int


@pytest.fixture(scope="module")
def broken_figure(tmp_path_factory: pytest.TempPathFactory) -> Broken:
    """The real case with the filed April 2025 share price changed from HKD 5.83 to 6.10."""
    tmp = tmp_path_factory.mktemp("broken-figure")
    shutil.copytree(DATASETS, tmp / "datasets")
    case = tmp / "datasets" / REAL
    edit_line(case / "reference.csv", "kc_apr2025_price,", ",5.83,", ",6.10,")
    line = line_of(case / "claims.csv", "agrees_kc_apr_price,")
    run = cli(
        "validate",
        "--case",
        REAL,
        "--datasets",
        "datasets",
        "--root",
        REPO,
        "--out",
        "build",
        cwd=tmp,
    )
    return Broken(run, tmp / "build", line)


def test_a_changed_figure_exits_1_naming_the_claim_and_its_line(broken_figure: Broken) -> None:
    run = broken_figure.run
    assert run.code == 1, run.err
    mismatch_lines = [line for line in run.err.splitlines() if "but the reviewed verdict" in line]
    assert mismatch_lines == [
        f"datasets/{REAL}/claims.csv:{broken_figure.line}: claim 'agrees_kc_apr_price': "
        "external verdict is 'fails' but the reviewed verdict is 'holds'"
    ]
    assert "1 differ from review; 0 data error(s)" in run.out


def test_exit_1_still_writes_results_with_the_failure(broken_figure: Broken) -> None:
    results = broken_figure.out / "results"
    suites = ET.fromstring((results / "junit.xml").read_bytes()).findall("testsuite")
    [suite] = [s for s in suites if s.get("name") == REAL]
    failing = [
        (c.get("classname"), c.get("name"))
        for c in suite.iter("testcase")
        if c.find("failure") is not None
    ]
    assert failing == [(f"{REAL}.external", "agrees_kc_apr_price")]
    [row] = [c for c in load(results / "results.json")["cases"] if c["case"] == REAL]
    assert row["differs"] == 1
    [claim] = [
        c for c in load_case(results, REAL)["claims"] if c["claim_id"] == "agrees_kc_apr_price"
    ]
    assert claim["results"]["external"]["verdict"] == "fails"
    assert claim["reviewed"]["external"] == "holds"


def test_the_printed_table_lists_mismatches_first(broken_figure: Broken) -> None:
    rows = table_rows(broken_figure.run.out, REAL)
    assert rows[0].split()[0] == "agrees_kc_apr_price"
    assert "fails ≠ reviewed holds" in rows[0]

    def rank(row: str) -> int:
        return 0 if "≠ reviewed" in row else 1 if " fails" in row else 2

    ranks = [rank(r) for r in rows]
    assert ranks == sorted(ranks), "mismatches, then failures, then the rest"
    assert set(ranks) == {0, 1, 2}
    assert len(rows) == 59  # every claim of the case is listed once


# --- exit 2: broken data, nothing written -----------------------------------------------------


Corruption = Callable[[Path], tuple[str, int]]


def gbk_quote(case: Path) -> tuple[str, int]:
    """Re-save one facts.csv row's quote in GBK, as a legacy editor would."""
    quote = "以每股5.83港元认购"
    line = edit_line(case / "facts.csv", "kc_apr_price,", quote, quote.encode("gbk"))
    return "facts.csv", line


def unknown_unit(case: Path) -> tuple[str, int]:
    return "facts.csv", edit_line(case / "facts.csv", "kc_apr_price,", ",HKD,", ",RMB,")


def stray_cell(case: Path) -> tuple[str, int]:
    line = edit_line(
        case / "claims.csv",
        "agrees_kc_apr_price,",
        "reference=kc_apr2025_price,,",
        "reference=kc_apr2025_price,,,",
    )
    return "claims.csv", line


def unknown_operand(case: Path) -> tuple[str, int]:
    line = edit_line(
        case / "claims.csv", "agrees_kc_apr_price,", "kc_apr2025_price", "kc_apr2099_price"
    )
    return "claims.csv", line


@pytest.mark.parametrize(
    ("corrupt", "words"),
    [
        (gbk_quote, "is not valid UTF-8"),
        (unknown_unit, "column 'unit': unit 'RMB' is not a known unit"),
        (stray_cell, "cells but the header has"),
        (unknown_operand, "kc_apr2099_price"),
    ],
    ids=["gbk-bytes", "unknown-unit", "stray-cell", "unknown-operand"],
)
def test_a_corrupt_file_exits_2_naming_file_and_row_and_writes_nothing(
    tmp_path: Path, previous_build: Path, corrupt: Corruption, words: str
) -> None:
    shutil.copytree(DATASETS, tmp_path / "datasets")
    file, line = corrupt(tmp_path / "datasets" / REAL)
    before = snapshot(previous_build)
    run = cli("validate", "--docs", "--datasets", "datasets", "--out", previous_build, cwd=tmp_path)
    assert run.code == 2, run.out
    where = f"datasets/{REAL}/{file}:{line}:"
    named = [m for m in run.err.splitlines() if m.startswith(where)]
    assert named, f"no message starts with {where!r}:\n{run.err}"
    assert any(words in m for m in named), run.err
    assert run.err.startswith("data errors (")
    assert NOTHING_WRITTEN in run.err
    assert "Traceback" not in run.err
    assert_untouched(previous_build, before)


@pytest.mark.parametrize(
    ("file", "edit", "words"),
    [
        ("facts.json", "description", "differs from the declarations in checks/suites.py"),
        (f"claims-{DEMO}.json", "description", "differs from the declarations"),
        ("coverage.json", "delete", "does not exist"),
        ("exclusions.json", "truncate", "is not valid JSON"),
    ],
)
def test_frozen_refuses_a_stale_or_missing_suite_with_exit_2_and_says_how_to_regenerate(
    project: Project, previous_build: Path, tmp_path: Path, file: str, edit: str, words: str
) -> None:
    root = tmp_path / "project"
    shutil.copytree(project.root, root)
    spoil_suite(root / "expectations" / file, edit)
    before = snapshot(previous_build)
    run = cli(
        "validate",
        "--frozen",
        "--docs",
        "--datasets",
        SYNTHETIC,
        "--root",
        root,
        "--out",
        previous_build,
    )
    assert run.code == 2, run.out
    message = next(m for m in run.err.splitlines() if m.startswith(f"expectations/{file}:"))
    assert words in message
    assert message.endswith(SUITES_FIX)
    assert "nox -s suites" in message
    assert NOTHING_WRITTEN in run.err
    assert_untouched(previous_build, before)  # no staging folder left behind either


def spoil_suite(path: Path, edit: str) -> None:
    if edit == "delete":
        path.unlink()
    elif edit == "truncate":
        path.write_text(path.read_text(encoding="utf-8")[:40], encoding="utf-8")
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["expectations"][0]["description"] += " (edited by hand)"
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "edit"),
    [
        (f"claims-{DEMO}.json", "description"),
        ("coverage.json", "delete"),
        ("exclusions.json", "truncate"),
    ],
)
def test_validate_regenerates_a_stale_or_missing_suite_like_a_lock_file(
    project: Project, tmp_path: Path, file: str, edit: str
) -> None:
    """Without --frozen the gate rewrites what is generated, names it, and validates."""
    root = tmp_path / "project"
    shutil.copytree(project.root, root)
    spoil_suite(root / "expectations" / file, edit)
    others = {p.name: p.read_bytes() for p in (root / "expectations").iterdir() if p.name != file}
    common = ("--datasets", SYNTHETIC, "--root", root, "--out", tmp_path / "build", "--quiet")
    run = cli("validate", *common)
    assert run.code == 0, run.err
    assert f"wrote expectations/{file}: generated suite regenerated" in run.err
    after = {p.name: p.read_bytes() for p in (root / "expectations").iterdir() if p.name != file}
    assert after == others  # nothing else touched, no temporary file left
    again = cli("validate", "--frozen", *common)
    assert again.code == 0, again.err
    assert "wrote" not in again.err


def test_a_missing_gx_config_exits_2_naming_it(previous_build: Path, tmp_path: Path) -> None:
    before = snapshot(previous_build)
    run = cli(
        "validate", "--datasets", SYNTHETIC, "--root", tmp_path / "empty", "--out", previous_build
    )
    assert run.code == 2
    assert "gx/great_expectations.yml" in run.err
    assert "Traceback" not in run.err
    assert_untouched(previous_build, before)


# --- case selection ---------------------------------------------------------------------------


def test_case_selects_one_case_and_the_default_is_all(project: Project, tmp_path: Path) -> None:
    datasets = tmp_path / "cases"
    shutil.copytree(SYNTHETIC, datasets)
    shutil.copytree(datasets / DEMO, datasets / "demo-copy")
    one = cli(
        "validate",
        "--case",
        DEMO,
        "--datasets",
        datasets,
        "--root",
        project.root,
        "--out",
        tmp_path / "one",
    )
    assert one.code == 0, one.err
    data = json.loads((tmp_path / "one" / "results" / "results.json").read_text("utf-8"))
    assert [c["case"] for c in data["cases"]] == [DEMO]
    run_info = json.loads((tmp_path / "one" / "results" / "run.json").read_text())
    assert run_info["cases"] == [DEMO]
    assert "== demo-copy" not in one.out
    # without --case both run; demo-copy has no committed claims suite, which only docs need
    both = cli("validate", "--datasets", datasets, "--root", project.root, "--out", tmp_path / "b")
    assert both.code == 0, both.err
    data = json.loads((tmp_path / "b" / "results" / "results.json").read_text("utf-8"))
    assert [c["case"] for c in data["cases"]] == [DEMO, "demo-copy"]
    docs = cli(
        "validate",
        "--docs",
        "--frozen",
        "--datasets",
        datasets,
        "--root",
        project.root,
        "--out",
        tmp_path / "d",
    )
    # its per-claim docs suite is built for this run only, even under --frozen
    assert docs.code == 0, docs.err
    assert (
        "1 per-claim docs suite(s) not committed, built for this run only (claims-demo-copy)"
        in docs.err
    )
    assert not (project.root / "expectations" / "claims-demo-copy.json").exists()
    assert (tmp_path / "d" / "docs" / "demo-copy" / "index.html").is_file()
    gx_pages = (tmp_path / "d" / "docs" / "gx").rglob("*.html")
    assert any("claims-demo-copy" in page.read_text("utf-8") for page in gx_pages)


def test_an_unknown_case_exits_2_listing_the_known_ones(tmp_path: Path) -> None:
    run = cli("validate", "--case", "kingsoft", "--out", tmp_path / "build")
    assert run.code == 2
    known = ", ".join(CASES)
    assert f"datasets/kingsoft: no such case folder; known cases: {known}" in run.err
    assert NOTHING_WRITTEN in run.err
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize(
    "case_id",
    ["../datasets", f"{REAL}/", f"/etc/{REAL}", f"{REAL}/../{REAL}", ".", "", "Kingsoft", "a b"],
)
def test_a_case_id_with_path_characters_is_refused(case_id: str, tmp_path: Path) -> None:
    run = cli("validate", "--case", case_id, "--out", tmp_path / "build")
    assert run.code == 2
    assert f"--case: case id {case_id!r} is not valid" in run.err
    assert "no path characters" in run.err
    assert not (tmp_path / "build").exists()


# --- the subprocess runs (started with the first test of this module) -------------------------


def test_help_names_the_commands_and_the_exit_codes(subprocesses: Subprocesses) -> None:
    run = subprocesses.help.result()
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("usage: python -m checks ")
    for command in ("validate", "docs", "suites"):
        assert re.search(rf"^\s+{command}\s+\S", run.out, re.MULTILINE), command
    for code in ("0", "1", "2"):
        assert re.search(rf"^\s+{code}\s+\S", run.out, re.MULTILINE), f"exit code {code}"
    assert "python -m checks validate" in run.out  # an example to copy


def test_validate_help_names_every_option(subprocesses: Subprocesses) -> None:
    run = subprocesses.validate_help.result()
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("usage: python -m checks validate ")
    for option in ("--case ID", "--datasets DIR", "--root DIR", "--out DIR", "--quiet", "--docs"):
        assert option in run.out, option
    assert "(default: datasets)" in run.out
    assert "results.json" in run.out


def test_validate_help_explains_the_exit_codes(subprocesses: Subprocesses) -> None:
    """`validate --help` is what a newcomer reads before running the gate."""
    run = subprocesses.validate_help.result()
    assert "exit codes:" in run.out
    for code in ("0", "1", "2"):
        assert re.search(rf"^\s+{code}\s+\S", run.out, re.MULTILINE), f"exit code {code}"


def test_a_slow_run_says_what_it_is_doing_on_stderr(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the progress delay at 0 every run is slow: each stage is shown, on stderr only."""
    monkeypatch.setattr(checks.cli, "Progress", functools.partial(Progress, delay=0.0))
    run = cli("validate", "--datasets", SYNTHETIC, "--root", project.root, "--out", tmp_path / "b")
    assert run.code == 0, run.err
    stages = PROGRESS.findall(run.err)
    assert any("loading Great Expectations" in line for line in stages), run.err
    quiet = cli(
        "validate",
        "--quiet",
        "--datasets",
        SYNTHETIC,
        "--root",
        project.root,
        "--out",
        tmp_path / "q",
    )
    assert quiet.code == 0 and not PROGRESS.search(quiet.err), quiet.err


def test_python_m_checks_validate(subprocesses: Subprocesses, real_run: tuple[Run, Path]) -> None:
    """The README's command, in a fresh process: table and summary on stdout, progress on stderr."""
    run = subprocesses.validate.result()
    in_process, _ = real_run
    assert run.code == in_process.code, run.err
    assert "Traceback" not in run.err
    assert run.out.startswith(f"== {CASES[0]} (")  # cases in id order
    assert run.out.splitlines()[-2] == in_process.out.splitlines()[-2]  # the summary line
    assert not PROGRESS.search(run.out)
    # stderr holds nothing but progress and mismatch lines
    other = [
        line
        for line in run.err.splitlines()
        if not PROGRESS.fullmatch(line) and "but the reviewed verdict" not in line
    ]
    assert other == []


def test_two_runs_write_identical_results(
    subprocesses: Subprocesses, real_run: tuple[Run, Path]
) -> None:
    """Two processes (different hash seeds, folders and times) write the same bytes."""
    subprocesses.validate.result()
    _, out = real_run
    first, second = out / "results", subprocesses.validate_out / "results"
    for name in ("results.json", "junit.xml", f"cases/{REAL}.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # the timestamp lives in run.json alone
    info = [json.loads((d / "run.json").read_text()) for d in (first, second)]
    for one in info:
        assert set(one) == {"command", "cases", "finished_at"}
        assert (one["command"], one["cases"]) == ("validate", [])
        assert datetime.fromisoformat(one["finished_at"]).tzinfo is not None
        for name in ("results.json", "junit.xml"):
            assert one["finished_at"] not in (first / name).read_text(encoding="utf-8")
    assert not any(p.name.startswith(".") for p in subprocesses.validate_out.iterdir())
