"""Inverted indexes with lunr's BM25 weights, made in array operations over every posting.

A field's terms over all documents are one :class:`Column`: each document's distinct terms in a
row, how often each occurs, and (for the abstract) where. The weights need the whole corpus
(idf, the average field length), the postings only each document's own terms: a caller that
kept each paper's terms joins them into columns and only the weights are computed again.
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


def term_indexes(fields: Sequence[FieldTerms], refs: Sequence[str],
                 split: dict[str, Callable[[str], str]] | None = None) -> dict[str, str]:
    """Inverted indexes (JSON text) over ``fields`` with lunr's BM25 weights over all of them.

    ``split`` maps a field name to a function term -> index name; without it every field goes
    to the index named ``""``. An index is ``{"fields": [...], "terms": [...sorted],
    "postings": [...]}``, one posting string a term: ``"<ref>:<field><weight>[@<positions>]"``
    entries joined by spaces, in document order, the field a digit (its place in ``fields``),
    the weight lunr's score of the term in that field (idf, k1 1.2, b 0.75, field boost; idf and
    average field lengths from the whole corpus) times 1000, in base 36, and the positions the
    term's token positions (base 36, ``.``-joined) where the field has them (for phrases).

    lunr.js's own serialized index repeats every weight in a per-document field vector and
    rebuilds a token automaton on load: at 10,000 papers its shards took most of a second to
    open. These strings are decoded only for the terms a query names."""
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
    # Per posting (a term in a field of a document): term, field, document, index, term count and
    # length norm, in the narrowest types that hold them (at 50,000 papers, millions of postings:
    # this was the search worker's peak of memory, and so the build's).
    blocks: list[list[np.ndarray]] = []
    meta: list[str] = []  # each posting's positions suffix, in the order of the postings
    for fi, f in enumerate(fields):
        c = f.column
        ids = np.fromiter(map(term_no.__getitem__, c.terms), dtype=np.int32, count=len(c.terms))
        doc = np.repeat(np.arange(n, dtype=np.int32), c.sizes)
        length = np.bincount(doc, weights=c.counts, minlength=n)  # terms in the field, repeats counted
        avg = float(length.sum()) / n if n else 1.0
        doc_norm = K1 * (1 - f.b + f.b * (length / avg)) if avg else np.full(n, K1)
        where = split.get(f.name)
        meta += c.positions if c.positions is not None else [""] * len(ids)
        blocks.append([ids, np.full(len(ids), fi, dtype=np.int8), doc,
                       home_no[where][ids] if where is not None else np.zeros(len(ids), dtype=np.int32),
                       c.counts, doc_norm[doc]])
    kinds = (np.int32, np.int8, np.int32, np.int32, np.int32, np.float64)
    columns = []
    for i, kind in enumerate(kinds):  # a column at a time, each block's part freed once copied
        columns.append(np.concatenate([block[i] for block in blocks]) if blocks else np.zeros(0, dtype=kind))
        for block in blocks:
            block[i] = np.zeros(0, dtype=kind)
    del blocks
    T, F, D, X, tf, norm = columns
    del columns
    with_term = np.bincount(T, minlength=len(vocab)).astype(np.float64)
    idf = np.log1p(np.abs((n - with_term + 0.5) / (with_term + 0.5)))
    boosts = np.array([f.boost for f in fields], dtype=np.float64)
    weight = np.floor(idf[T] * ((K1 + 1) * tf) / (norm + tf) * boosts[F] * 1000 + 0.5).astype(np.int64)
    if len(weight) and weight.max() < 2 ** 31:  # always, for BM25 weights times 1000; half the memory
        weight = weight.astype(np.int32)
    del tf, norm
    own_fields: dict[int, list[int]] = {}
    for xf in np.unique(X * len(fields) + F).tolist():
        own_fields.setdefault(xf // len(fields), []).append(xf % len(fields))
    local_field = np.zeros((len(names), len(fields)), dtype=np.int8)
    for x, fis in own_fields.items():
        local_field[x, fis] = np.arange(len(fis))
    order = np.lexsort((F, D, T, X))
    values, which = np.unique(weight[order], return_inverse=True)
    printed = np.array([_printed(v) for v in values.tolist()], dtype=object)
    width = max(len(fis) for fis in own_fields.values()) if own_fields else 1  # an index's fields, at most
    # "<ref>:<field>" of each document and field number of an index, made once
    ref_field = np.array([f"{r}:{k}" for r in refs for k in range(width)], dtype=object)
    xo, to, do, lo = X[order], T[order], D[order], local_field[X[order], F[order]]
    suffixes = np.array(meta, dtype=object)  # in the postings' first order: taken a chunk at a time
    del T, F, D, X, weight, meta
    runs = _runs(xo, to)
    per_index: dict[int, tuple[list[str], list[str]]] = {}
    join = " ".join
    for first in range(0, len(runs), _RUNS_AT_ONCE):  # never one string per posting for all terms at once
        chunk = runs[first:first + _RUNS_AT_ONCE]
        a0, b0 = chunk[0][0], chunk[-1][1]
        # these terms' postings' text in arrays of strings (the objects' own +, per element, in C)
        entries = (ref_field[do[a0:b0].astype(np.int64) * width + lo[a0:b0]] + printed[which[a0:b0]]
                   + suffixes[order[a0:b0]]).tolist()
        starts = [a for a, _ in chunk]
        for (a, b), x, t in zip(chunk, xo[starts].tolist(), to[starts].tolist(), strict=True):
            terms, postings = per_index.setdefault(x, ([], []))
            terms.append(vocab[t])
            postings.append(join(entries[a - a0:b - a0]))
        del entries
    out = {}
    for x in list(per_index):  # each index's postings freed once it is written out
        terms, postings = per_index.pop(x)
        out[names[x]] = js_json({"fields": [fields[fi].name for fi in own_fields[x]], "terms": terms,
                                 "postings": postings})
    return out


@lru_cache(maxsize=1 << 16)
def _printed(weight: int) -> str:
    """A weight as a posting writes it; the same few thousand weights again in each build."""
    return base36(weight)


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
