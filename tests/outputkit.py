"""Project copies and output checks shared by the system tests of the gate's outputs."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from checks.cli import main
from checks.output.publish import JOURNAL, OUTPUT_NAMES, RUN_ID_FILE

__all__ = [
    "DEMO",
    "Project",
    "assert_complete_set",
    "declarations",
    "make_project",
    "run_id",
]

REPO = Path(__file__).resolve().parents[1]
SYNTHETIC = REPO / "tests" / "data" / "cases"
DEMO = "demo-cloud-results"


@dataclass(frozen=True)
class Project:
    """A project root (gx/, expectations/ with the demo's suite) and a datasets folder."""

    root: Path
    datasets: Path

    def argv(self, command: str = "validate", *more: str) -> list[str]:
        return [command, "--datasets", str(self.datasets), "--root", str(self.root), *more]


def make_project(base: Path) -> Project:
    """Copy the synthetic case, the GX config and the committed suites; add the demo's suite."""
    datasets, root = base / "datasets", base / "root"
    shutil.copytree(SYNTHETIC, datasets)
    (root / "gx").mkdir(parents=True)
    shutil.copyfile(REPO / "gx" / "great_expectations.yml", root / "gx" / "great_expectations.yml")
    shutil.copytree(REPO / "expectations", root / "expectations")
    project = Project(root, datasets)
    err = io.StringIO()
    assert main(project.argv("suites", "--quiet"), io.StringIO(), err) == 0, err.getvalue()
    return project


def declarations(project: Project) -> dict[str, str]:
    """Every file of the declarations (datasets, gx config, suites) with its SHA-256."""
    found = {}
    for top in (project.datasets, project.root):
        for path in sorted(top.rglob("*")):
            if path.is_file():
                found[path.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_id(out: Path, name: str) -> str:
    return (out / name / RUN_ID_FILE).read_text(encoding="utf-8").strip()


def assert_complete_set(out: Path, cases: tuple[str, ...] = (DEMO,)) -> str:
    """Assert that results, docs and gx come from one run and are whole; return its id."""
    assert not (out / JOURNAL).exists(), "a swap was left half done"
    ids = {name: run_id(out, name) for name in OUTPUT_NAMES}
    assert len(set(ids.values())) == 1, f"folders of different runs: {ids}"
    results = out / "results"
    names = {p.name for p in results.iterdir()}
    assert {RUN_ID_FILE, "results.json", "junit.xml", "claims.csv", "run.json"} <= names
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    assert [c["case"] for c in data["cases"]] == list(cases)
    for row in data["cases"]:
        assert (results / row["document"]).is_file(), row["document"]
    for page in ("index.html", "gx/index.html", *[f"{c}/index.html" for c in cases]):
        assert (out / "docs" / page).is_file(), page
    assert any((out / "gx" / "validations").rglob("*.json"))
    return ids["results"]
