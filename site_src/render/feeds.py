"""Atom feeds (RFC 4287): the site's newest papers, and one feed per tag.

Entries link to pages relative to the feed unless ``url`` is set, in which case every
link is absolute. Ids are stable URNs, so a reader never sees an entry twice.
Timestamps come from the papers' dates, never the clock, so builds are reproducible.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
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
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = subtitle
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(updated)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=href(feed_path))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=href(page_path))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = title
    for p in dated:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = p.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:survey-site:paper:{p.slug}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(p.date or updated)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=href(f"papers/{p.slug}.html"))
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = first_sentence(p.abstract, 400)
        for t in p.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=t, label=tag_names.get(t, t))
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


SITEMAP_URLS = 50_000  # the sitemaps protocol's limit for one file (and 50 MB, which 50,000 URLs stay under)


def sitemap(base_url: str, paths: list[str], per_file: int = SITEMAP_URLS) -> list[tuple[str, bytes]]:
    """``sitemap.xml`` listing ``paths``; past ``per_file`` URLs (a 50,000-paper survey has
    more, with its author pages) it is an index of ``sitemap-1.xml``, ``sitemap-2.xml``, ..."""
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", ns)
    base = base_url.rstrip("/") + "/"

    def document(kind: str, item: str, locs: list[str]) -> bytes:
        root = ET.Element(f"{{{ns}}}{kind}")
        for loc in locs:
            ET.SubElement(ET.SubElement(root, f"{{{ns}}}{item}"), f"{{{ns}}}loc").text = loc
        body: bytes = ET.tostring(root, encoding="utf-8")
        return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"

    urls = [urljoin(base, path) for path in paths]
    if len(urls) <= per_file:
        return [("sitemap.xml", document("urlset", "url", urls))]
    parts = [(f"sitemap-{k + 1}.xml", urls[i:i + per_file]) for k, i in enumerate(range(0, len(urls), per_file))]
    return ([("sitemap.xml", document("sitemapindex", "sitemap", [urljoin(base, name) for name, _ in parts]))]
            + [(name, document("urlset", "url", chunk)) for name, chunk in parts])


def robots(base_url: str) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url.rstrip('/')}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")
