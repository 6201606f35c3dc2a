"""URLs inside abstracts: find them, trim sentence punctuation, classify code vs project."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from site_src.model import Link

# A bare ``github.com/...`` (no scheme) is common in abstracts, so allow known code hosts.
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org",
              "huggingface.co", "sourceforge.net")
URL_RE = re.compile(
    r"(?:https?://|\b(?:www\.|(?:" + "|".join(re.escape(h) for h in CODE_HOSTS) + r")/))"
    r"[^\s<>\"'`{}|\\^\u2018\u2019\u201c\u201d]+",  # typographic quotes end a URL too
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"(["  # an opening bracket never ends a URL either
_SCHEME = re.compile(r"https?://", re.IGNORECASE)
SAFE_SCHEMES = ("http", "https", "mailto")


def trim_url(raw: str) -> str:
    """Drop what ends the sentence, not the URL: a full stop, a comma, an unmatched ``)``."""
    url = raw
    while url:
        if url[-1] in _TRAILING:
            url = url[:-1]
        elif url[-1] in ")]" and url.count(url[-1]) > url.count("([" [")]".index(url[-1])]):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised url) of each URL in ``text``; ``end`` excludes trimmed punctuation."""
    found: list[tuple[int, int, str]] = []
    low = text.lower()  # URL_RE ignores case: so must the quick look
    if "http" not in low and "www." not in low and not any(h in low for h in CODE_HOSTS):
        return found  # most abstracts: skip the regex
    for m in URL_RE.finditer(text):
        url = trim_url(m.group(0))
        if not url or "." not in url.split("/")[0 if "://" not in url else 2]:
            continue
        full = url if _SCHEME.match(url) else "https://" + url
        found.append((m.start(), m.start() + len(url), full))
    return found


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # "www.example.org[": an unclosed IPv6 bracket
        return ""


def classify(url: str) -> str:
    host = _host(url)
    host = host[4:] if host.startswith("www.") else host
    return "code" if any(host == h or host.endswith("." + h) for h in CODE_HOSTS) and not host.endswith("github.io") else "project"


def links_in(text: str) -> tuple[Link, ...]:
    seen: dict[str, Link] = {}
    for _, _, url in find_urls(text):
        seen.setdefault(url, Link(classify(url), url))
    return tuple(seen.values())


_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")  # a browser drops these anywhere in a URL
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # ... and these at either end


def is_safe_href(url: str) -> bool:
    """Only http(s), mailto and relative targets may become links.

    Checked as a browser reads the URL: tabs and newlines inside, and control characters
    or spaces around, are ignored (so ``java<TAB>script:`` is refused); a protocol-relative
    ``//host`` is refused too.
    """
    cleaned = _IGNORED_BY_BROWSERS.sub("", url).strip(_C0_AND_SPACE)
    if not cleaned or cleaned[:2].replace("\\", "/") == "//":
        return False
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES or scheme == ""
