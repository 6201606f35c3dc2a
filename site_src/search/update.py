"""The search files made again from the last build's, after a few papers were added, removed or edited.

A posting holds a paper's own term counts under its ref (see :mod:`site_src.search.index`), so
the postings of a term change only when a paper that holds it changes. :func:`search_index`
hands back, with the files, a :class:`SearchState`: each paper as the files hold it and each
term's posting string. Given the last build's, it compares each paper with it, makes again the
postings of the terms the changed papers hold (before and after), and the files those postings,
the docs and the changed papers' snippets are in; every other file is the last build's bytes.
The result is the clean build's, byte for byte (the tests build both). The state is data the
caller keeps (the dev server, between its builds); without it, the clean path.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import chain

from site_src.model import Paper
from site_src.search.index import (
    FIELDS,
    SHARDED_FIELDS,
    Facets,
    PaperTerms,
    Row,
    group_count,
    grouped,
    grouped_files,
    index_files,
    made_files,
    own_row,
    paper_refs,
    primary_file,
    shard_file,
    shard_key,
    shard_path,
    snippet,
    tag_terms,
    tagged_and_facets,
)
from site_src.search.inverted import Inverted, entry
from site_src.search.terms import Counted

Files = list[tuple[str, bytes]]
_LENGTHS = tuple(i for i, (_, _, b) in enumerate(FIELDS) if b)  # the fields whose lengths the docs hold
_TAGS = next(i for i, (name, _, _) in enumerate(FIELDS) if name == "tags")
_SHARDED = frozenset(i for i, (name, _, _) in enumerate(FIELDS) if name in SHARDED_FIELDS)


@dataclass(frozen=True, slots=True)
class Indexed:
    """One paper as the search files hold it."""

    ref: str
    terms: PaperTerms
    tag_ids: tuple[str, ...]
    tags: Counted  # the terms of its tags' names
    abstract: str  # what its snippet was made from
    snippet: str
    bibtex: str | None
    lengths: tuple[int, ...]  # in each field that the docs hold the lengths of
    shown: tuple[object, ...]  # what its row is made from
    row: Row  # its own parts of its docs row

    def fields(self) -> tuple[Counted, ...]:
        """Its terms field by field, as :data:`~site_src.search.index.FIELDS` has them."""
        return _fields(self.terms, self.tags)


def _fields(terms: PaperTerms, tags: Counted) -> tuple[Counted, ...]:
    return tuple(tags if i == _TAGS else getattr(terms, name) for i, (name, _, _) in enumerate(FIELDS))


@dataclass(frozen=True)
class SearchState:
    """What one build's search files were made of: each paper by slug, each index's posting
    string by term (the first index named ``""``), the files, and each snippet group's papers."""

    papers: dict[str, Indexed]
    postings: dict[str, dict[str, str]]
    files: dict[str, bytes]
    members: list[list[str]]
    tag_names: Mapping[str, str]

    @property
    def groups(self) -> int:
        return len(self.members)


def search_index(papers: list[Paper], tag_names: dict[str, str], url_of: dict[str, str],
                 tags_of: dict[str, tuple[str, ...]] | None = None, facets: Facets | None = None,
                 terms: Mapping[str, PaperTerms] | None = None,
                 last: SearchState | None = None) -> tuple[Files, SearchState | None]:
    """The search files (as :func:`~site_src.search.index.search_files` makes them) and, when
    ``terms`` (each paper's terms) are given, their :class:`SearchState`; ``last``: an earlier
    build's, which the files are made again from where it differs."""
    tagged, facets = tagged_and_facets(papers, tag_names, tags_of, facets)
    if terms is None:
        return made_files(papers, tag_names, url_of, tagged, facets).files, None
    refs = paper_refs([p.slug for p in papers])
    kept = last.papers if last is not None else {}
    renamed = ({t for t in tag_names.keys() | last.tag_names.keys() if tag_names.get(t) != last.tag_names.get(t)}
               if last is not None else set())
    of_tags: dict[tuple[str, ...], Counted] = {}  # papers share their tags
    now: dict[str, Indexed] = {}
    for p, ref in zip(papers, refs, strict=True):
        before, own, tags = kept.get(p.slug), terms[p.slug], tagged[p.slug]
        entry = facets.bibtex(p) if facets.bibtex is not None else None
        same_tags = before is not None and before.tag_ids == tags and renamed.isdisjoint(tags)
        shown = (p.title, url_of[p.slug], p.date, p.date_precision, p.upvotes, p.links, p.authors, p.author_count)
        if (before is not None and same_tags and before.terms is own and before.ref == ref
                and before.abstract == p.abstract and before.bibtex == entry and before.shown == shown):
            now[p.slug] = before  # as it was (most papers)
            continue
        counted = before.tags if before is not None and same_tags else of_tags.get(tags)
        if counted is None:
            counted = of_tags[tags] = tag_terms(tags, tag_names)
        text = before.snippet if before is not None and before.abstract == p.abstract else snippet(p.abstract)
        fields = _fields(own, counted)
        row = before.row if before is not None and before.shown == shown else own_row(p, url_of[p.slug])
        now[p.slug] = Indexed(ref, own, tags, counted, p.abstract, text, entry, tuple(fields[i].length for i in _LENGTHS),
                              shown, row)
    if last is not None:
        files = _again(papers, url_of, tagged, facets, refs, now, last)
        if files is not None:
            return files[0], replace(files[1], tag_names=dict(tag_names))
    made = made_files(papers, tag_names, url_of, tagged, facets, terms)
    return made.files, SearchState(now, {name: dict(zip(index.terms, index.postings, strict=True))
                                         for name, index in made.indexes.items()}, dict(made.files),
                                   [[papers[i].slug for i in slots] for slots in grouped(made.refs, made.groups)],
                                   dict(tag_names))


def _again(papers: list[Paper], url_of: Mapping[str, str], tagged: Mapping[str, tuple[str, ...]], facets: Facets,
           refs: list[str], now: dict[str, Indexed], last: SearchState) -> tuple[Files, SearchState] | None:
    """The files made from ``last`` where the papers differ from it; None when too many do (the
    clean path is then as fast)."""
    gone = [ix for slug, ix in last.papers.items() if slug not in now]
    changed: list[tuple[Indexed | None, Indexed | None]] = [
        (old, ix) for slug, ix in now.items() if (old := last.papers.get(slug)) is not ix and (
            old is None or old.ref != ix.ref or old.terms != ix.terms or old.tags != ix.tags)]
    if len(changed) + len(gone) > max(50, len(papers) // 4):
        return None
    dropped: dict[tuple[str, str], set[str]] = {}  # the entries gone from each (index, term)'s posting
    added: dict[tuple[str, str], list[str]] = {}  # and the new ones
    for old, ix in chain(((old, None) for old in gone), changed):
        before = set(_entries(old)) if old is not None else set()
        after = set(_entries(ix)) if ix is not None else set()
        for key, text in before - after:
            dropped.setdefault(key, set()).add(text)
        for key, text in after - before:
            added.setdefault(key, []).append(text)
    postings = dict(last.postings)  # the last build's, each index copied before it changes
    touched: set[str] = set()
    for where, term in dropped.keys() | added.keys():
        if where not in touched:
            touched.add(where)
            postings[where] = dict(postings.get(where, {}))
        index = postings[where]
        out = dropped.get((where, term), set())
        entries = [e for e in index[term].split(" ") if e not in out] if term in index else []
        entries += added.get((where, term), [])
        if entries:
            entries.sort()  # by ref, then field (no ref is a prefix of another)
            index[term] = " ".join(entries)
        else:
            del index[term]
    for where in touched:
        if where and not postings[where]:
            del postings[where]
    postings.setdefault("", {})
    indexes = {where: Inverted(sorted(terms), []) for where, terms in postings.items()}
    made: dict[str, bytes] = {}
    for where in touched & indexes.keys():
        inverted = indexes[where]
        inverted.postings.extend(map(postings[where].__getitem__, inverted.terms))
        made[shard_path(where) if where else "assets/search-index.js"] = (
            shard_file(where, inverted) if where else primary_file(inverted))
    groups = group_count(len(papers))
    rows = list(now.values())
    members = grouped(refs, groups)
    slugs = [[papers[i].slug for i in slots] for slots in members]
    redo = {g for g in range(groups)  # a group's papers, their order, a snippet or an entry differ
            if groups != last.groups or slugs[g] != last.members[g]
            or any((old := last.papers[slug]) is not now[slug] and (
                old.snippet != now[slug].snippet or old.bibtex != now[slug].bibtex) for slug in slugs[g])}
    group_files = grouped_files([members[g] if g in redo else [] for g in range(groups)],
                                 [ix.snippet for ix in rows],
                                 [ix.bibtex or "" for ix in rows] if facets.bibtex is not None else None)
    for g in range(groups):
        if g not in redo:
            group_files[g] = [(path, last.files[path]) for path, _ in group_files[g]]
    lengths = {FIELDS[i][0]: [ix.lengths[k] for ix in rows] for k, i in enumerate(_LENGTHS)}
    files = index_files(papers, url_of, tagged, facets, refs, lengths, indexes, groups, group_files,
                        lambda path: made.get(path) or last.files.get(path), [ix.row for ix in rows])
    return files, SearchState(now, postings, dict(files), slugs, last.tag_names)


def _entries(ix: Indexed) -> list[tuple[tuple[str, str], str]]:
    """One paper's postings: ((index name, term), entry) for each term of each field."""
    out = []
    for fi, counted in enumerate(ix.fields()):
        sharded = fi in _SHARDED
        positions = counted.positions or ("",) * len(counted.terms)
        for term, count, at in zip(counted.terms, counted.counts, positions, strict=True):
            out.append(((shard_key(term) if sharded else "", term), entry(ix.ref, fi, count, at)))
    return out
