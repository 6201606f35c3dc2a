"""Mentions again after a change, scanning only the abstracts the change could be seen in.

What scanning one abstract finds (:func:`~site_src.links.mentions.found_names`) depends on its
tokens and on the table of claimed names alone. Every name key the scan looks up is a run of
the abstract's tokens written together, lower case and without hyphens (``Mask R-CNN`` ->
``maskrcnn``), or a prefix of one (a plural's stem, a hyphenated head, a member's family); every
first word of a phrase it looks up is one token so written. So once the table changed, an
abstract whose tokens so written contain none of the keys whose entry changed (added, removed,
now a name spelled otherwise, member-only or not) nor the first words whose phrase length
changed finds what it found before. Those that contain one where the scan may read it (see
:func:`_may_read`: a new name ``Addition`` is not read into "In addition"), and those whose
tokens changed, are scanned again; who claims what, and all that follows the scan, is redone
whole (it is cheap).

A long-lived caller (the dev server, the warm build process) hands the last
:class:`MentionScan` back in; it holds each abstract's tokens so written (about its abstract's
length in bytes), so a one-shot build never makes one.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from site_src.links.mentions import (
    Mentions,
    NameTable,
    PaperNames,
    claimed_names,
    find_mentions,
    found_names,
    name_key,
    resolve,
)
from site_src.model import Paper


@dataclass(frozen=True, slots=True)
class MentionScan:
    """What scanning each paper's abstract found, against ``table``, by slug."""

    table: NameTable
    tokens: dict[str, tuple[str, ...]]  # the tokens each abstract was scanned as
    found: dict[str, dict[str, bool]]
    squashed: dict[str, bytes]  # its tokens together, lower case, without hyphens


def find_mentions_again(papers: list[Paper], own: Sequence[PaperNames],
                        last: MentionScan | None = None) -> tuple[Mentions, MentionScan | None]:
    """:func:`~site_src.links.mentions.find_mentions` of ``papers`` (``own``: each one's
    :func:`~site_src.links.mentions.paper_names`, in order), scanning again only what may
    differ from ``last``; with the scan to hand in next time (None when two papers share a slug)."""
    tokens = {p.slug: names.tokens for p, names in zip(papers, own, strict=True)}
    if len(tokens) < len(papers):
        return find_mentions(papers, own), None
    claims = claimed_names(papers, own)
    table = claims.table
    if last is None:
        squashed = {slug: _squashed(ts) for slug, ts in tokens.items()}
        todo = set(tokens)
    else:
        same = {slug for slug, ts in tokens.items()
                if (before := last.tokens.get(slug)) is not None and (before is ts or before == ts)}
        squashed = {slug: last.squashed[slug] if slug in same else _squashed(ts) for slug, ts in tokens.items()}
        todo = (tokens.keys() - same) | _containing(squashed, tokens, _changed_words(last.table, table))
    known: dict[str, int] = {}
    found = {slug: found_names(ts, table, known) if slug in todo or last is None else last.found[slug]
             for slug, ts in tokens.items()}
    return resolve(papers, claims, (found[p.slug] for p in papers)), MentionScan(table, tokens, found, squashed)


def _squashed(tokens: Sequence[str]) -> bytes:
    return "".join(tokens).replace("-", "").lower().encode("ascii")  # tokens are ASCII: lower() is casefold()


# what changed about a word: a key's entry, one whose name is or was member-only, a phrase's length
_KEY, _MEMBER_KEY, _PHRASE = 0, 1, 2


def _changed_words(old: NameTable, new: NameTable) -> dict[str, int]:
    """The keys whose entry differs between two tables, and the first words whose phrase length does."""
    members = old.members_only | new.members_only
    words = {key: _KEY for key, _ in old.keys.items() ^ new.keys.items()}
    for name in members:
        if name_key(name) in words or name in old.members_only ^ new.members_only:
            words[name_key(name)] = _MEMBER_KEY
    for word in old.phrases.keys() ^ new.phrases.keys() | {w for w, n in old.phrases.items() if new.phrases.get(w) != n}:
        words.setdefault(word, _PHRASE)
        if words[word] != _PHRASE:  # both a key and a first word: whatever either may read
            words[word] = _MEMBER_KEY | _PHRASE
    return words


def _containing(squashed: dict[str, bytes], tokens: dict[str, tuple[str, ...]], words: dict[str, int]) -> set[str]:
    """The slugs whose scan may read one of ``words`` (see :func:`_may_read`)."""
    if not words:
        return set()
    slugs = list(squashed)
    if "" in words:
        return set(slugs)
    text = b"\n".join(squashed.values())  # no key holds a line break: a match stays in one abstract
    starts = list(accumulate((len(s) + 1 for s in squashed.values()), initial=0))
    hits: set[str] = set()
    offsets: dict[str, list[int]] = {}
    for word, what in words.items():
        pattern = word.encode("utf-8")
        at = text.find(pattern)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            slug = slugs[i]
            if slug not in hits and _may_read(tokens[slug], offsets, slug, at - starts[i], len(pattern), what):
                hits.add(slug)
                at = text.find(pattern, starts[i + 1])
            else:
                at = text.find(pattern, at + 1)
    return hits


def _may_read(tokens: tuple[str, ...], offsets: dict[str, list[int]], slug: str, at: int, length: int,
              what: int) -> bool:
    """Whether a scan of ``tokens`` may read the word found at ``at`` of their squashed text.

    Every lookup starts where a token does. A phrase's first word is looked up as a whole token.
    A key is looked up from a token on: as a run of it and the next ones, as the token itself, and
    as a prefix of it, which for a token of letters only is a plural's stem (a hyphenated head and a
    member's family need a hyphen or a digit). A token of lower-case letters names nothing as itself
    (a name has a capital), which only a member-only name can change (it stops the token's scan)."""
    starts = offsets.get(slug)
    if starts is None:
        sizes = map(len, " ".join(tokens).replace("-", "").split(" "))  # no token holds a space
        starts = offsets[slug] = list(accumulate(sizes, initial=0))
    j = bisect_right(starts, at) - 1
    if starts[j] != at:
        return False
    size = starts[j + 1] - at
    if what & _PHRASE and size == length:
        return True
    if what == _PHRASE:
        return False
    token = tokens[j]
    if length > size or not token.isalpha():
        return True
    if length < size:
        return length + 1 == size and token.endswith("s")
    return not token.islower() or bool(what & _MEMBER_KEY)
