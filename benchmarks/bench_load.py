"""Benchmark: refusing a 1,000,000-row facts.csv costs little time and bounded memory.

`checks.inputs.csv_tables.read_csv_table` streams a CSV and stops at the first row past MAX_ROWS.
This writes a 1,000,000-row facts.csv to a temporary folder and prints the refusal's time
and peak memory as ratios to baselines measured in the same run, on the same file:

- time: one pass of the csv module over the whole file, keeping nothing (the least any
  reader can do);
- memory: reading the whole file as text, as a loader that decodes before parsing does
  (the reader before streaming did, then kept every row as well).

Time is measured without tracemalloc (which slows allocation-heavy code about tenfold) and
memory with it, in separate runs. Run with `nox -s bench` or `python benchmarks/bench_load.py`.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from checks.inputs.case import FACT_COLUMNS
from checks.inputs.csv_tables import MAX_ROWS, read_csv_table
from checks.problems import DataError

ROW = (
    "revenue,Yunfan Tech (fictional),2025H1,12.5亿元,1250000000,,CNY,8,-7,none,上半年营收12.5亿元,"
)


def write_facts(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join((*FACT_COLUMNS, "note")) + "\n")
        handle.writelines(f"f{i},{ROW}\n" for i in range(rows))


def refuse(path: Path) -> str:
    try:
        read_csv_table(path, required=FACT_COLUMNS, optional=("note",))
    except DataError as exc:
        return exc.problems[0].code
    return "read"


def csv_pass(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle))


def whole_text(path: Path) -> int:
    return len(path.read_text(encoding="utf-8"))


def timed(fn: Callable[[Path], object], path: Path) -> float:
    start = time.perf_counter()
    fn(path)
    return time.perf_counter() - start


def peak(fn: Callable[[Path], object], path: Path) -> int:
    tracemalloc.start()
    try:
        fn(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        path = Path(tmp) / "facts.csv"
        write_facts(path, args.rows)
        size = path.stat().st_size
        outcome = refuse(path)
        print(
            f"{args.rows:,}-row facts.csv, {size / 1e6:.0f} MB; MAX_ROWS = {MAX_ROWS:,}: {outcome}"
        )
        t_refuse, t_base = timed(refuse, path), timed(csv_pass, path)
        print(
            f"time: refusal {t_refuse:.2f} s vs a csv pass over the whole file {t_base:.2f} s "
            f"(ratio {t_refuse / t_base:.2f})"
        )
        m_refuse, m_text, m_pass = peak(refuse, path), peak(whole_text, path), peak(csv_pass, path)
        print(
            f"peak memory (tracemalloc): refusal {m_refuse / 1e6:.0f} MB vs the whole file as "
            f"text {m_text / 1e6:.0f} MB (ratio {m_refuse / m_text:.2f}); a csv pass keeping "
            f"nothing {m_pass / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
