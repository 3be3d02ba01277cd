"""The same inputs give the same bytes: results, exports and report pages, run after run.

Two runs of `validate --docs` over the demo case: one in this process, one as a separate
`python -m checks` with another hash seed and another time zone, so neither set order
nor local time can leak in. What is byte-identical, and what is not and why:

- results/results.json, cases/<case>.json, junit.xml, claims.csv: identical. run.json
  holds the timestamp (and is the only result file that does).
- docs/index.html and docs/<case>/index.html: identical.
- GX Data Docs suite pages (docs/gx/expectations/*.html) and static files: identical,
  because checks.gx.docs renumbers the uuid4 ids GX gives collapsible elements.
- GX Data Docs index (docs/gx/index.html) and validation pages
  (docs/gx/validations/<suite>/<run name>/<run time>/*.html): differ by the run time only.
  GX names each validation page by the run's time and prints it on the page and in the
  index (there in the machine's local time zone: "2026-11-26 15:28:41 CST"); it is the true
  time of that run, so it stays.
- GX's validation-result store (gx/validations/**.json, not a page): differs by the run
  time and by `checkpoint_id` and `validation_id`, uuid4s that GX 1.24.1 assigns on every
  add (ValidationDefinitionStore._add and CheckpointStore._add overwrite any id given).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from checks.cli import main
from checks.output.publish import RUN_ID_FILE

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "tests" / "data" / "cases"
CASE = "demo-cloud-results"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
RUN_TIMES = (
    re.compile(r"\d{8}T\d{6}\.\d{6}Z"),  # run id, and the page's folder
    re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})"),
    re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [\w+-]+"),  # the index's, in local time
    re.compile(r"'_run_time_sort': \d+\.\d+"),  # the index's sort key for it
)
GX_MINTED_IDS = re.compile(r'"(checkpoint_id|validation_id)": "[0-9a-f-]{36}"')


def mask_times(text: str) -> str:
    for pattern in RUN_TIMES:
        text = pattern.sub("<run time>", text)
    return text


@dataclass(frozen=True)
class Runs:
    first: Path
    second: Path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    base = tmp_path_factory.mktemp("determinism")
    datasets, root = base / "datasets", base / "root"
    shutil.copytree(DEMO, datasets)
    shutil.copytree(REPO / "gx", root / "gx")
    shutil.copytree(REPO / "expectations", root / "expectations")
    common = ["--quiet", "--datasets", str(datasets), "--root", str(root), "--case", CASE]
    err = io.StringIO()
    assert main(["suites", *common], io.StringIO(), err) == 0, err.getvalue()
    argv = ["validate", "--docs", *common]
    assert main([*argv, "--out", str(base / "first")], io.StringIO(), err) == 0, err.getvalue()
    env = {
        **os.environ,
        "PYTHONHASHSEED": "12345",
        "TZ": "Asia/Shanghai",
    }
    done = subprocess.run(
        [sys.executable, "-m", "checks", *argv, "--out", str(base / "second")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return Runs(base / "first", base / "second")


def files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["results.json", f"cases/{CASE}.json", "junit.xml", "claims.csv"])
def test_results_are_byte_identical(runs: Runs, name: str) -> None:
    first = (runs.first / "results" / name).read_bytes()
    assert first == (runs.second / "results" / name).read_bytes()
    assert not any(p.search(first.decode("utf-8")) for p in RUN_TIMES), name


def test_run_json_is_the_only_result_with_a_timestamp(runs: Runs) -> None:
    assert set(files(runs.first / "results")) == {
        ".run-id",  # which run published the folder; docs/ and gx/ carry the same
        "results.json",
        f"cases/{CASE}.json",
        "junit.xml",
        "claims.csv",
        "run.json",
    }
    stamps = []
    for run in (runs.first, runs.second):
        info = json.loads((run / "results" / "run.json").read_text(encoding="utf-8"))
        assert set(info) == {"command", "cases", "finished_at"}
        assert info["command"] == "validate" and info["cases"] == [CASE]
        stamps.append(datetime.fromisoformat(info["finished_at"]))
    assert all(s.utcoffset() is not None and s.utcoffset().total_seconds() == 0 for s in stamps)


@pytest.mark.parametrize("page", ["index.html", f"{CASE}/index.html"])
def test_our_report_pages_are_byte_identical(runs: Runs, page: str) -> None:
    assert (runs.first / "docs" / page).read_bytes() == (runs.second / "docs" / page).read_bytes()


def test_gx_suite_pages_and_static_files_are_byte_identical(runs: Runs) -> None:
    first, second = files(runs.first / "docs" / "gx"), files(runs.second / "docs" / "gx")
    stable = sorted(n for n in first if n != "index.html" and not n.startswith("validations/"))
    assert stable == sorted(
        n for n in second if n != "index.html" and not n.startswith("validations/")
    )
    assert f"expectations/claims-{CASE}.html" in stable
    changed = [n for n in stable if first[n].read_bytes() != second[n].read_bytes()]
    assert changed == []
    for name, path in first.items():
        if name.endswith(".html"):
            assert not UUID.search(path.read_text(encoding="utf-8")), f"random id left in {name}"


def test_gx_index_and_validation_pages_differ_by_the_run_time_only(runs: Runs) -> None:
    def by_masked_path(folder: Path) -> dict[str, str]:
        return {
            mask_times(name): mask_times(path.read_text(encoding="utf-8"))
            for name, path in files(folder / "docs" / "gx").items()
            if name == "index.html" or name.startswith("validations/")
        }

    first, second = by_masked_path(runs.first), by_masked_path(runs.second)
    assert len(first) == 1 + 6  # the index, and one validation page per suite run
    assert sorted(first) == sorted(second)
    assert [n for n in first if first[n] != second[n]] == []
    index = (runs.first / "docs" / "gx" / "index.html").read_text(encoding="utf-8")
    assert RUN_TIMES[2].search(index), "the index shows each run's time"


def test_gx_validation_store_differs_by_run_time_and_gx_minted_ids_only(runs: Runs) -> None:
    def masked(folder: Path) -> dict[str, str]:
        return {
            mask_times(name): GX_MINTED_IDS.sub(
                r'"\1": "<uuid4>"', mask_times(p.read_text("utf-8"))
            )
            for name, p in files(folder / "gx").items()
            if name != RUN_ID_FILE  # names the run that published the folder: differs by design
        }

    first, second = masked(runs.first), masked(runs.second)
    assert len(first) == 6
    assert first == second


def test_no_output_names_a_local_folder(runs: Runs) -> None:
    """Nothing written records where the data, the build or the checkout lie on this machine."""
    local = [str(runs.first.parent), str(REPO), str(Path.home())]
    leaks = [
        f"{name}: {folder}"
        for name, path in files(runs.first).items()
        if path.suffix in (".html", ".json", ".xml", ".csv")
        for folder in local
        if folder in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert leaks == []
