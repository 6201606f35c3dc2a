"""Inverted indexes for lunr's BM25, made in array operations over every posting.

A field's terms over all documents are one :class:`Column`: each document's distinct terms in a
row, how often each occurs, and (for the abstract) where. A posting holds a document's own term
counts only; the weights, which need the whole corpus (idf, the average field length), are
computed by the explorer at query time (:func:`bm25` is the same formula). So one paper more
changes the postings of its own terms and nothing else.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any

import numpy as np

from site_src.search.terms import Counted, base36, found_terms

K1, B = 1.2, 0.75
_RUNS_AT_ONCE = 20_000  # terms whose postings are made at once


@dataclass(frozen=True)
class Column:
    """One field's terms over documents, in document order: each document's distinct terms
    one after another (``sizes`` says how many each has), with how often each occurs and, for a
    field with positions, each one's positions as :func:`~site_src.search.terms.suffix` writes them."""

    terms: list[str]
    counts: np.ndarray  # int32, one per term
    sizes: np.ndarray  # int64, one per document
    positions: list[str] | None = None

    @staticmethod
    def of(docs: Sequence[Counted], positions: bool = False) -> Column:
        """The column of each document's :class:`~site_src.search.terms.Counted` terms."""
        terms = list(chain.from_iterable(d.terms for d in docs))
        return Column(terms, np.fromiter(chain.from_iterable(d.counts for d in docs), dtype=np.int32,
                                         count=len(terms)),
                      np.fromiter((len(d.terms) for d in docs), dtype=np.int64, count=len(docs)),
                      list(chain.from_iterable(d.positions for d in docs)) if positions else None)

    @staticmethod
    def of_texts(texts: Sequence[str], stop_words: bool = True, positions: bool = False) -> Column:
        """The column of each text's terms (see :func:`~site_src.search.terms.found_terms`)."""
        terms, counts, sizes, suffixes = found_terms(texts, stop_words, positions)
        return Column(terms, counts, sizes, suffixes if positions else None)

    @staticmethod
    def of_terms(docs: Sequence[Sequence[str]], positions: Sequence[dict[str, str]] | None = None) -> Column:
        """The column of each document's terms as a list (repeats counted), and optionally
        each one's positions by term."""
        counted = [Counter(d) for d in docs]
        return Column.of([Counted(tuple(c), tuple(c.values()),
                                  tuple(positions[i][t] for t in c) if positions is not None else ())
                          for i, c in enumerate(counted)], positions is not None)

    def rows(self) -> list[Counted]:
        """Each document's terms (what :meth:`of` makes a column of)."""
        counts = self.counts.tolist()
        ends = np.cumsum(self.sizes).tolist()
        suffixes = self.positions
        return [Counted(tuple(self.terms[a:b]), tuple(counts[a:b]), tuple(suffixes[a:b]) if suffixes is not None else ())
                for a, b in zip([0, *ends][:-1], ends, strict=True)]


@dataclass(frozen=True)
class FieldTerms:
    """One field's terms for every document, with its boost."""

    name: str
    boost: float
    column: Column
    # BM25's length normalisation; 0 for a field of names, mostly empty: a paper with one name is
    # not "longer than average" there, and its own name must weigh as a title word does
    b: float = B


@dataclass(frozen=True)
class Inverted:
    """One inverted index: its terms, sorted, and each one's posting string."""

    terms: list[str]
    postings: list[str]

    def json(self) -> str:
        """The index as the explorer reads it (script-safe JSON)."""
        return js_json({"terms": self.terms, "postings": self.postings})


def field_lengths(field: FieldTerms, n: int) -> np.ndarray:
    """Each of ``n`` documents' length in ``field`` (its terms, repeats counted), as BM25 weighs it."""
    c = field.column
    return np.bincount(np.repeat(np.arange(n, dtype=np.int64), c.sizes), weights=c.counts, minlength=n).astype(np.int64)


def entry(ref: str, field: int, count: int, positions: str = "") -> str:
    """One posting: a document's ``ref``, the field's digit, the term count base 36, positions."""
    return f"{ref}:{field}{_printed(count)}{positions}"


def term_indexes(fields: Sequence[FieldTerms], refs: Sequence[str],
                 split: dict[str, Callable[[str], str]] | None = None) -> dict[str, Inverted]:
    """Inverted indexes over ``fields``, by name.

    ``split`` maps a field name to a function term -> index name; without it every field goes
    to the index named ``""``. A posting string holds one entry a document and field that has
    the term, ``"<ref>:<field><count>[@<positions>]"`` (see :func:`entry`), joined by spaces and
    sorted (by ref, then field: refs are prefix-free, so the strings sort so): the field is a
    digit, its place in ``fields``; the count how often the term occurs there, base 36; the
    positions the term's token positions (base 36, ``.``-joined) where the field has them (for
    phrases). What a posting holds is the document's own: the explorer weighs it at query time
    with lunr's BM25 (see :func:`bm25`), so one more document changes the postings of its own
    terms only. lunr.js's own serialized index repeats every weight in a per-document field
    vector and rebuilds a token automaton on load: at 10,000 papers its shards took most of a
    second to open. These strings are decoded only for the terms a query names."""
    n = len(refs)
    split = split or {}
    vocab = sorted(set().union(*(f.column.terms for f in fields)))
    term_no = dict(zip(vocab, range(len(vocab))))
    homes: dict[Callable[[str], str], list[str]] = {}
    for f in fields:
        if (where := split.get(f.name)) is not None and where not in homes:
            homes[where] = list(map(where, vocab))
    names = sorted({"", *chain.from_iterable(homes.values())})
    name_no = {name: i for i, name in enumerate(names)}
    home_no = {where: np.fromiter(map(name_no.__getitem__, found), dtype=np.int32, count=len(vocab))
               for where, found in homes.items()}
    rank = np.zeros(n, dtype=np.int32)  # each document's place in the order of the refs
    rank[sorted(range(n), key=refs.__getitem__)] = np.arange(n, dtype=np.int32)
    # Per posting (a term in a field of a document): term, field, document's rank, index and term
    # count, in the narrowest types that hold them (at 50,000 papers, millions of postings).
    blocks: list[list[np.ndarray]] = []
    meta: list[str] = []  # each posting's positions suffix, in the order of the postings
    for fi, f in enumerate(fields):
        c = f.column
        ids = np.fromiter(map(term_no.__getitem__, c.terms), dtype=np.int32, count=len(c.terms))
        doc = np.repeat(rank, c.sizes)
        where = split.get(f.name)
        meta += c.positions if c.positions is not None else [""] * len(ids)
        blocks.append([ids, np.full(len(ids), fi, dtype=np.int8), doc,
                       home_no[where][ids] if where is not None else np.zeros(len(ids), dtype=np.int32), c.counts])
    kinds = (np.int32, np.int8, np.int32, np.int32, np.int32)
    columns = []
    for i, kind in enumerate(kinds):  # a column at a time, each block's part freed once copied
        columns.append(np.concatenate([block[i] for block in blocks]) if blocks else np.zeros(0, dtype=kind))
        for block in blocks:
            block[i] = np.zeros(0, dtype=kind)
    del blocks
    T, F, R, X, tf = columns
    del columns
    order = np.lexsort((F, R, T, X))
    values, which = np.unique(tf[order], return_inverse=True)
    printed = np.array([_printed(v) for v in values.tolist()], dtype=object)
    width = len(fields)
    by_rank = sorted(refs)
    # "<ref>:<field>" of each document (by rank) and field, made once
    ref_field = np.array([f"{r}:{k}" for r in by_rank for k in range(width)], dtype=object)
    xo, to, ro, fo = X[order], T[order], R[order], F[order]
    suffixes = np.array(meta, dtype=object)  # in the postings' first order: taken a chunk at a time
    del T, F, R, X, tf, meta
    runs = _runs(xo, to)
    out: dict[str, Inverted] = {}
    join = " ".join
    for first in range(0, len(runs), _RUNS_AT_ONCE):  # never one string per posting for all terms at once
        chunk = runs[first:first + _RUNS_AT_ONCE]
        a0, b0 = chunk[0][0], chunk[-1][1]
        # these terms' postings' text in arrays of strings (the objects' own +, per element, in C)
        entries = (ref_field[ro[a0:b0].astype(np.int64) * width + fo[a0:b0]] + printed[which[a0:b0]]
                   + suffixes[order[a0:b0]]).tolist()
        starts = [a for a, _ in chunk]
        for (a, b), x, t in zip(chunk, xo[starts].tolist(), to[starts].tolist(), strict=True):
            index = out.get(names[x])
            if index is None:
                index = out[names[x]] = Inverted([], [])
            index.terms.append(vocab[t])
            index.postings.append(join(entries[a - a0:b - a0]))
        del entries
    return out


def idf(n: int, with_term: np.ndarray) -> np.ndarray:
    """lunr's idf of terms that ``with_term`` postings (over every field) have, among ``n`` documents."""
    df = with_term.astype(np.float64)
    out: np.ndarray = np.log1p(np.abs((n - df + 0.5) / (df + 0.5)))
    return out


def bm25(idf: np.ndarray, count: np.ndarray, length: np.ndarray, average: float, b: float,
         boost: float) -> np.ndarray:
    """lunr's BM25 score of a term in a field, times 1000 and rounded: what the explorer computes
    from a posting (the same operations in the same order, so the same numbers)."""
    norm = K1 * (1 - b + b * (length / average)) if average else np.full(len(length), K1)
    out: np.ndarray = np.floor(idf * ((K1 + 1) * count) / (norm + count) * boost * 1000 + 0.5).astype(np.int64)
    return out


@lru_cache(maxsize=1 << 16)
def _printed(count: int) -> str:
    """A term count as a posting writes it."""
    return base36(count)


def js_json(value: Any) -> str:
    """JSON that no string in it can close a <script> or break JavaScript."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _runs(*keys: Any) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of equal rows in sorted key arrays."""
    if not len(keys[0]):
        return []
    change = np.zeros(len(keys[0]), dtype=bool)
    change[0] = True
    for k in keys:
        change[1:] |= k[1:] != k[:-1]
    starts = np.flatnonzero(change).tolist()
    return list(zip(starts, starts[1:] + [len(keys[0])], strict=True))
