"""Where each page lives in the site, and the relative way back to its root.

Every internal URL is relative and names a file, so the site works from ``file://`` and
under any sub-path.
"""
from __future__ import annotations

from functools import lru_cache

from site_src.model import TagInfo
from site_src.slugs import slugify


def paper_path(slug: str) -> str:
    return f"papers/{slug}.html"


def backlinks_path(slug: str) -> str:
    """The list of every paper that mentions a much-cited one ("--": no slug holds it)."""
    return f"papers/{slug}--mentioned-by.html"


def tag_path(tag: str) -> str:
    return f"tags/{tag}.html"


def tag_has_page(info: TagInfo) -> bool:
    """Whether a tag gets a page of its own (and a feed): not a collection's tag, whose
    collection page lists the same papers, nor a year, which the explorer shows
    (``search.html?from=Y&to=Y``); at 10,000 papers those copies were a tenth of the site."""
    return info.facet not in PAGELESS_FACETS


PAGELESS_FACETS = frozenset({"collection", "year"})


@lru_cache(maxsize=1 << 12)
def collection_path(cid: str) -> str:
    return f"collections/{slugify(cid)}.html"  # a seed file name may hold spaces, # or <


def root_of(path: str) -> str:
    """The relative prefix from a page at ``path`` back to the site root."""
    return "../" * path.count("/")


def intersection_href(*tags: str) -> str:
    """A link, from a page in tags/, to the papers carrying every one of ``tags``."""
    return "tags/intersection.html?tags=" + ",".join(sorted(tags))


def author_path(author_id: str) -> str:
    return f"authors/{author_id}.html"


def author_explore_path(author_id: str) -> str:
    """The explorer's state for an author's papers: where the name of an author with too few
    papers for a page of their own links (author ids are slugs: nothing to quote)."""
    return f"search.html?author={author_id}"


# An author of one paper gets no link: it would only lead back to that paper. An author of
# two to four links to the explorer's list of those papers (with their snippets, tags and
# BibTeX), and from five to an author page (papers and co-authors), a list long enough to be
# worth a page: with about five authors a paper, pages for every author of two or more were
# a quarter of a 10,000-paper site (64 MB), each mostly a copy of what the explorer shows.
MIN_LINKED_AUTHOR_PAPERS = 2
MIN_AUTHOR_PAPERS = 5
