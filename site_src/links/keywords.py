"""A source's keywords against the taxonomy: a keyword naming a tag becomes that tag.

A keyword names a tag when it equals, ignoring case, punctuation and a plural ``s``,
the tag's id, its name, or one of the phrases or acronyms its rules match (its
aliases). The other keywords stay keywords: shown on the page and searchable.
"""
from __future__ import annotations

import re

from site_src.links.taxonomy import Taxonomy


def _norm(text: str) -> str:
    words = re.sub(r"[\W_]+", " ", text.casefold()).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def aliases(taxonomy: Taxonomy) -> dict[str, str]:
    """``{normalised alias: tag id}``; the first tag to claim an alias keeps it."""
    out: dict[str, str] = {}
    for tag in taxonomy.tags.values():
        for name in (tag.id, tag.name, *tag.rules.words, *tag.rules.acronyms):
            if key := _norm(name):
                out.setdefault(key, tag.id)
    return out


def split_keywords(keywords: tuple[str, ...], names: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(tags the keywords name, the other keywords)."""
    tags: dict[str, None] = {}
    rest = []
    for word in keywords:
        tag = names.get(_norm(word))
        if tag is None:
            rest.append(word)
        else:
            tags.setdefault(tag, None)
    return tuple(tags), tuple(rest)
