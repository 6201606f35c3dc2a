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
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from site_src.abstract import plain
from site_src.dates import iso
from site_src.links.mentions import short_names
from site_src.links.taxonomy import collection_tag
from site_src.model import Paper, author_id, author_index
from site_src.search.inverted import Column, FieldTerms, js_json, term_indexes
from site_src.search.terms import (
    Counted,
    base36,
    counted_terms,
    counted_text,
    index_term,
    repository_names,
    text_terms,
)

SNIPPET = 240
SNIPPET_CHUNK = 100  # papers per snippets file
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
    return f"window.{name} = {js_json(value)};\n".encode()


def js_register(table: str, key: str, json_text: str) -> bytes:
    """``(window.TABLE = window.TABLE || {})[key] = <json_text>;`` for a file loaded on demand.

    ``json_text`` must already be script-safe (made by ``_js_json`` or ``term_indexes``)."""
    return f"(window.{table} = window.{table} || {{}})[{js_json(key)}] = {json_text};\n".encode()


def ref_of(position: int) -> str:
    """A paper's short lunr ref: its position in the docs list, base 36."""
    return base36(position)


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

    title: Counted
    names: Counted
    authors: Counted
    ids: Counted
    venue: Counted
    keywords: Counted
    abstract: Counted  # with the positions of its terms


def paper_terms(p: Paper) -> PaperTerms:
    """One paper's :class:`PaperTerms`, as :func:`papers_terms` makes them (without its arrays, a
    fixed cost that many papers share and one does not)."""
    title, names, authors, ids, venue, keywords, abstract = _texts(p)
    return PaperTerms(title=counted_terms(title), names=counted_terms(names),
                      authors=counted_terms(authors, stop_words=False), ids=counted_terms(ids, stop_words=False),
                      venue=counted_terms(venue), keywords=counted_terms(keywords), abstract=counted_text(abstract))


def papers_terms(papers: Sequence[Paper]) -> list[PaperTerms]:
    """Each paper's :class:`PaperTerms` (made as :func:`own_columns` makes them)."""
    own = own_columns(papers)
    return [PaperTerms(*row) for row in zip(*(own[name].rows() for name in _OWN_FIELDS), strict=True)]


def _texts(p: Paper) -> tuple[str, ...]:
    """A paper's own texts, field by field as :class:`PaperTerms` has them (the abstract last)."""
    # a paper's own short names: its repositories' and what it coins ("we call it X"), so it ranks first for them
    return (p.title, " ".join([repository_names(p.code_urls), *short_names(p)]), " ".join(p.authors), identifiers(p),
            p.venue, " ".join(p.keywords), plain(p.abstract))


_OWN_FIELDS = ("title", "names", "authors", "ids", "venue", "keywords", "abstract")
_WITH_STOP_WORDS = frozenset({"authors", "ids"})  # an author called He


def own_columns(papers: Sequence[Paper]) -> dict[str, Column]:
    """Each own field's terms over ``papers``, every paper at once."""
    texts = list(zip(*map(_texts, papers))) or [() for _ in _OWN_FIELDS]
    return {name: Column.of_texts(column, stop_words=name not in _WITH_STOP_WORDS, positions=name == "abstract")
            for name, column in zip(_OWN_FIELDS, texts, strict=True)}


def kept_columns(kept: Sequence[PaperTerms]) -> dict[str, Column]:
    """The same from each paper's :class:`PaperTerms`, kept from an earlier build."""
    return {name: Column.of([getattr(t, name) for t in kept], positions=name == "abstract") for name in _OWN_FIELDS}


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
    # a paper's tag terms are its tags' names' terms, one after another (no word spans two names)
    of_tag = {t: tuple(text_terms(tag_names.get(t, t))) for t in set(chain.from_iterable(tagged.values()))}
    tag_terms = [Counter(chain.from_iterable(map(of_tag.__getitem__, tagged[p.slug]))) for p in papers]
    own = own_columns(papers) if terms is None else kept_columns([terms[p.slug] for p in papers])
    fields = [
        FieldTerms("title", 10.0, own["title"]),
        FieldTerms("names", 10.0, own["names"], b=0.0),
        FieldTerms("authors", 8.0, own["authors"]),
        FieldTerms("ids", 8.0, own["ids"], b=0.0),
        FieldTerms("tags", 5.0, Column.of([Counted(tuple(c), tuple(c.values())) for c in tag_terms])),
        FieldTerms("venue", 3.0, own["venue"]),
        FieldTerms("keywords", 4.0, own["keywords"]),
        FieldTerms(SHARD_FIELD[0], SHARD_FIELD[1], own["abstract"]),
    ]
    del own
    # authors, ids and venues are many distinct terms: they live in the two-letter shards too
    indexes = term_indexes(fields, refs, split={name: shard_key for name in SHARDED_FIELDS})
    primary = indexes.pop("", None) or js_json({"fields": [f.name for f in fields if f.name not in SHARDED_FIELDS],
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
                                  js_json([snippet(p.abstract) for p in chunk]))))
        if facets.bibtex is not None:
            files.append((f"{SHARD_DIR}/bibtex-{start // SNIPPET_CHUNK}.js",
                          js_register("SEARCH_BIBTEX", str(start // SNIPPET_CHUNK),
                                      js_json([facets.bibtex(p) for p in chunk]))))
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
