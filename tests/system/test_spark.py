"""The Spark engine gives the pandas engine's answers, and refuses clearly when it cannot run.

The refusal tests need neither Java nor pyspark and run in every session. The engine tests
need pyspark (the `spark` extra) and Java 17+: `nox -s spark` installs the extra and runs
this file with CLAIMCHECK_SPARK set, which turns a missing pyspark or Java into a failure;
in `nox -s tests` (no pyspark) they skip with that reason. Runs are in-process, so one JVM
serves every test.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from corpuskit import ROOT, change_a_review, write_corpus

from checks.cli import main
from checks.gate import EXIT_BROKEN, EXIT_MISMATCH, EXIT_OK
from checks.inputs.case import case_ids

SPARK = ("--engine", "spark", "--spark-master", "local[2]")

# py4j, pyspark's bridge to the JVM, leaves its client sockets to the garbage collector;
# the warnings-as-errors setting would otherwise fail whichever test collects them.
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
    ),
    pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning"),
]


def _needs_spark() -> None:
    missing = []
    if importlib.util.find_spec("pyspark") is None:
        missing.append("pyspark is not installed (the spark extra; `nox -s spark` installs it)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing.append("no Java runtime")
    if missing:
        if os.environ.get("CLAIMCHECK_SPARK"):
            pytest.fail("; ".join(missing) + "; CLAIMCHECK_SPARK is set, so Spark must run")
        pytest.skip("; ".join(missing))


def validate(*argv: str | Path) -> tuple[int, str, str]:
    """Run `python -m checks validate --quiet ARGV` in this process; return code, out, err."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", "--quiet", *map(str, argv)], out, err)
    return code, out.getvalue(), err.getvalue()


def results_without_engine(out: Path) -> dict[str, Any]:
    """Every results file under `out/results` (JSON parsed), the engine field and run.json left out."""
    files: dict[str, Any] = {}
    for path in sorted((out / "results").rglob("*")):
        if not path.is_file() or path.name == "run.json" or path.name.startswith("."):
            continue  # run.json holds the time; dot files mark the run that published
        key = path.relative_to(out).as_posix()
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                data.pop("engine", None)
            files[key] = data
        else:
            files[key] = path.read_text(encoding="utf-8")
    assert "results/results.json" in files, f"no results.json under {out}"
    return files


def engine_of(out: Path) -> str:
    payload = json.loads((out / "results" / "results.json").read_text(encoding="utf-8"))
    return str(payload["engine"])


def test_without_java_the_spark_engine_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-java"
    empty.mkdir()
    monkeypatch.setenv("JAVA_HOME", str(empty))
    code, _, err = validate(
        "--root", ROOT, "--datasets", ROOT / "datasets", "--out", tmp_path / "out", *SPARK
    )
    assert code == EXIT_BROKEN, err
    assert (
        f"--engine spark: needs Java 17 or newer: JAVA_HOME={str(empty)!r} has no bin/java; "
        "install a Java runtime (Debian: apt-get install openjdk-17-jre-headless) or point "
        "JAVA_HOME at one"
    ) in err
    assert "Traceback" not in err
    assert not (tmp_path / "out" / "results").exists()


def test_without_pyspark_the_spark_engine_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java here: the Java refusal comes first (tested above)")
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now raises ImportError
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    code, _, err = validate(
        "--root", ROOT, "--datasets", ROOT / "datasets", "--out", tmp_path / "out", *SPARK
    )
    assert code == EXIT_BROKEN, err
    assert "--engine spark: needs pyspark, which is not installed: run `nox -s spark`" in err
    assert not (tmp_path / "out" / "results").exists()


DECLARED = ("--frozen", "--root", ROOT, "--datasets", ROOT / "datasets")


@pytest.fixture(scope="module")
def pandas_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    """The declared cases validated by the pandas engine: code, stdout, stderr, out folder.

    Made once for the module: the engine test reads it, the Spark test compares with it.
    """
    out = tmp_path_factory.mktemp("pandas") / "out"
    return (*validate(*DECLARED, "--out", out), out)


def test_the_pandas_engine_names_itself(pandas_run: tuple[int, str, str, Path]) -> None:
    code, _, err, out = pandas_run
    assert code == EXIT_OK, err
    assert engine_of(out) == "pandas"


@pytest.mark.slow
def test_spark_gives_the_same_results_on_the_declared_cases(
    tmp_path: Path, pandas_run: tuple[int, str, str, Path]
) -> None:
    _needs_spark()
    assert case_ids(ROOT / "datasets"), "the repository declares no case"
    p_code, p_out, p_err, pandas = pandas_run
    s_code, s_out, s_err = validate(*DECLARED, "--out", tmp_path / "spark", *SPARK)
    assert (p_code, s_code) == (EXIT_OK, EXIT_OK), p_err + s_err
    assert s_out.replace(str(tmp_path / "spark"), "OUT") == p_out.replace(str(pandas), "OUT")
    assert results_without_engine(tmp_path / "spark") == results_without_engine(pandas)
    assert (engine_of(pandas), engine_of(tmp_path / "spark")) == ("pandas", "spark")


@pytest.mark.slow
def test_spark_gives_the_same_results_on_a_generated_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_spark()
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "datasets", 6)
    common = ("--root", ROOT, "--datasets", "datasets")
    p_code, _, p_err = validate(*common, "--out", "pandas")
    s_code, _, s_err = validate(*common, "--out", "spark", *SPARK)
    assert (p_code, s_code) == (EXIT_OK, EXIT_OK), p_err + s_err
    assert results_without_engine(tmp_path / "spark") == results_without_engine(tmp_path / "pandas")


@pytest.mark.slow
def test_under_spark_a_broken_case_exits_2_and_a_changed_verdict_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_spark()
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "datasets", 3)
    facts = tmp_path / "datasets" / "synthetic-00001" / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",CNY,", ",RMB,", 1)
    facts.write_text("".join(lines), encoding="utf-8")
    common = ("--root", ROOT, "--datasets", "datasets", *SPARK)
    code, _, err = validate(*common, "--out", "broken")
    assert code == EXIT_BROKEN, err
    assert (
        "datasets/synthetic-00001/facts.csv:2: column 'unit': unit 'RMB' is not a known unit" in err
    )
    assert not (tmp_path / "broken" / "results").exists()

    facts.write_text("".join(lines).replace(",RMB,", ",CNY,", 1), encoding="utf-8")
    change_a_review(tmp_path / "datasets", "synthetic-00002")
    code, _, err = validate(*common, "--out", "changed")
    assert code == EXIT_MISMATCH, err
    assert "claim 'age': internal verdict is 'holds' but the reviewed verdict is 'fails'" in err
    assert engine_of(tmp_path / "changed") == "spark"
