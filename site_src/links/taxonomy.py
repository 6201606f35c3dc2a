"""The survey's tags: facets and tags read from ``taxonomy.yaml``, and the rules that assign them.

A tag's rules are literal phrases, so every phrase of every tag is compiled into one
character trie (one regular expression) that is scanned once per text; a hit is then
looked up in a dict. This keeps tagging linear in the text, not in the number of tags.
``taxonomy.yaml``'s header comment is the user's documentation of the rules.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from site_src import yamlio
from site_src.errors import BuildError, Problem, SourceError
from site_src.links.tagmatch import Matcher, Rules, Tag, tokens
from site_src.model import Paper
from site_src.slugs import ascii_words, short_hash


@dataclass(frozen=True, slots=True)
class Facet:
    id: str
    name: str
    description: str = ""
    topical: bool = True  # says what a paper is about (a contribution kind or a year does not)
    tags: tuple[str, ...] = ()  # tag ids, in the file's order
    derived: bool = False  # computed from a paper's data, not from rules


YEAR = Facet("year", "Year", "The year the paper appeared.", topical=False, derived=True)
CODE = Facet("code", "Code", "Whether the paper links to its code.", topical=False, derived=True)
COLLECTION = Facet("collection", "Collection", "The reading list the paper came from.",
                   topical=False, derived=True)
DERIVED_FACETS = (YEAR, CODE, COLLECTION)
HAS_CODE = "has-code"


def derived_tags(paper: Paper) -> tuple[str, ...]:
    """Tags that need no rules: ``year-2024``, ``has-code``, ``collection-<id>``."""
    out = [f"year-{paper.year}"] if paper.year else []
    if paper.code_urls:
        out.append(HAS_CODE)
    out += [collection_tag(c) for c in paper.collections]
    return tuple(out)


@lru_cache(maxsize=4096)
def collection_tag(collection_id: str) -> str:
    return "collection-" + (ascii_words(collection_id) or short_hash(collection_id))


@dataclass(frozen=True)
class Taxonomy:
    facets: tuple[Facet, ...]
    tags: Mapping[str, Tag]  # by id, in the file's order

    @cached_property
    def digest(self) -> str:
        """Of every facet and rule: equal digests assign equal tags."""
        text = repr((self.facets, tuple(self.tags.items())))
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def facet_of(self, tag_id: str) -> Facet | None:
        tag = self.tags.get(tag_id)
        if tag is not None:
            return next(f for f in self.facets if f.id == tag.facet)
        if tag_id == HAS_CODE:
            return CODE
        if re.fullmatch(r"year-\d{4}", tag_id):
            return YEAR
        if tag_id.startswith("collection-"):
            return COLLECTION
        return None

    def describe(self, tag_id: str, collections: Mapping[str, str] | None = None) -> Tag | None:
        """The tag for ``tag_id``, derived ones included; ``collections`` maps id -> title."""
        if tag_id in self.tags:
            return self.tags[tag_id]
        facet = self.facet_of(tag_id)
        if facet is YEAR:
            year = tag_id[5:]
            return Tag(tag_id, year, f"Papers from {year}.", YEAR.id)
        if facet is CODE:
            return Tag(tag_id, "Has code", "Papers that link to their code.", CODE.id)
        if facet is COLLECTION:
            for cid, title in (collections or {}).items():
                if collection_tag(cid) == tag_id:
                    return Tag(tag_id, title or cid, f"Papers in the collection {title or cid}.",
                               COLLECTION.id)
        return None

    @property
    def topical_tags(self) -> frozenset[str]:
        return frozenset(t for f in self.facets if f.topical for t in f.tags)

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(list(self.tags.values()))


def assign_tags(taxonomy: Taxonomy, title: str, abstract: str) -> tuple[str, ...]:
    """The ids of the tags whose rules hold for this paper, in taxonomy order."""
    return taxonomy.matcher.assign(title, abstract)


def tag_hits(taxonomy: Taxonomy, title: str, abstract: str) -> dict[str, tuple[int, int]]:
    """``{tag id: (hits in title, hits in abstract)}`` for every tag hit at least once."""
    m = taxonomy.matcher
    t, a = m.hits(title, title=True), m.hits(abstract)
    return {m.tags[i].id: (t.get(i, 0), a.get(i, 0)) for i in sorted({*t, *a})}


def tag_evidence(taxonomy: Taxonomy, title: str, abstract: str, tag_id: str) -> list[str]:
    """The text each hit of one tag matched, title first: why a paper has (or lacks) a tag."""
    m = taxonomy.matcher
    index = next(i for i, t in enumerate(m.tags) if t.id == tag_id)
    return [text[s:e] for text, is_title in ((title, True), (abstract, False))
            for s, e in sorted(m.spans(text, is_title).get(index, ()))]


def breadth_report(taxonomy: Taxonomy, papers_tags: Mapping[str, Sequence[str]],
                   limit: float = 0.4) -> list[str]:
    """Warnings for rule-based tags carried by more than ``limit`` of the papers."""
    total = len(papers_tags)
    if not total:
        return []
    counts: dict[str, int] = {}
    for tags in papers_tags.values():
        for tag in set(tags):
            counts[tag] = counts.get(tag, 0) + 1
    return [f"tag '{tid}' is on {counts[tid]} of {total} papers ({counts[tid] / total:.0%}, "
            f"more than {limit:.0%}): narrow its rules or split it"
            for tid in taxonomy.tags if counts.get(tid, 0) > limit * total]


def check_tag_names(taxonomy: Taxonomy, tags: Iterable[str], path: str, line: int = 0,
                    collections: Iterable[str] = ()) -> list[Problem]:
    """Warnings for tags a page names that are neither in the taxonomy nor derived."""
    tags = list(tags)
    if not tags:  # most pages name none: skip building the list of known tags
        return []
    known = [*taxonomy.tags, HAS_CODE, *(collection_tag(c) for c in collections)]
    known_set = set(known)
    problems = []
    for tag in tags:
        if tag in known_set or re.fullmatch(r"year-\d{4}", tag):
            continue
        close = difflib.get_close_matches(tag, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "add it to the taxonomy file"
        problems.append(Problem(path, line, f"tag '{tag}' is not in the taxonomy ({hint})",
                                warning=True))
    return problems


# --- loading -------------------------------------------------------------------------

_TOP_KEYS = {"facets"}
_FACET_KEYS = {"id", "name", "description", "topical", "tags"}
_TAG_KEYS = {"id", "name", "description", "words", "title_words", "acronyms", "patterns", "exclude",
             "min_hits"}
_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_RESERVED_IDS = {f.id for f in DERIVED_FACETS}
# pages of their own in tags/ (tags/<id>.html would overwrite them), and names a host treats specially
RESERVED_TAG_IDS = frozenset({"index", "intersection", "explorer", "search", "all", "con", "prn", "aux", "nul"})


def tag_id_problem(tag_id: str) -> str | None:
    """Why ``tag_id`` cannot be a tag id (``None`` when it can): every tag id, wherever it comes from
    (the taxonomy, ``my_tags``, ``not_tags``, keywords), becomes a file name and a URL segment."""
    if not _ID.match(tag_id) or "--" in tag_id:
        return (f"tag id {tag_id!r} must be lower-case ASCII letters, digits and single hyphens"
                + (f" (try '{ascii_words(tag_id)}')" if ascii_words(tag_id) else ""))
    if tag_id in RESERVED_TAG_IDS:
        return f"tag id '{tag_id}' is reserved for a page of the site (choose another)"
    return None


def load_taxonomy(path: Path, shown: str) -> Taxonomy:
    """Read and check the taxonomy file; every problem is raised at once as a BuildError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BuildError([Problem(shown, 0, "taxonomy file not found (create it or set "
                                            "'taxonomy' in the config)")]) from None
    except UnicodeDecodeError as exc:
        raise BuildError([Problem(shown, 0, f"not UTF-8 ({exc.reason})")]) from None
    try:
        data, lines = yamlio.load(text, shown)
    except SourceError as exc:
        raise BuildError([exc.problem]) from None
    return _Reader(shown, lines).read(data)


@dataclass
class _Reader:
    shown: str
    lines: dict[tuple[Any, ...], int]
    problems: list[Problem] = field(default_factory=list)

    def bad(self, where: tuple[Any, ...], message: str) -> None:
        while where and where not in self.lines:
            where = where[:-1]
        self.problems.append(Problem(self.shown, self.lines.get(where, 1), message))

    def read(self, data: Any) -> Taxonomy:
        if not isinstance(data, dict) or not isinstance(data.get("facets"), list):
            self.bad((), "the taxonomy must be a mapping with a 'facets' list (see the example "
                         "taxonomy.yaml)")
            raise BuildError(self.problems)
        self.unknown_keys(data, _TOP_KEYS, ())
        facets: list[Facet] = []
        tags: dict[str, Tag] = {}
        first_line: dict[str, int] = {}
        for fi, raw in enumerate(data["facets"]):
            where = ("facets", fi)
            facet = self.facet(raw, where)
            if facet is None:
                continue
            if any(f.id == facet.id for f in facets):
                self.bad((*where, "id"), f"facet '{facet.id}' is defined twice (rename one)")
            ids = []
            for ti, raw_tag in enumerate(raw.get("tags") or []):
                tag = self.tag(raw_tag, (*where, "tags", ti), facet.id)
                if tag is None:
                    continue
                line = self.lines.get((*where, "tags", ti), 1)
                if tag.id in tags:
                    self.bad((*where, "tags", ti, "id"), f"tag '{tag.id}' is defined twice "
                             f"(first on line {first_line[tag.id]}; rename or merge them)")
                    continue
                tags[tag.id], first_line[tag.id] = tag, line
                ids.append(tag.id)
            facets.append(Facet(facet.id, facet.name, facet.description, facet.topical, tuple(ids)))
        if self.problems:
            raise BuildError(self.problems)
        return Taxonomy(tuple(facets), tags)

    def unknown_keys(self, raw: dict[Any, Any], allowed: set[str], where: tuple[Any, ...]) -> None:
        for key in raw:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "known: " + ", ".join(sorted(allowed))
                self.bad((*where, key), f"unknown key '{key}' ({hint})")

    def text(self, raw: dict[Any, Any], key: str, where: tuple[Any, ...], required: bool) -> str:
        value = raw.get(key)
        if value is None:
            if required:
                self.bad(where, f"missing '{key}' (add one)")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.bad((*where, key), f"'{key}' must be non-empty text (quote it)")
            return ""
        return value.strip()

    def ident(self, raw: dict[Any, Any], where: tuple[Any, ...], what: str) -> str:
        value = self.text(raw, "id", where, required=True)
        if value and not _ID.match(value):
            self.bad((*where, "id"), f"{what} id '{value}' must be lower-case ASCII letters, digits "
                                     f"and single hyphens (try '{ascii_words(value)}')")
            return ""
        return value

    def facet(self, raw: Any, where: tuple[Any, ...]) -> Facet | None:
        if not isinstance(raw, dict):
            self.bad(where, "a facet must be a mapping with id, name and tags")
            return None
        self.unknown_keys(raw, _FACET_KEYS, where)
        fid = self.ident(raw, where, "facet")
        name = self.text(raw, "name", where, required=True)
        description = self.text(raw, "description", where, required=False)
        if fid in _RESERVED_IDS:
            self.bad((*where, "id"), f"facet id '{fid}' is built in (derived from paper data; "
                                     "choose another id)")
        topical = raw.get("topical", True)
        if not isinstance(topical, bool):
            self.bad((*where, "topical"), "'topical' must be true or false")
        if not isinstance(raw.get("tags", []), list):
            self.bad((*where, "tags"), "'tags' must be a list of tags")
            return None
        return Facet(fid, name, description, topical is not False) if fid and name else None

    def tag(self, raw: Any, where: tuple[Any, ...], facet: str) -> Tag | None:
        if not isinstance(raw, dict):
            self.bad(where, "a tag must be a mapping with id, name and rules")
            return None
        self.unknown_keys(raw, _TAG_KEYS, where)
        tid = self.ident(raw, where, "tag")
        name = self.text(raw, "name", where, required=True)
        description = self.text(raw, "description", where, required=False)
        if tid and tid in RESERVED_TAG_IDS:
            self.bad((*where, "id"), f"tag id '{tid}' is reserved for a page of the site (choose another)")
        if tid == HAS_CODE or re.match(r"(year|collection)-", tid):
            self.bad((*where, "id"), f"tag id '{tid}' looks like a built-in derived tag (choose another)")
        min_hits = raw.get("min_hits", 1)
        if not isinstance(min_hits, int) or isinstance(min_hits, bool) or min_hits < 1:
            self.bad((*where, "min_hits"), "'min_hits' must be a whole number of at least 1")
            min_hits = 1
        rules = Rules(self.phrases(raw, "words", where), self.phrases(raw, "title_words", where),
                      self.phrases(raw, "acronyms", where), self.regexes(raw, where),
                      self.phrases(raw, "exclude", where), min_hits)
        return Tag(tid, name, description, facet, rules) if tid and name else None

    def phrases(self, raw: dict[Any, Any], key: str, where: tuple[Any, ...]) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list):
            self.bad((*where, key), f"'{key}' must be a list of phrases")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not tokens(item):
                self.bad((*where, key, i), f"{key} entry {item!r} must be a phrase with at least one "
                                           "letter or digit (quote it)")
            else:
                out.append(item.strip())
        return tuple(out)

    def regexes(self, raw: dict[Any, Any], where: tuple[Any, ...]) -> tuple[str, ...]:
        out = []
        for i, pattern in enumerate(self.phrases(raw, "patterns", where)):
            if any(c.isupper() for c in re.sub(r"\\.", "", pattern)):
                self.bad((*where, "patterns", i), f"pattern {pattern!r} has capital letters, but patterns "
                         "are matched against the lower-cased text (write it in lower case)")
                continue
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                self.bad((*where, "patterns", i), f"bad regular expression {pattern!r}: {exc.msg} "
                         f"at position {exc.pos} (fix it, or use 'words' for a plain phrase)")
                continue
            if compiled.match(""):
                self.bad((*where, "patterns", i), f"pattern {pattern!r} matches empty text (make it "
                         "require at least one character)")
                continue
            out.append(pattern)
        return tuple(out)
