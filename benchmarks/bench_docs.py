"""Benchmark: render case pages and the index from a results folder, as `docs --from` does.

Reads a results folder (`--results`, with `--datasets` for the source texts) or, without
one, generates `--cases` synthetic cases (benchmarks/corpus.py) and validates them first.
Then it renders every case page and the index in this process, one case at a time (read
the case file, render, write), and reports pages per second, the projected time for
10,000 pages, and the ratio to a floor measured in the same run: writing the same bytes
of already-rendered HTML to the same number of files. Wall and CPU (process) times are
both printed: on a loaded machine the CPU figures are the ones to compare (with
`--workers N`, CPU is the sum over the processes, and wall is what N cores give).

Run with `nox -s bench` or `python benchmarks/bench_docs.py --cases 200`, or
`python benchmarks/bench_docs.py --results build/results --datasets datasets`.
The goal (issue 14): 10,000 case pages in at most 5 minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from checks.model.reading import read_results
from checks.output.docs_from import write_docs_from

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent

GOAL_PAGES = 10_000
GOAL_SECONDS = 300.0


def _validate(base: Path, cases: int) -> tuple[Path, Path]:
    """Generate a corpus under `base` and validate it; return its results and datasets."""
    datasets = base / "datasets"
    write_corpus(datasets, cases)
    cmd = [
        sys.executable, "-m", "checks", "validate", "--quiet",
        "--datasets", str(datasets), "--root", str(ROOT), "--out", str(base / "build"),
    ]  # fmt: skip
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
        raise SystemExit(f"validate exited {done.returncode}")
    return base / "build" / "results", datasets


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _render(results: Path, datasets: Path, docs: Path, workers: int) -> tuple[int, float, float]:
    """Render every case page and the index into `docs`; return pages, wall and CPU seconds."""
    wall, cpu = time.perf_counter(), _cpu()
    folder = read_results(results, datasets)
    written = write_docs_from(folder, docs, None, workers=workers)
    return written + 1, time.perf_counter() - wall, _cpu() - cpu


def _floor(docs: Path, target: Path) -> tuple[int, int, float, float]:
    """Write every rendered page's bytes again to a fresh file of its own; time the writes.

    Each page is read before its write and the read is not timed, so the floor holds one
    page in memory at a time, as the renderer does. Returns files, bytes, wall and CPU s.
    """
    files = total = 0
    wall = cpu = 0.0
    for page in sorted(docs.rglob("*.html")):
        data = page.read_bytes()
        out = target / page.relative_to(docs)
        w, c = time.perf_counter(), time.process_time()
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        wall += time.perf_counter() - w
        cpu += time.process_time() - c
        files += 1
        total += len(data)
    return files, total, wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=200, help="cases to generate (no --results)")
    ap.add_argument("--results", type=Path, default=None, help="render from this results folder")
    ap.add_argument("--datasets", type=Path, default=None, help="its datasets (source texts)")
    ap.add_argument("--workers", type=int, default=1, help="render in N processes (docs --from)")
    args = ap.parse_args()
    if (args.results is None) != (args.datasets is None):
        ap.error("--results and --datasets go together")
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-docs-") as tmp:
        base = Path(tmp)
        if args.results is None:
            results, datasets = _validate(base, args.cases)
        else:
            results, datasets = args.results, args.datasets
        docs = base / "docs"
        pages, wall, cpu = _render(results, datasets, docs, args.workers)
        html_bytes = sum(p.stat().st_size for p in docs.rglob("*.html"))
        index_bytes = (docs / "index.html").stat().st_size
        files, floor_bytes, floor_wall, floor_cpu = _floor(docs, base / "floor")
        shutil.rmtree(base / "floor", ignore_errors=True)
    assert files == pages and floor_bytes == html_bytes, (files, pages)
    print(
        f"docs benchmark, {datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  rendered {pages:,} pages ({pages - 1:,} cases + index) from {results} "
        f"in {args.workers} process(es): "
        f"{html_bytes / 2**20:,.1f} MiB, index {index_bytes / 2**10:,.0f} KiB"
    )
    for label, seconds, floor in (("wall", wall, floor_wall), ("CPU", cpu, floor_cpu)):
        rate = pages / seconds if seconds else float("inf")
        projected = GOAL_PAGES / rate
        print(
            f"  {label:4}: {seconds:7.2f} s, {rate:7.1f} pages/s; {GOAL_PAGES:,} pages in "
            f"{projected:6.1f} s (goal {GOAL_SECONDS:.0f} s: "
            f"{'met' if projected <= GOAL_SECONDS else 'MISSED'}); floor (writing the same "
            f"bytes) {floor:.2f} s, ratio {seconds / floor if floor else float('inf'):.1f}x"
        )
    cores = max(1, min(args.workers, os.cpu_count() or 1))
    idle = GOAL_PAGES * cpu / pages / cores
    print(
        f"  estimate for an idle machine: {GOAL_PAGES:,} pages in {idle:.0f} s on {cores} "
        f"core(s) (CPU time over the cores in use; goal {GOAL_SECONDS:.0f} s: "
        f"{'met' if idle <= GOAL_SECONDS else 'MISSED'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
