"""Benchmark: the hedge policy over 100,000 figures at once, against one figure at a time.

`HedgePolicy.intervals` applies the policy with numpy integer arithmetic
(`checks.numbers.hedge_arrays`); `HedgePolicy.interval` is the Decimal specification, one
figure at a time. This prints the array path's cost per figure as a ratio to the
specification's, measured in the same run on the same random figures (a sample of them for
the slow path). The speed figure used to be a wall-clock assertion in the unit tests; a
test cannot know the machine, a ratio to a same-run baseline can.

Run with `nox -s bench` or `python benchmarks/bench_hedge.py`.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal

import numpy as np

from checks.numbers.hedge import DEFAULT_POLICY
from checks.numbers.quantity import Qualifier, Quantity, Unit


def figures(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return n random figures: decimal strings, their decimals, and their qualifiers."""
    rng = np.random.default_rng(seed)
    mantissas = rng.integers(1, 10**6, n)
    decimals = rng.integers(-8, 3, n)
    values = np.array(
        [str(Decimal(int(k)).scaleb(-int(d))) for k, d in zip(mantissas, decimals, strict=True)],
        dtype=object,
    )
    qualifiers = rng.choice([q.value for q in Qualifier], n).astype(object)
    return values, decimals, qualifiers


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--figures", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=5_000, help="figures for the one-at-a-time path")
    args = ap.parse_args()

    values, decimals, qualifiers = figures(args.figures)
    start = time.perf_counter()
    got = DEFAULT_POLICY.intervals(values, decimals, qualifiers)
    vector = time.perf_counter() - start
    assert got.shape == (args.figures,) and not got.is_empty.any()

    n = min(args.sample, args.figures)
    quantities = [
        Quantity(str(v), Decimal(v), Unit.CNY, int(d), qualifier=Qualifier(q))
        for v, d, q in zip(values[:n], decimals[:n], qualifiers[:n], strict=True)
    ]
    start = time.perf_counter()
    for q in quantities:
        DEFAULT_POLICY.interval(q)
    one_by_one = time.perf_counter() - start

    per_vec, per_one = vector / args.figures, one_by_one / n
    print(
        f"hedge policy: {args.figures:,} figures as arrays in {vector:.2f} s "
        f"({per_vec * 1e6:.2f} µs/figure)"
    )
    print(
        f"  baseline: the Decimal specification one figure at a time, {per_one * 1e6:.1f} µs/figure"
    )
    print(f"  ratio arrays / one-at-a-time per figure: {per_vec / per_one:.4f}")


if __name__ == "__main__":
    main()
