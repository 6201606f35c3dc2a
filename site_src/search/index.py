"""The client-side search: inverted indexes with lunr's weights, split so a visitor downloads little.

Terms come from the same tokenizer, trimmer, stop words and Porter stemmer that lunr.js runs at
query time (lunr.py's stemmer differs on words ending in "y", so that step is redone the lunr.js
way here), weighted as lunr weights them (BM25: k1 1.2, b 0.75, field boosts). The indexes are
not lunr's serialized format, which repeats every weight in per-document vectors and rebuilds a
token automaton when opened: at 10,000 papers that made the first index and each shard take
most of a second to open (see ``term_indexes`` for the format the explorer reads).

What a visitor downloads first is small: ``assets/search-index.js`` indexes titles, repository
names and tag names, ``assets/search-docs.js`` holds each paper's title, URL, date and tags.
Author, id, venue, keyword and abstract terms live in ``assets/search/abstract-XX.js`` shards,
XX the term's first two characters, loaded by <script> tag only for the query's terms; snippets
live in ``assets/search/snippets-N.js``, loaded for the papers shown. Every file is a plain
script assignment (no fetch), so search works from ``file://``. Weights (idf, field lengths)
are computed over the whole corpus, so a paper's weights from the first index and from a shard
add up as one index would have them.
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from site_src.abstract import plain
from site_src.dates import iso
from site_src.links.mentions import short_names
from site_src.links.taxonomy import collection_tag
from site_src.model import Paper, author_id, author_index
from site_src.search.terms import index_term, positioned_terms, repository_names, text_terms

SNIPPET = 240
SNIPPET_CHUNK = 100  # papers per snippets file
K1, B = 1.2, 0.75
SHARD_FIELD = ("abstract", 1.0)
SHARDED_FIELDS = ("authors", "ids", "venue", "keywords", "abstract")  # in assets/search/abstract-XX.js, loaded on demand
SHARD_DIR = "assets/search"
AUTHORS_FILE = f"{SHARD_DIR}/authors.js"  # every author's id and name, and each paper's author numbers
# What a visitor downloads before the first result: the page's scripts, in order.
FIRST_RESULT_FILES = ("assets/vendor/lunr/lunr.min.js", "assets/search-index.js", "assets/search-docs.js",
                      "assets/explorer.js")

# lunr.js splits on JavaScript's \s and "-", then trims JavaScript's (ASCII-only) \W from both ends.
_SEPARATOR = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+")
_SHARD_KEY = re.compile(r"[a-z0-9]{1,2}")




@lru_cache(maxsize=1 << 18)
def index_terms(text: str) -> list[str]:
    """Text -> the terms lunr.js's default pipeline (trimmer, stopWordFilter, stemmer) keeps."""
    return [t for t in map(index_term, _SEPARATOR.split(text.lower())) if t]


def shard_key(term: str) -> str:
    """The abstract shard a term lives in: its first two characters, or ``_`` if not [a-z0-9].

    search.js computes the same key from a query term (JavaScript slices UTF-16 units, which
    gives the same answer: a non-ASCII first or second character means ``_`` either way)."""
    head = term[:2]
    return head if _SHARD_KEY.fullmatch(head) else "_"


def js_assign(name: str, value: Any) -> bytes:
    """``window.NAME = <json>;`` encoded so that no string can close a <script> or break JS."""
    return f"window.{name} = {_js_json(value)};\n".encode()


def js_register(table: str, key: str, json_text: str) -> bytes:
    """``(window.TABLE = window.TABLE || {})[key] = <json_text>;`` for a file loaded on demand.

    ``json_text`` must already be script-safe (made by ``_js_json`` or ``term_indexes``)."""
    return f"(window.{table} = window.{table} || {{}})[{_js_json(key)}] = {json_text};\n".encode()


def _js_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def ref_of(position: int) -> str:
    """A paper's short lunr ref: its position in the docs list, base 36."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        position, r = divmod(position, 36)
        out = digits[r] + out
        if not position:
            return out


@dataclass(frozen=True)
class FieldTerms:
    """One field's terms for every document, in document order, with its boost."""

    name: str
    boost: float
    docs: tuple[tuple[str, ...], ...]
    # per document, each term's token positions as written after the weight (``@3.1a``, for
    # phrases; see :func:`position_suffixes`)
    positions: tuple[dict[str, str], ...] | None = None
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
    vocab = sorted({t for f in fields for terms in f.docs for t in terms})
    term_no = {t: i for i, t in enumerate(vocab)}
    names = sorted({"", *(where(t) for f in fields if (where := split.get(f.name)) for t in vocab)})
    name_no = {name: i for i, name in enumerate(names)}
    # Per posting (a term in a field of a document): term, field, document, index, term count and
    # length norm, in the narrowest types that hold them (at 50,000 papers, millions of postings:
    # this was the search worker's peak of memory, and so the build's).
    blocks: list[list[np.ndarray]] = []
    meta: list[str] = []  # each posting's positions suffix, in the order of the postings
    for fi, f in enumerate(fields):  # one field's counters at a time: at 50,000 papers they are hundreds of MB
        per_doc = [Counter(terms) for terms in f.docs]
        avg = sum(len(d) for d in f.docs) / n if n else 1.0
        where = split.get(f.name)
        lengths = np.array([len(c) for c in per_doc], dtype=np.int64)
        ids = np.array([term_no[t] for c in per_doc for t in c], dtype=np.int32)
        counted = np.array([v for c in per_doc for v in c.values()], dtype=np.int32)
        doc_norm = np.array([K1 * (1 - f.b + f.b * (len(terms) / avg)) if avg else K1 for terms in f.docs],
                            dtype=np.float64)
        home = np.array([name_no[where(t)] for t in vocab], dtype=np.int32) if where else None
        if f.positions is not None:
            meta += [pos[t] for c, pos in zip(per_doc, f.positions, strict=True) for t in c]
        else:
            meta += [""] * len(ids)
        blocks.append([ids, np.full(len(ids), fi, dtype=np.int8),
                       np.repeat(np.arange(len(per_doc), dtype=np.int32), lengths),
                       home[ids] if home is not None else np.zeros(len(ids), dtype=np.int32),
                       counted, np.repeat(doc_norm, lengths)])
        del per_doc
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
    printed = [_base36(v) for v in values.tolist()]
    ref_field = [f"{r}:" for r in refs]
    digits = "0123456789"
    out = {}
    xo, to, do, lo = X[order], T[order], D[order], local_field[X[order], F[order]]
    del T, F, D, X, weight
    runs = _runs(xo, to)
    per_index: dict[int, tuple[list[str], list[str]]] = {}
    for a, b in runs:  # each term's postings made and joined at once: never one string per posting for all terms
        terms, postings = per_index.setdefault(int(xo[a]), ([], []))
        terms.append(vocab[int(to[a])])
        postings.append(" ".join([ref_field[d] + digits[lf] + printed[w] + meta[k] for d, lf, w, k in zip(
            do[a:b].tolist(), lo[a:b].tolist(), which[a:b].tolist(), order[a:b].tolist(), strict=True)]))
    for x in list(per_index):  # each index's postings freed once it is written out
        terms, postings = per_index.pop(x)
        out[names[x]] = _js_json({"fields": [fields[fi].name for fi in own_fields[x]], "terms": terms,
                                  "postings": postings})
    return out


def _base36(number: int) -> str:
    return ref_of(number)


_AT = [sys.intern("@" + ref_of(i)) for i in range(1024)]  # a term found once, at one of the first positions


def position_suffixes(positions: dict[str, list[int]], shared: dict[str, str] | None = None) -> dict[str, str]:
    """Each term's positions as its postings write them (``@`` and base-36 numbers, ``.``-joined),
    made once per document. Equal ones are one string (a million postings share a few thousand,
    so a large survey keeps no list of positions per term and paper): held in ``shared``, or
    interned without it."""
    out = {}
    for t, pos in positions.items():
        if len(pos) == 1 and pos[0] < len(_AT):
            out[t] = _AT[pos[0]]
            continue
        text = "@" + ".".join([_B36[p] if p < len(_B36) else ref_of(p) for p in pos])
        out[t] = shared.setdefault(text, text) if shared is not None else sys.intern(text)
    return out


_B36 = [ref_of(i) for i in range(4096)]


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


def snippet(abstract: str) -> str:
    text = plain(abstract)
    return text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Facets:
    """What the explorer filters by beside the text: tags (``(id, name, facet name, topical)``),
    collections (``(id, title)``), and each paper's BibTeX entry for "BibTeX of the selection"."""

    tags: Sequence[tuple[str, str, str, bool]]
    collections: Sequence[tuple[str, str]] = ()
    bibtex: Callable[[Paper], str] | None = None


def short_authors(authors: Sequence[str], count: int | None) -> str:
    if not authors:
        return f"{count} authors" if count and count > 1 else ""
    return ", ".join(authors[:2]) + (" et al." if len(authors) > 2 else "")


def identifiers(p: Paper) -> str:
    """Words that name a paper exactly: its DOI, arXiv id and year."""
    return " ".join([value for _, value in p.ids] + ([str(p.year)] if p.year else []))


@dataclass(frozen=True, slots=True)
class PaperTerms:
    """What the index takes from one paper's own fields, field by field: it changes only with the
    paper (a caller may keep it between builds). Tag terms are not here: tag names are the survey's."""

    title: tuple[str, ...]
    names: tuple[str, ...]
    authors: tuple[str, ...]
    ids: tuple[str, ...]
    venue: tuple[str, ...]
    keywords: tuple[str, ...]
    abstract: tuple[str, ...]
    positions: dict[str, str]  # the abstract terms' positions, as :func:`position_suffixes` writes them


def paper_terms(p: Paper) -> PaperTerms:
    abstract, positions = positioned_terms(plain(p.abstract))
    return PaperTerms(
        title=tuple(text_terms(p.title)),
        # a paper's own short names: its repositories' and what it coins ("we call it X"), so it ranks first for them
        names=tuple(text_terms(" ".join([repository_names(p.code_urls), *short_names(p)]))),
        authors=tuple(text_terms(" ".join(p.authors), stop_words=False)),
        ids=tuple(text_terms(identifiers(p), stop_words=False)),
        venue=tuple(text_terms(p.venue)), keywords=tuple(text_terms(" ".join(p.keywords))),
        abstract=tuple(abstract), positions=position_suffixes(positions))


def search_files(papers: list[Paper], tag_names: dict[str, str], url_of: dict[str, str],
                 tags_of: dict[str, tuple[str, ...]] | None = None,
                 facets: Facets | None = None, terms: Mapping[str, PaperTerms] | None = None) -> list[tuple[str, bytes]]:
    """Every search data file as ``(site path, bytes)``: the first index and docs loaded with the
    page, abstract shards, snippet and BibTeX files loaded on demand. ``tags_of`` gives the tags
    each paper is found and filtered by (by default every tag of the paper); ``terms``, each
    paper's :func:`paper_terms` by slug, when the caller has them."""

    tagged = tags_of if tags_of is not None else {p.slug: p.tags for p in papers}
    if facets is None:
        facets = Facets([(t, tag_names.get(t, t), "", True) for t in sorted({t for ts in tagged.values() for t in ts})])
    tag_no = {row[0]: i for i, row in enumerate(facets.tags)}
    coll_no = {cid: i for i, (cid, _) in enumerate(facets.collections)}
    refs = [ref_of(i) for i in range(len(papers))]
    own = [terms[p.slug] for p in papers] if terms is not None else [paper_terms(p) for p in papers]
    fields = [
        FieldTerms("title", 10.0, tuple(t.title for t in own)),
        FieldTerms("names", 10.0, tuple(t.names for t in own), b=0.0),
        FieldTerms("authors", 8.0, tuple(t.authors for t in own)),
        FieldTerms("ids", 8.0, tuple(t.ids for t in own), b=0.0),
        FieldTerms("tags", 5.0, tuple(tuple(text_terms(" ".join(tag_names.get(t, t) for t in tagged[p.slug])))
                                      for p in papers)),
        FieldTerms("venue", 3.0, tuple(t.venue for t in own)),
        FieldTerms("keywords", 4.0, tuple(t.keywords for t in own)),
        FieldTerms(SHARD_FIELD[0], SHARD_FIELD[1], tuple(t.abstract for t in own),
                   positions=tuple(t.positions for t in own)),
    ]
    del own
    # authors, ids and venues are many distinct terms: they live in the two-letter shards too
    indexes = term_indexes(fields, refs, split={name: shard_key for name in SHARDED_FIELDS})
    primary = indexes.pop("", None) or _js_json({"fields": [f.name for f in fields if f.name not in SHARDED_FIELDS],
                                                 "terms": [], "postings": []})
    shards = sorted(indexes)
    venues, venue_of = _venues(papers)
    authors = author_index(tuple(papers))
    docs = {
        "tags": [list(row[:3]) + [1 if row[3] else 0] for row in facets.tags],
        # [id, title, the tag old intersection links name it by]
        "collections": [[cid, title, collection_tag(cid)] for cid, title in facets.collections],
        "shards": shards, "chunk": SNIPPET_CHUNK, "bibtex": facets.bibtex is not None,
        "venues": venues, "authors": len(authors),
        # [title, url, date, tag numbers, upvotes, has code, collection numbers, authors, venue number or -1]
        "docs": [[p.title, url_of[p.slug], iso(p.date, p.date_precision),
                  [tag_no[t] for t in tagged[p.slug] if t in tag_no], p.upvotes or 0, 1 if p.code_urls else 0,
                  [coll_no[c] for c in p.collections if c in coll_no], short_authors(p.authors, p.author_count),
                  venue_of[i]] for i, p in enumerate(papers)],
    }
    files = [("assets/search-index.js", f"window.SEARCH_INDEX = {primary};\n".encode()),
             ("assets/search-docs.js", js_assign("SEARCH_DOCS", docs))]
    if authors:  # thousands of names: loaded after the first result, or at once when the URL picks authors
        author_no = {aid: i for i, aid in enumerate(authors)}
        files.append((AUTHORS_FILE, js_assign("SEARCH_AUTHORS", {
            "names": [[a.id, a.name] for a in authors.values()],
            "docs": [list(dict.fromkeys(author_no[author_id(name)] for name in p.authors)) for p in papers]})))
    files += [(f"{SHARD_DIR}/abstract-{key}.js", js_register("SEARCH_SHARDS", key, indexes[key])) for key in shards]
    for start in range(0, len(papers), SNIPPET_CHUNK):
        chunk = papers[start:start + SNIPPET_CHUNK]
        files.append((f"{SHARD_DIR}/snippets-{start // SNIPPET_CHUNK}.js",
                      js_register("SEARCH_SNIPPETS", str(start // SNIPPET_CHUNK),
                                  _js_json([snippet(p.abstract) for p in chunk]))))
        if facets.bibtex is not None:
            files.append((f"{SHARD_DIR}/bibtex-{start // SNIPPET_CHUNK}.js",
                          js_register("SEARCH_BIBTEX", str(start // SNIPPET_CHUNK),
                                      _js_json([facets.bibtex(p) for p in chunk]))))
    return files


def _venues(papers: Sequence[Paper]) -> tuple[list[str], list[int]]:
    """The survey's venues, most papers first, and each paper's venue number (-1: none).

    Venues that differ only in case or spacing are one, shown as most papers write it."""
    spellings: dict[str, Counter[str]] = {}
    keys = []
    for p in papers:
        name = " ".join(p.venue.split())
        key = name.casefold()
        keys.append(key)
        if key:
            spellings.setdefault(key, Counter())[name] += 1
    order = sorted(spellings, key=lambda k: (-sum(spellings[k].values()), k))
    number = {k: i for i, k in enumerate(order)}
    shown = [min(spellings[k].items(), key=lambda kv: (-kv[1], kv[0]))[0] for k in order]
    return shown, [number.get(k, -1) for k in keys]


@dataclass(frozen=True)
class Payload:
    """Bytes a visitor downloads, gzip-compressed as a web server would send them."""

    first_result_gzip: int  # the search page's scripts: lunr, title index, docs, search.js
    total_gzip: int  # every search file, all shards and snippets included
    files: int
    largest_shard_gzip: int


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def payload(files: Iterable[tuple[str, bytes]], assets: Path) -> Payload:
    """Sizes of ``search_files`` output plus the static scripts found under ``assets``
    (the folder holding ``assets/``, e.g. the project's ``templates``)."""
    sizes = {path: gzip_size(data) for path, data in files}
    static = {path: gzip_size((assets / path).read_bytes()) for path in FIRST_RESULT_FILES if path not in sizes}
    shards = [s for path, s in sizes.items() if path.startswith(SHARD_DIR + "/")]
    return Payload(first_result_gzip=sum(sizes.get(p, 0) + static.get(p, 0) for p in FIRST_RESULT_FILES),
                   total_gzip=sum(sizes.values()) + sum(static.values()), files=len(sizes),
                   largest_shard_gzip=max(shards, default=0))
