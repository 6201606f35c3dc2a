"""``build.py check``: every internal link and anchor in the built site resolves, and
every page's elements nest (a user's template that forgets a ``</div>`` is caught).

Links are read with the standard library's HTML parser (no regex over HTML); a link
is internal when it has no scheme and no network location.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_src.errors import Problem

# Elements with no end tag, and those whose end tag HTML lets a page leave out.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
                "rt", "rp", "colgroup", "caption", "html", "head", "body"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []
        self.ids: set[str] = set()
        self.open: list[tuple[str, int]] = []
        self.nesting: list[tuple[int, str]] = []  # (line, what is wrong)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.open and self.open[-1][0] != tag and self.open[-1][0] in OPTIONAL_END:
            self.open.pop()
        if self.open and self.open[-1][0] == tag:
            self.open.pop()
        elif tag not in OPTIONAL_END:
            self.nesting.append((self.getpos()[0], f"</{tag}> closes an element that is not open"))

    def close(self) -> None:
        super().close()
        for tag, line in self.open:
            if tag not in OPTIONAL_END:
                self.nesting.append((line, f"<{tag}> is never closed"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append((tag, self.getpos()[0]))
        self._element(tag, attrs)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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
        parser.close()
        ids[page] = parser.ids
        for line, what in parser.nesting:
            problems.append(Problem(str(page.relative_to(site)), line, f"{what} (fix the template)"))
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
