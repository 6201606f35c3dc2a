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
script assignment (no fetch), so search works from ``file://``.

What a paper adds is its own: a posting holds its term counts (the explorer weighs them at
query time: idf, field lengths over the whole corpus, from the postings and the lengths in
``search-docs.js``), its ref comes from its slug alone (:func:`paper_refs`), and its snippet and
BibTeX are in the file its ref's hash picks (:func:`group_of`). So adding, removing or editing a
paper changes the postings of its terms, the docs, and the files those and its snippet are in.
"""
from __future__ import annotations

import gzip
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from os.path import commonprefix
from pathlib import Path
from typing import Any

from site_src.abstract import plain
from site_src.dates import iso
from site_src.links.mentions import short_names
from site_src.links.taxonomy import collection_tag
from site_src.model import Author, Paper, author_id, author_index
from site_src.search.inverted import B, Column, FieldTerms, Inverted, field_lengths, js_json, term_indexes
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
GROUP_SIZE = 100  # papers a snippets (and BibTeX) file, about
REF_DIGITS = 4  # a ref's digits at least (of its slug's hash, base 36)
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


# A field: its name, its boost, its BM25 length normalisation b (0 for a field of names, mostly
# empty: a paper with one name is not "longer than average" there, and its own name must weigh as
# a title word does). A posting names its field by its place here.
FIELDS: tuple[tuple[str, float, float], ...] = (
    ("title", 10.0, B), ("names", 10.0, 0.0), ("authors", 8.0, B), ("ids", 8.0, 0.0), ("tags", 5.0, B),
    ("venue", 3.0, B), ("keywords", 4.0, B), (SHARD_FIELD[0], SHARD_FIELD[1], B))


def search_files(papers: list[Paper], tag_names: dict[str, str], url_of: dict[str, str],
                 tags_of: dict[str, tuple[str, ...]] | None = None,
                 facets: Facets | None = None, terms: Mapping[str, PaperTerms] | None = None) -> list[tuple[str, bytes]]:
    """Every search data file as ``(site path, bytes)``: the first index and docs loaded with the
    page, abstract shards, snippet and BibTeX files loaded on demand. ``tags_of`` gives the tags
    each paper is found and filtered by (by default every tag of the paper); ``terms``, each
    paper's :func:`paper_terms` by slug, when the caller has them."""
    return made_files(papers, tag_names, url_of, tags_of, facets, terms).files


@dataclass
class Made:
    """The search files, and what they were made of (for :mod:`site_src.search.update`)."""

    files: list[tuple[str, bytes]]
    refs: list[str]
    indexes: dict[str, Inverted]  # by name, the first index's ``""``
    snippets: list[str]
    bibtex: list[str] | None
    groups: int


def made_files(papers: list[Paper], tag_names: dict[str, str], url_of: dict[str, str],
               tags_of: dict[str, tuple[str, ...]] | None = None,
               facets: Facets | None = None, terms: Mapping[str, PaperTerms] | None = None) -> Made:
    """:func:`search_files`, with what they were made of."""
    tagged, facets = tagged_and_facets(papers, tag_names, tags_of, facets)
    refs = paper_refs([p.slug for p in papers])
    fields = search_fields(papers, tag_names, tagged, terms)
    lengths = {f.name: field_lengths(f, len(papers)).tolist() for f in fields if f.b}
    # authors, ids and venues are many distinct terms: they live in the two-letter shards too
    indexes = term_indexes(fields, refs, split={name: shard_key for name in SHARDED_FIELDS})
    del fields
    indexes.setdefault("", Inverted([], []))
    groups = group_count(len(papers))
    snippets = [snippet(p.abstract) for p in papers]
    bibtex = [facets.bibtex(p) for p in papers] if facets.bibtex is not None else None
    files = index_files(papers, url_of, tagged, facets, refs, lengths, indexes, groups,
                        grouped_files(grouped(refs, groups), snippets, bibtex))
    return Made(files, refs, indexes, snippets, bibtex, groups)


def tagged_and_facets(papers: Sequence[Paper], tag_names: Mapping[str, str], tags_of: dict[str, tuple[str, ...]] | None,
            facets: Facets | None) -> tuple[dict[str, tuple[str, ...]], Facets]:
    """The tags each paper is found by, and the facets (see :func:`search_files`)."""
    tagged = tags_of if tags_of is not None else {p.slug: p.tags for p in papers}
    if facets is None:
        facets = Facets([(t, tag_names.get(t, t), "", True) for t in sorted({t for ts in tagged.values() for t in ts})])
    return tagged, facets


def grouped_files(members: list[list[int]], snippets: list[str],
                   bibtex: list[str] | None) -> dict[int, list[tuple[str, bytes]]]:
    """Each group's snippets file (and BibTeX file), by group."""
    return {g: [snippets_file(g, [snippets[i] for i in slots]),
                *([bibtex_file(g, [bibtex[i] for i in slots])] if bibtex is not None else [])]
            for g, slots in enumerate(members)}


def index_files(papers: Sequence[Paper], url_of: Mapping[str, str], tagged: Mapping[str, tuple[str, ...]],
                facets: Facets, refs: Sequence[str], lengths: dict[str, list[int]], indexes: Mapping[str, Inverted],
                groups: int, group_files: Mapping[int, list[tuple[str, bytes]]],
                made: Callable[[str], bytes | None] = lambda path: None,
                rows: Sequence[Row] | None = None) -> list[tuple[str, bytes]]:
    """Every search file, in their order: ``indexes`` by name (the first index ``""``), each
    group's files; ``made(path)``: a file's bytes, when they are known to be as they would be
    made; ``rows``: see :func:`docs_file`."""
    shards = sorted(name for name in indexes if name)
    authors = author_index(tuple(papers))
    files = [("assets/search-index.js", made("assets/search-index.js") or primary_file(indexes[""])),
             ("assets/search-docs.js", docs_file(papers, url_of, refs, lengths, tagged, facets, shards, groups,
                                                 len(authors), rows))]
    if authors:
        files.append((AUTHORS_FILE, authors_file(papers, authors)))
    files += [(path, made(path) or shard_file(key, indexes[key])) for key in shards for path in [shard_path(key)]]
    for g in range(groups):
        files += group_files[g]
    return files


def search_fields(papers: Sequence[Paper], tag_names: Mapping[str, str], tagged: Mapping[str, tuple[str, ...]],
                  terms: Mapping[str, PaperTerms] | None = None) -> list[FieldTerms]:
    """Each of :data:`FIELDS`' terms over ``papers`` (``terms``: see :func:`search_files`)."""
    of_tags: dict[tuple[str, ...], Counted] = {}  # papers share their tags
    for p in papers:
        if tagged[p.slug] not in of_tags:
            of_tags[tagged[p.slug]] = tag_terms(tagged[p.slug], tag_names)
    own = own_columns(papers) if terms is None else kept_columns([terms[p.slug] for p in papers])
    columns = {**own, "tags": Column.of([of_tags[tagged[p.slug]] for p in papers])}
    return [FieldTerms(name, boost, columns[name], b=b) for name, boost, b in FIELDS]


def tag_terms(tags: Sequence[str], tag_names: Mapping[str, str]) -> Counted:
    """A paper's tag terms: its tags' names' terms, one after another (no word spans two names), counted."""
    found = Counter(chain.from_iterable(text_terms(tag_names.get(t, t)) for t in tags))
    return Counted(tuple(found), tuple(found.values()))


def slug_hash(slug: str) -> str:
    """A slug's 80-bit hash, base 36, 16 digits: a paper's ref is the shortest prefix of it no other has."""
    digest = int.from_bytes(hashlib.blake2b(slug.encode("utf-8"), digest_size=10).digest(), "big")
    return base36(digest).rjust(16, "0")


def paper_refs(slugs: Sequence[str]) -> list[str]:
    """Each paper's ref: the first :data:`REF_DIGITS` digits of its slug's hash, or as many more as
    tell it from every other paper's. A ref is the paper's alone (no ref is a prefix of another),
    and stays as it is when papers are added or removed, unless one's hash begins as its does."""
    hashes = [_hash(s) for s in slugs]
    lengths = [REF_DIGITS] * len(hashes)
    order = sorted(range(len(hashes)), key=hashes.__getitem__)
    for a, b in zip(order, order[1:]):
        x, y = hashes[a], hashes[b]
        if x[:REF_DIGITS] == y[:REF_DIGITS]:
            common = len(commonprefix([x, y]))
            lengths[a], lengths[b] = max(lengths[a], common + 1), max(lengths[b], common + 1)
    return [h[:k] for h, k in zip(hashes, lengths, strict=True)]


_hash = lru_cache(maxsize=1 << 17)(slug_hash)


def group_count(papers: int) -> int:
    """How many snippet (and BibTeX) files ``papers`` papers are split into: a power of two, about
    :data:`GROUP_SIZE` papers a file, so that it changes only when the count crosses a power of two."""
    groups = 1
    while groups * GROUP_SIZE < papers:
        groups *= 2
    return groups


def group_of(ref: str, groups: int) -> int:
    """The snippet file a paper's snippet is in: its ref's first digits (a hash) modulo ``groups``
    (explorer.js computes the same)."""
    return int(ref[:REF_DIGITS], 36) % groups


def grouped(refs: Sequence[str], groups: int) -> list[list[int]]:
    """Each group's papers, by their place in the docs list (in that order)."""
    members: list[list[int]] = [[] for _ in range(groups)]
    for i, ref in enumerate(refs):
        members[group_of(ref, groups)].append(i)
    return members


def shard_path(key: str) -> str:
    return f"{SHARD_DIR}/abstract-{key}.js"


def shard_file(key: str, index: Inverted) -> bytes:
    return js_register("SEARCH_SHARDS", key, index.json())


def snippets_file(group: int, snippets: list[str]) -> tuple[str, bytes]:
    return (f"{SHARD_DIR}/snippets-{group}.js", js_register("SEARCH_SNIPPETS", str(group), js_json(snippets)))


def bibtex_file(group: int, entries: list[str]) -> tuple[str, bytes]:
    return (f"{SHARD_DIR}/bibtex-{group}.js", js_register("SEARCH_BIBTEX", str(group), js_json(entries)))


def primary_file(index: Inverted) -> bytes:
    return f"window.SEARCH_INDEX = {index.json()};\n".encode()


def authors_file(papers: Sequence[Paper], authors: Mapping[str, Author]) -> bytes:
    """Every author's id and name, and each paper's author numbers: thousands of names, loaded
    after the first result, or at once when the URL picks authors."""
    author_no = {aid: i for i, aid in enumerate(authors)}
    return js_assign("SEARCH_AUTHORS", {
        "names": [[a.id, a.name] for a in authors.values()],
        "docs": [list(dict.fromkeys(author_no[author_id(name)] for name in p.authors)) for p in papers]})


Row = tuple[str, str, str]  # the parts of a paper's docs row that are its own alone, as JSON


def own_row(p: Paper, url: str) -> Row:
    """``title, url, date``, ``upvotes, has code`` and ``authors`` of a paper's docs row, as JSON."""
    return (js_json([p.title, url, iso(p.date, p.date_precision)])[1:-1],
            f"{p.upvotes or 0},{1 if p.code_urls else 0}", js_json(short_authors(p.authors, p.author_count)))


def docs_file(papers: Sequence[Paper], url_of: Mapping[str, str], refs: Sequence[str], lengths: dict[str, list[int]],
              tagged: Mapping[str, tuple[str, ...]], facets: Facets, shards: list[str], groups: int,
              authors: int, rows: Sequence[Row] | None = None) -> bytes:
    """``assets/search-docs.js``: each paper's row, ref and field lengths, and the survey's facets
    (``rows``: each paper's :func:`own_row`, when the caller has them)."""
    tag_no = {row[0]: i for i, row in enumerate(facets.tags)}
    coll_no = {cid: i for i, (cid, _) in enumerate(facets.collections)}
    venues, venue_of = _venues(papers)
    docs = {
        "tags": [list(row[:3]) + [1 if row[3] else 0] for row in facets.tags],
        # [id, title, the tag old intersection links name it by]
        "collections": [[cid, title, collection_tag(cid)] for cid, title in facets.collections],
        "shards": shards, "groups": groups, "bibtex": facets.bibtex is not None,
        "venues": venues, "authors": authors,
        # what the explorer weighs a posting with: [name, boost, b] by field digit, and each paper's
        # length in each field whose b is not 0
        "fields": [list(f) for f in FIELDS], "lengths": lengths, "refs": list(refs),
    }
    if rows is None:
        rows = [own_row(p, url_of[p.slug]) for p in papers]
    # "docs", last: [title, url, date, tag numbers, upvotes, has code, collection numbers, authors,
    # venue number or -1] a paper, written from its own parts (as JSON writes the whole list)
    numbers = ",".join
    docs_rows = ",".join([
        f"[{a},[{numbers([str(tag_no[t]) for t in tagged[p.slug] if t in tag_no])}],{b},"
        f"[{numbers([str(coll_no[c]) for c in p.collections if c in coll_no])}],{c},{venue_of[i]}]"
        for i, (p, (a, b, c)) in enumerate(zip(papers, rows, strict=True))])
    return f'window.SEARCH_DOCS = {js_json(docs)[:-1]},"docs":[{docs_rows}]}};\n'.encode()


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
