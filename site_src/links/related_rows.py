"""The rows related papers keep between builds, moved about cheaply: a vocabulary changed in place, CSR
rows spliced a run at a time, and candidates as sorted int64 keys (see :mod:`site_src.links.related_again`)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse


def vocabulary(names: np.ndarray, idf: np.ndarray, touched: np.ndarray,
                kept: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``names`` (sorted) less the ``touched`` terms not ``kept``, with the ``kept`` ones not in it,
    their ``idf`` moved along (a new term's is 0 until set), and each old column's new one (-1:
    gone; None: all as they were)."""
    if not len(names):
        return kept, np.zeros(len(kept)), np.zeros(0, dtype=np.int64)
    at = np.minimum(np.searchsorted(names, touched), len(names) - 1)
    gone = np.unique(at[(names[at] == touched) & ~np.isin(touched, kept)])
    reduced = np.delete(names, gone) if len(gone) else names
    at = np.minimum(np.searchsorted(reduced, kept), max(len(reduced) - 1, 0))
    new = kept[reduced[at] != kept] if len(reduced) else kept
    if not len(gone) and not len(new):
        return names, idf.copy(), None
    position = np.arange(len(names)) - np.searchsorted(gone, np.arange(len(names)))  # in the reduced list
    where = np.searchsorted(reduced, new)
    column = position + np.searchsorted(where, position, side="right")
    column[gone] = -1
    idf = np.delete(idf, gone)
    if len(new):
        if new.dtype.itemsize > reduced.dtype.itemsize:  # numpy would cut the longer terms short
            reduced = reduced.astype(new.dtype)
        reduced, idf = np.insert(reduced, where, new), np.insert(idf, where, 0.0)
    return reduced, idf, column


def spliced(ptr: np.ndarray, values: Sequence[np.ndarray], row_to: np.ndarray, new_rows: np.ndarray,
             new_ptr: np.ndarray, new_values: Sequence[np.ndarray], n: int) -> tuple[np.ndarray, list[np.ndarray]]:
    """A CSR-like layout of ``n`` rows: each old row ``r`` becomes row ``row_to[r]`` (-1: dropped, as
    it goes in order), and ``new_rows`` (sorted) are those of ``new_ptr``/``new_values``. Copied a run
    of rows at a time."""
    counts = np.zeros(n, dtype=np.int64)
    alive = np.flatnonzero(row_to >= 0)
    counts[row_to[alive]] = np.diff(ptr)[alive]
    counts[new_rows] = np.diff(new_ptr)
    out_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=out_ptr[1:])
    out = [np.empty(int(out_ptr[-1]), dtype=v.dtype) for v in values]
    # runs of old rows that stay together: a break where the next old row is dropped or lands apart
    breaks = np.flatnonzero((np.diff(alive) != 1) | (np.diff(row_to[alive]) != 1)) + 1 if len(alive) else alive
    for first, last in zip(np.concatenate([[0], breaks]).tolist(), np.concatenate([breaks, [len(alive)]]).tolist(),
                           strict=True):
        if first == last:
            continue
        a, b = int(alive[first]), int(alive[last - 1]) + 1
        to = int(out_ptr[row_to[a]])
        for target, source in zip(out, values, strict=True):
            target[to: to + ptr[b] - ptr[a]] = source[ptr[a]: ptr[b]]
    for at, row in enumerate(new_rows.tolist()):
        lo, hi, to = int(new_ptr[at]), int(new_ptr[at + 1]), int(out_ptr[row])
        for target, source in zip(out, new_values, strict=True):
            target[to: to + hi - lo] = source[lo:hi]
    return out_ptr, out


def spliced_matrix(old: sparse.csr_matrix, row_to: np.ndarray, columns: np.ndarray | None, new_rows: np.ndarray,
                    new: sparse.csr_matrix, width: int) -> sparse.csr_matrix:
    """``old``'s rows moved by ``row_to`` (their ``columns`` remapped: None, as they are) and ``new``'s
    as rows ``new_rows``."""
    n = len(new_rows) + int((row_to >= 0).sum())
    indices = old.indices if columns is None or not len(columns) else columns[old.indices].astype(old.indices.dtype)
    ptr, (indices, data) = spliced(old.indptr, (indices, old.data), row_to, new_rows, new.indptr,
                                    (new.indices.astype(indices.dtype), new.data), n)
    return sparse.csr_matrix((data, indices, ptr), shape=(n, width))


# A candidate is one int64: row, then score (9 decimals, best first), then column, so that one sorted
# array holds every row's list in order; rows and columns below 2^16, scores within 30 bits.
ROW, SCORE = 46, 16
MAX_PAPERS = 1 << 16  # from this many papers on, everything is made again each time


def keys_of(rows: np.ndarray, cols: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Candidate keys from rows, columns and raw pruned products (rounded to 9 places as the clean path does)."""
    inverse = 10**9 - np.rint(scores * 1e9).astype(np.int64)
    return (rows.astype(np.int64) << ROW) | (inverse << SCORE) | cols.astype(np.int64)


def key_parts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, columns, 10^9 - score x 10^9) of candidate keys."""
    return keys >> ROW, keys & ((1 << SCORE) - 1), (keys >> SCORE) & ((1 << (ROW - SCORE)) - 1)


def remapped(keys: np.ndarray, new_of: np.ndarray) -> np.ndarray:
    """Keys with rows and columns by ``new_of`` (order kept: it keeps order); -1 where either is gone."""
    rows, cols, inverse = key_parts(keys)
    rows, cols = new_of[rows], new_of[cols]
    return np.where((rows >= 0) & (cols >= 0), (rows << ROW) | (inverse << SCORE) | cols, -1)
