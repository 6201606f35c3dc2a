"""Atom feeds (RFC 4287): the site's newest papers, and one feed per tag.

Entries link to pages relative to the feed unless ``url`` is set, in which case every
link is absolute. Ids are stable URNs, so a reader never sees an entry twice.
Timestamps come from the papers' dates, never the clock, so builds are reproducible.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin

from site_src.abstract import first_sentence
from site_src.model import Paper

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = dt.date(1970, 1, 1)
MAX_ENTRIES = 50


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(*, title: str, subtitle: str, feed_path: str, page_path: str, papers: list[Paper],
              base_url: str, tag_names: dict[str, str], feed_id: str) -> bytes:
    """``feed_path``/``page_path``: site-relative paths of the feed and its HTML page."""

    def href(site_path: str) -> str:
        if base_url:
            return urljoin(base_url.rstrip("/") + "/", site_path)
        depth = feed_path.count("/")
        return "../" * depth + site_path

    dated = sorted(papers, key=lambda p: (-(p.date or EPOCH).toordinal(), p.slug))[:MAX_ENTRIES]
    updated = max((p.date for p in papers if p.date), default=EPOCH)
    # written as ElementTree writes it (see _element); a hundred feeds of fifty entries made as
    # elements and serialised were most of the feeds' time
    out = [f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{ATOM}">', _element("title", title),
           _element("subtitle", subtitle), _element("id", feed_id), _element("updated", _stamp(updated)),
           _empty("link", rel="self", href=href(feed_path)),
           _empty("link", rel="alternate", type="text/html", href=href(page_path)),
           "<author>", _element("name", title), "</author>"]
    for p in dated:
        out += ["<entry>", _element("title", p.title), _element("id", f"urn:survey-site:paper:{p.slug}"),
                _element("updated", _stamp(p.date or updated)),
                _empty("link", rel="alternate", type="text/html", href=href(f"papers/{p.slug}.html")),
                _element("summary", first_sentence(p.abstract, 400))]
        out += [_empty("category", term=t, label=tag_names.get(t, t)) for t in p.tags]
        out.append("</entry>")
    out.append("</feed>\n")
    return "".join(out).encode("utf-8", "xmlcharrefreplace")  # as ElementTree encodes a lone surrogate


def _element(tag: str, text: str) -> str:
    """``<tag>text</tag>`` as ElementTree writes it: ``<tag />`` when empty, text escaped."""
    return f"<{tag}>{_text(text)}</{tag}>" if text else f"<{tag} />"


def _empty(tag: str, **attributes: str) -> str:
    return f"<{tag} " + " ".join(f'{name}="{_attribute(value)}"' for name, value in attributes.items()) + " />"


def _attribute(text: str) -> str:
    """An attribute's value escaped as ElementTree escapes it."""
    for c, escaped in _ATTRIBUTE_ESCAPES:
        if c in text:
            text = text.replace(c, escaped)
    return text


_ATTRIBUTE_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\r", "&#13;"),
                      ("\n", "&#10;"), ("\t", "&#09;"))


SITEMAP_URLS = 50_000  # the sitemaps protocol's limit for one file (and 50 MB, which 50,000 URLs stay under)


def sitemap(base_url: str, paths: list[str], per_file: int = SITEMAP_URLS) -> list[tuple[str, bytes]]:
    """``sitemap.xml`` listing ``paths``; past ``per_file`` URLs (a 50,000-paper survey has
    more, with its author pages) it is an index of ``sitemap-1.xml``, ``sitemap-2.xml``, ..."""
    base = base_url.rstrip("/") + "/"

    def document(kind: str, item: str, locs: list[str]) -> bytes:
        # written as ElementTree writes it (tens of thousands of elements made and serialised
        # were most of the sitemap's time): the namespace on the root, text escaped, no spaces
        if not locs:
            return f'{_XML_DECLARATION}<{kind} xmlns="{SITEMAP_NS}" />\n'.encode("utf-8", "xmlcharrefreplace")
        body = "".join([f"<{item}><loc>{_text(loc)}</loc></{item}>" for loc in locs])
        return f'{_XML_DECLARATION}<{kind} xmlns="{SITEMAP_NS}">{body}</{kind}>\n'.encode("utf-8", "xmlcharrefreplace")

    urls = site_urls(base, paths)
    if len(urls) <= per_file:
        return [("sitemap.xml", document("urlset", "url", urls))]
    parts = [(f"sitemap-{k + 1}.xml", urls[i:i + per_file]) for k, i in enumerate(range(0, len(urls), per_file))]
    return ([("sitemap.xml", document("sitemapindex", "sitemap", [urljoin(base, name) for name, _ in parts]))]
            + [(name, document("urlset", "url", chunk)) for name, chunk in parts])


def site_urls(base: str, paths: list[str]) -> list[str]:
    """``urljoin(base, path)`` of each path: a plain relative path (letters, digits and
    ``._~%+-`` in segments that start with a letter or digit) under a plain base is the base
    and the path side by side, which tens of thousands of urljoin calls found slowly."""
    if not _PLAIN_BASE.fullmatch(base):
        return [urljoin(base, path) for path in paths]
    return [base + path if _PLAIN_PATH.fullmatch(path) else urljoin(base, path) for path in paths]


# a base URL with nothing urljoin would resolve or drop: no dot segments, query, fragment or params
_PLAIN_BASE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#;]*/(?:[A-Za-z0-9_~%+-][A-Za-z0-9._~%+-]*/)*")
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_~%+-][A-Za-z0-9._~%+-]*(?:/[A-Za-z0-9_~%+-][A-Za-z0-9._~%+-]*)*")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def _text(text: str) -> str:
    """Element text escaped as ElementTree escapes it."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def robots(base_url: str) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url.rstrip('/')}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")
