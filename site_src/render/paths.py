"""Where each page lives in the site, and the relative way back to its root.

Every internal URL is relative and names a file, so the site works from ``file://`` and
under any sub-path.
"""
from __future__ import annotations

from site_src.slugs import slugify


def paper_path(slug: str) -> str:
    return f"papers/{slug}.html"


def backlinks_path(slug: str) -> str:
    """The list of every paper that mentions a much-cited one ("--": no slug holds it)."""
    return f"papers/{slug}--mentioned-by.html"


def tag_path(tag: str) -> str:
    return f"tags/{tag}.html"


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


MIN_AUTHOR_PAPERS = 2  # an author of one paper of the survey gets no page: it would only repeat that paper
