"""Run the gate's per-case stages and table suites on Apache Spark instead of in this process.

The pandas engine (the default) runs `checks.pipeline.run_case` for one case after another
and validates the corpus tables with GX's pandas data source. The Spark engine runs the very
same functions, nothing re-implemented:

- the case ids become a Spark DataFrame partitioned by case; `mapInPandas` runs
  `prepare_case` (loading, fact checks, compiling claims) for each case of a partition and
  `finish_cases` (the vectorized evaluation and the results model) over the partition's
  cases at once, on the executors, and ships each `KeptCase` back pickled, with a case's
  file-level problems in its place where it is broken;
- the corpus tables (`checks.gx.corpus`) become Spark DataFrames and the table suites run
  through GX's Spark data source, from the same suite JSON the pandas engine uses.

So results.json is the same whatever the engine, apart from the field that names it.
On a cluster, `datasets/` must be readable at the same path on every executor (a shared
or mounted file system): executors read each case's files themselves.

Needs the `spark` extra (pyspark) and a Java runtime (17 or newer); without either, the
engine refuses with a message saying what to install, before Spark starts.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from checks.gate import KeptCase, run_chunk
from checks.problems import Problem

__all__ = [
    "DEFAULT_MASTER",
    "MIN_JAVA",
    "SPARK_DATASOURCE",
    "SparkFrames",
    "SparkJobError",
    "SparkUnavailableError",
    "java_version",
    "log_path",
    "log_tail",
    "run_jobs",
    "spark_session",
    "stop_session",
]

DEFAULT_MASTER = "local[*]"
MIN_JAVA = 17
"""PySpark 4.1 (the newest release GX 1.24.1 accepts) runs on Java 17 and 21."""

_SCHEMA = "case_id string, result binary"


class SparkJobError(RuntimeError):
    """A Spark job failed for a reason of Spark's, not the data's; the message shows its log."""


class SparkUnavailableError(RuntimeError):
    """Spark cannot run here (no pyspark, no Java, or Java too old); the message says what to do."""


def java_version(java: str) -> int | None:
    """Return the major version `java -version` reports, or None when it cannot be read."""
    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def _find_java() -> str:
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    fix = (
        "install a Java runtime (Debian: apt-get install openjdk-17-jre-headless) "
        "or point JAVA_HOME at one"
    )
    if not java or not Path(java).is_file():
        where = f"JAVA_HOME={home!r} has no bin/java" if home else "no `java` on PATH"
        raise SparkUnavailableError(f"needs Java {MIN_JAVA} or newer: {where}; {fix}")
    version = java_version(java)
    if version is None or version < MIN_JAVA:
        seen = "an unreadable version" if version is None else f"Java {version}"
        raise SparkUnavailableError(f"needs Java {MIN_JAVA} or newer, but {java} is {seen}; {fix}")
    return java


def spark_session(master: str = DEFAULT_MASTER) -> Any:
    """Start (or reuse) a quiet Spark session on `master`; refuse clearly if Spark cannot run.

    The JVM is started with its stderr going to a log file (`log_path`), and the console
    progress bar is off, so a good run prints only the gate's output; the CLI shows the
    log's tail when a Spark job fails.
    """
    _find_java()
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailableError(
            "needs pyspark, which is not installed: run `nox -s spark`, "
            "or install the extra with `pip install -e '.[spark]'`"
        ) from exc
    # Executors must run the interpreter (and packages) of this process, not `python3`.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder: Any = SparkSession.builder
    builder = (
        builder.master(master)
        .appName("claimcheck")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.pyspark.enabled", "false")  # mixed object columns
    )
    saved = os.dup(2)  # the JVM inherits fd 2 when it starts: point it at the log file
    try:
        os.dup2(_log_fd(), 2)
        spark = builder.getOrCreate()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    spark.sparkContext.setLogLevel("ERROR")
    return spark


_LOG: list[Path] = []


def _log_fd() -> int:
    """Open (once per process) the file that receives the JVM's stderr; return its fd."""
    if not _LOG:
        handle, name = tempfile.mkstemp(prefix="claimcheck-spark-", suffix=".log")
        os.close(handle)
        _LOG.append(Path(name))
    return os.open(_LOG[0], os.O_WRONLY | os.O_APPEND)


def log_path() -> Path | None:
    """Return the file Spark's JVM logs to in this process, once a session was started."""
    return _LOG[0] if _LOG else None


def log_tail(lines: int = 40) -> str:
    """Return the last `lines` lines of Spark's log, for a message about a failed job."""
    path = log_path()
    if path is None or not path.is_file():
        return ""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def stop_session(spark: Any) -> None:
    """Stop the session (local mode keeps a JVM alive otherwise)."""
    spark.stop()


def _run_partition(
    batches: Iterator[pd.DataFrame], datasets: str, allow_drafts: bool
) -> Iterator[pd.DataFrame]:
    """Prepare and evaluate the cases of one partition; yield (case id, pickled outcome).

    The same batch function as the pandas engine's workers (`checks.gate.run_chunk`):
    `prepare_case` per case (a broken file's problems stand in for it), then `finish_cases`
    over the batch's cases at once.
    """
    for batch in batches:
        ids = list(map(str, batch["case_id"]))
        got = run_chunk([(Path(datasets), case_id, allow_drafts) for case_id in ids])
        rows = [
            (case_id, pickle.dumps(ran, protocol=pickle.HIGHEST_PROTOCOL))
            for case_id, ran in zip(ids, got, strict=True)
        ]
        yield pd.DataFrame(rows, columns=["case_id", "result"])


def run_jobs(spark: Any, jobs: Sequence[tuple[Path, str, bool]]) -> list[KeptCase | list[Problem]]:
    """Run the gate's jobs (datasets, case id, allow drafts) on Spark, partitioned by case.

    Returns each case's `KeptCase`, or the problems that stopped it from loading (what the
    pandas engine collects from `prepare_case`'s DataError), in the order of `jobs`.
    """
    if not jobs:
        return []
    datasets = {str(d.absolute()) for d, _, _ in jobs}
    drafts = {a for _, _, a in jobs}
    if len(datasets) != 1 or len(drafts) != 1:
        raise ValueError("run_jobs takes jobs of one datasets folder and one drafts setting")
    case_ids = [case_id for _, case_id, _ in jobs]
    parallelism = int(spark.sparkContext.defaultParallelism)
    ids = spark.createDataFrame(pd.DataFrame({"case_id": case_ids}))
    ids = ids.repartition(max(1, min(len(case_ids), parallelism * 4)), "case_id")
    job = partial(_run_partition, datasets=datasets.pop(), allow_drafts=drafts.pop())
    try:
        collected = ids.mapInPandas(job, schema=_SCHEMA).toPandas()
    except Exception as exc:  # Py4J and Spark errors: data errors never get here
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise SparkJobError(
            f"the Spark job failed: {first}\nSpark's log ({log_path()}) ends:\n{log_tail()}"
        ) from exc
    by_id = {
        str(cid): pickle.loads(blob)
        for cid, blob in zip(collected["case_id"], collected["result"], strict=True)
    }
    return [by_id[cid] for cid in case_ids]


class SparkFrames:
    """Hand the corpus tables to GX as Spark DataFrames, through a Spark data source.

    The data source is added to the run's own context (a private copy under the output
    folder), never to the project's committed GX config.
    """

    def __init__(self, spark: Any) -> None:
        self.spark = spark
        self._batch: Any = None

    def frame(self, table: pd.DataFrame) -> Any:
        """Return a Spark DataFrame of `table`: text columns as strings, missing as null."""
        clean = table.copy()
        for column in clean.columns:
            values = clean[column]
            if values.dtype == object:
                clean[column] = values.where(values.isna(), values.astype(str)).astype(object)
                clean[column] = clean[column].where(clean[column].notna(), None)
        return self.spark.createDataFrame(clean)

    def batch_definition(self, context: Any) -> Any:
        """Return the whole-DataFrame batch definition of the run context's Spark source."""
        if self._batch is None:
            source = context.data_sources.add_or_update_spark(name=SPARK_DATASOURCE)
            asset = source.add_dataframe_asset(name="dataframe")
            self._batch = asset.add_batch_definition_whole_dataframe("whole_dataframe")
        return self._batch


SPARK_DATASOURCE = "claimcheck_spark"
