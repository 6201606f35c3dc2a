"""Slugs: stable, unique, ASCII, safe as file names and URL segments."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

MAX_SLUG = 80
RESERVED = frozenset({"index", "search", "tags", "404", "papers", "collections", "assets",
                      "feeds", "sitemap", "robots", "con", "prn", "aux", "nul"})
SAFE_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")


def ascii_words(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@lru_cache(maxsize=1 << 17)  # the same titles in every build of the dev server
def slugify(text: str, max_len: int = MAX_SLUG) -> str:
    """Lower-case ASCII words joined by ``-``, cut at a word boundary; never empty or reserved."""
    slug = ascii_words(text)
    if len(slug) > max_len:
        cut = slug[:max_len]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_len // 2:] else cut
        slug = slug.strip("-")
    if not slug:
        slug = "untitled-" + short_hash(text)
    if slug in RESERVED:
        slug += "-paper"
    return slug


def short_hash(text: str, n: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def is_safe_slug(slug: str) -> bool:
    return bool(SAFE_SLUG.match(slug)) and slug not in RESERVED and "--" not in slug


def unique_slugs(keys: list[tuple[str, str]]) -> dict[str, str]:
    """``[(identity key, text)] -> {identity key: slug}``.

    When several texts give the same slug, every one of them gets the slug plus a short
    hash of its own key, so the result does not depend on the order of the input.
    """
    by_slug: dict[str, list[str]] = {}
    for key, text in keys:
        by_slug.setdefault(slugify(text), []).append(key)
    out: dict[str, str] = {}
    for slug, owners in by_slug.items():
        if len(owners) == 1:
            out[owners[0]] = slug
        else:
            for key in owners:
                out[key] = f"{slug[:MAX_SLUG - 7].rstrip('-')}-{short_hash(key)}"
    return out
