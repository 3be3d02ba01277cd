"""Name the operands each claim uses, per scenario, as one string a claim (`operands_used`).

Part of compiling a case's claims (`checks.claims.batch`): the fact ids every claim names
become positions once, and the names are made with array operations and one str.join a
claim, never a Python loop over claims; `a->missing` marks an operand the article lacks
(internal scenario), `a->ref` the filed figure standing in for it (external scenario).
"""

from __future__ import annotations

from itertools import chain

import numpy as np

from checks.claims.fact_arrays import FactIntervals

__all__ = ["blank", "operands_used", "strings"]


def strings(values: list[str]) -> np.ndarray:
    """A list of strings as a one-dimensional object array."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def blank(shape: int | tuple[int, ...]) -> np.ndarray:
    """An object array of empty strings (np.full casts "" through a unicode array first)."""
    out = np.empty(shape, dtype=object)
    out.fill("")
    return out


def _join(tokens: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Join consecutive runs of `counts[i]` tokens with commas: one string per claim.

    One str.join per claim of two or more tokens (mapped, not a Python loop), which makes
    one string where adding the tokens pairwise made two per comma; a single token is
    used as it is.
    """
    out = blank(len(counts))
    starts = np.cumsum(counts) - counts
    for k in np.unique(counts[counts > 0]).tolist():
        rows = np.flatnonzero(counts == k)
        first = starts[rows]
        if k == 1:
            out[rows] = tokens[first]
            continue
        parts = [tokens[first + j].tolist() for j in range(k)]
        out[rows] = list(map(",".join, zip(*parts, strict=True)))
    return out


def operands_used(
    named: list[tuple[str, ...]], fx: FactIntervals, stated: np.ndarray
) -> np.ndarray:
    """Name the operands each claim uses per scenario, `a->ref` where another stands in.

    `named` holds each claim's fact ids, `stated` its stated fact's position (-1 for
    none). A claim that neither
    misses an operand internally nor has one substituted externally names its operands
    alike in both scenarios: one string, shared, joined once.
    """
    n = len(named)
    used = blank((2, n))
    flat = list(chain.from_iterable(named))
    if not flat:
        return used
    per = np.fromiter(map(len, named), np.int64, n)
    at = fx.positions(flat, len(flat))
    owner = np.repeat(np.arange(n), per)
    keep = at != stated[owner]  # the stated figure is no operand
    at, owner = at[keep], owner[keep]
    counts = np.bincount(owner, minlength=n)
    names = fx.names[at]
    used[0] = used[1] = _join(names, counts)
    lost = ~fx.article[at]
    if lost.any():
        inside = names.copy()
        inside[lost] = names[lost] + "->missing"
        _rejoin(used[0], inside, owner, counts, lost)
    other = fx.external[at]
    swapped = other != at
    if swapped.any():
        outside = names.copy()
        outside[swapped] = names[swapped] + "->" + fx.names[other[swapped]]
        _rejoin(used[1], outside, owner, counts, swapped)
    return used


def _rejoin(
    out: np.ndarray, tokens: np.ndarray, owner: np.ndarray, counts: np.ndarray, changed: np.ndarray
) -> None:
    """Join again the claims with a `changed` token (their tokens stay in claim order)."""
    claims = np.unique(owner[changed])
    mine = np.zeros(len(counts), dtype=bool)
    mine[claims] = True
    out[claims] = _join(tokens[mine[owner]], counts[claims])
