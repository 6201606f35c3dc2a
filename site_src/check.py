"""``build.py check``: every internal link and anchor in the built site resolves.

Links are read with the standard library's HTML parser (no regex over HTML); a link
is internal when it has no scheme and no network location.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Problem


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        for name in ("href", "src"):
            value = a.get(name)
            if value is not None and not (tag == "form"):
                self.links.append((value, self.getpos()[0]))


def check_links(site: Path) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[Path, set[str]] = {}
    pending: list[tuple[Path, int, Path, str]] = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        ids[page] = parser.ids
        for href, line in parser.links:
            try:
                parts = urlsplit(href)
            except ValueError:  # e.g. an unclosed IPv6 bracket
                problems.append(Problem(str(page.relative_to(site)), line, f"malformed link '{href}' (fix the URL)"))
                continue
            if parts.scheme or parts.netloc or href.startswith("//"):
                continue
            rel = page.relative_to(site)
            if not parts.path:
                if parts.fragment:
                    pending.append((page, line, page, parts.fragment))
                continue
            if parts.path.startswith("/"):
                problems.append(Problem(str(rel), line, f"absolute link '{href}' breaks under a sub-path and from disk"))
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_relative_to(site.resolve()):
                problems.append(Problem(str(rel), line, f"link '{href}' leaves the site"))
            elif target.is_dir():
                problems.append(Problem(str(rel), line, f"link '{href}' names a folder, not a file (breaks from disk)"))
            elif not target.exists():
                problems.append(Problem(str(rel), line, f"broken link '{href}'"))
            elif parts.fragment and target.suffix == ".html":
                pending.append((page, line, target, parts.fragment))
    for page, line, target, fragment in pending:
        if target not in ids:
            parser = _Links()
            parser.feed(target.read_text(encoding="utf-8"))
            ids[target] = parser.ids
        if unquote(fragment) not in ids[target]:
            problems.append(Problem(str(page.relative_to(site)), line, f"anchor '#{fragment}' not found in {target.name}"))
    return problems
