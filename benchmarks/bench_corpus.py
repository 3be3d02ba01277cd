"""Benchmark: validate a synthetic corpus end to end, as the gate runs it.

Generates `--cases` synthetic cases (see `benchmarks/corpus.py`: ~70 facts with valid
quotes, ~45 claims of every kind, some failing, filings and exclusions) into a temporary
folder, then runs `python -m checks validate` on it in a fresh process and reports wall
time, the seconds of each stage (from `--timings`), peak memory of the process tree
(the gate and its worker processes, sampled from /proc) and claims per second.

Run with `nox -s bench -- --cases 10000` or `python benchmarks/bench_corpus.py --cases 200`.
Exit status is the gate's (0 expected: every generated verdict is reviewed correctly).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out.extend(int(c) for c in (task / "children").read_text().split())
    except OSError:
        pass
    return out


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid: int) -> int:
    """Sum the resident memory of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss_kib(p)
        todo.extend(_children(p))
    return total


def _own_cpu(pid: int) -> float:
    """Return the CPU seconds (user + system) a live process has used itself, children apart."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def run_measured(
    cmd: list[str], cwd: Path
) -> tuple[int, float, tuple[int, int], str, float, float]:
    """Run cmd; return exit code, wall seconds, peak RSS (KiB) of the process tree and of the
    command's own process, output, CPU seconds of all processes, and CPU seconds of the
    command's own process (the gate, workers apart).

    The CPU seconds (user + system) count the command and every process it waited for (its
    worker processes), so they mean something on a machine shared with other jobs, where
    the wall time does not. The gate's own CPU is its last sample (every 50 ms) before it
    exits, so it may miss the last 50 ms.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, own, gate_peak = 0, 0.0, 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, own, gate_peak
        while not done.wait(0.05):
            peak = max(peak, tree_rss_kib(proc.pid))
            gate_peak = max(gate_peak, _rss_kib(proc.pid))
            own = max(own, _own_cpu(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc.returncode, wall, (peak, gate_peak), out + err, cpu, own


def read_floor(datasets: Path) -> float:
    """Time the physical floor of a validate run: reading every file of the corpus once."""
    start = time.perf_counter()
    for path in sorted(datasets.rglob("*")):
        if path.is_file():
            path.read_bytes()
    return max(time.perf_counter() - start, 1e-6)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--workers", type=int, default=None, help="passed to validate --workers")
    ap.add_argument("--keep", type=Path, default=None, help="generate into this folder and keep it")
    ap.add_argument("--docs", action="store_true", help="also build the docs")
    ap.add_argument(
        "--engine",
        choices=("pandas", "spark"),
        default="pandas",
        help="spark: run the pandas engine and then the Spark engine (local[*]) on the same "
        "corpus, and print the ratio of their wall times",
    )
    args = ap.parse_args()
    engines = ["pandas"] if args.engine == "pandas" else ["pandas", "spark"]
    walls: dict[str, float] = {}
    code = 0
    for engine in engines:
        code = max(code, _run(args, engine, walls))
    if len(walls) == 2:
        print(
            f"spark/pandas wall-time ratio: {walls['spark'] / walls['pandas']:.2f} "
            f"(spark {walls['spark']:.1f} s, pandas {walls['pandas']:.1f} s, same corpus, same run)"
        )
    return code


def _run(args: argparse.Namespace, engine: str, walls: dict[str, float]) -> int:
    """Generate (or reuse) the corpus, validate it with `engine`, print the figures."""

    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as tmp:
        base = args.keep or Path(tmp)
        datasets = base / "datasets"
        t0 = time.perf_counter()
        if not (datasets / "concepts.csv").exists():
            write_corpus(datasets, args.cases)
        generated = time.perf_counter() - t0
        floor = read_floor(datasets)
        timings = base / "timings.json"
        cmd = [
            sys.executable, "-m", "checks", "validate", "--quiet",
            "--datasets", str(datasets), "--root", str(ROOT), "--out", str(base / "build"),
            "--timings", str(timings),
        ]  # fmt: skip
        if args.workers is not None:
            cmd += ["--workers", str(args.workers)]
        if args.docs:
            cmd.append("--docs")
        if engine == "spark":
            cmd += ["--engine", "spark"]
        code, wall, (peak, gate_peak), output, cpu, gate_cpu = run_measured(cmd, base)
        walls[engine] = wall
        stages = json.loads(timings.read_text()) if timings.exists() else {}
        claims = sum(1 for _ in datasets.glob("*/claims.csv"))  # cases with claims
        claim_rows = sum(
            len(p.read_text(encoding="utf-8").splitlines()) - 1
            for p in datasets.glob("*/claims.csv")
        )
    print(
        f"corpus benchmark, {datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  generated {args.cases:,} cases ({claims:,} with claims, {claim_rows:,} claims) in {generated:.1f} s"
    )
    print(
        f"  validate ({engine}): exit {code}, wall {wall:.1f} s, peak RSS {peak / 1024:.0f} MiB (gate and workers), "
        f"{gate_peak / 1024:.0f} MiB (the gate alone)"
    )
    print(
        f"  throughput: {claim_rows / wall:,.0f} claims/s, {wall / max(args.cases, 1) * 1e3:.1f} ms/case"
    )
    cores = os.cpu_count() or 1
    print(
        f"  CPU (gate and workers, user+system): {cpu:.1f} s, {cpu / max(args.cases, 1) * 1e3:.1f} ms/case; "
        f"on {cores} idle cores at best {cpu / cores:.1f} s; the gate process alone {gate_cpu:.1f} s"
    )
    print(
        f"  floor (reading every corpus file once, same run): {floor:.2f} s; "
        f"validate wall / floor: {wall / floor:,.0f}"
    )
    for stage, seconds in stages.items():
        if seconds >= 0.05:
            print(f"    {seconds:8.2f} s  {stage}")
    if code != 0:
        print(output[-3000:])
    return code


if __name__ == "__main__":
    raise SystemExit(main())
