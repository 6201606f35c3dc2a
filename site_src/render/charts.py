"""Charts drawn at build time as plain SVG: no JavaScript, readable without styles.

Every shape carries a CSS class (``chart-bar``, ``chart-cell`` ...) so a theme can
restyle it, and inline defaults so it looks right without one. Every text is escaped.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

# Inline colours are the light theme, for a chart seen without the site's stylesheet;
# the stylesheet recolours every class from its CSS variables (light and dark).
BAR = "#4c78a8"
INK = "#333333"
CELL = "#2b6cb0"
EMPTY = "#eef0f3"
FONT = 'font-family="system-ui, sans-serif"'
WIDE = 360  # wider than a phone's column: the page lets it scroll rather than shrink its text


def _svg(width: float, height: float, label: str, body: list[str], css_class: str, *, links: bool = False) -> str:
    # A picture with links inside is a group (role="img" would hide its links from
    # assistive technology); one without is an image with a name.
    role = "group" if links else "img"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" viewBox="0 0 {width:g} {height:g}" '
            f'width="{width:g}" height="{height:g}" role="{role}" aria-label={quoteattr(label)} {FONT}>'
            f"<title>{escape(label)}</title>" + "".join(body) + "</svg>")


def _plural(n: int) -> str:
    return f"{n} paper" if n == 1 else f"{n} papers"


def year_histogram(counts: Mapping[int, int], *, href: Callable[[int], str] | None = None,
                   width: int | None = None, height: int = 200) -> str:
    """Papers per year as bars, every year between the first and the last shown (gaps as 0).

    ``href(year)`` gives the link of a bar (the papers it counts); the chart is as wide
    as its years need, up to 640 (or exactly ``width``).
    """
    total = sum(counts.values())
    if not counts or not total:
        w = width or 320
        return _svg(w, 60, "Papers per year: no dated papers",
                    [f'<text class="chart-empty" x="{w / 2:g}" y="34" text-anchor="middle" '
                     f'fill="{INK}">No dated papers</text>'], "year-histogram")
    years = list(range(min(counts), max(counts) + 1))
    if width is None:
        width = max(240, min(640, 16 + 40 * len(years)))
    top = max(counts.values())
    left, right, top_pad, bottom = 8, 8, 18, 24
    slot = (width - left - right) / len(years)
    bar_w = min(32.0, max(1.0, slot * 0.8))  # one year is a bar, not a wall
    plot_h = height - top_pad - bottom
    every = math.ceil(len(years) / max(1, (width - left - right) // 36))  # keep year labels apart
    body = []
    for i, year in enumerate(years):
        n = counts.get(year, 0)
        x = left + i * slot + (slot - bar_w) / 2
        h = plot_h * n / top
        y = top_pad + plot_h - h
        tip = f"{year}: {_plural(n)}"
        bar = (f'<rect class="chart-bar" x="{x:.2f}" y="{y:.2f}" width="{bar_w:.2f}" height="{h:.2f}" '
               f'fill="{BAR}"/>')
        if href is not None and n:
            bar = f"<a href={quoteattr(href(year))} aria-label={quoteattr(tip)}>{bar}</a>"
        body.append(f'<g class="chart-year" data-year="{year}"><title>{escape(tip)}</title>{bar}')
        cx = x + bar_w / 2
        if n and (slot >= 18 or n == top):
            body.append(f'<text class="chart-count" x="{cx:.2f}" y="{y - 4:.2f}" text-anchor="middle" '
                        f'font-size="11" fill="{INK}" aria-hidden="true">{n}</text>')
        if i % every == 0:
            body.append(f'<text class="chart-label" x="{cx:.2f}" y="{height - 8:g}" text-anchor="middle" '
                        f'font-size="11" fill="{INK}" aria-hidden="true">{year}</text>')
        body.append("</g>")
    label = f"Papers per year, {years[0]} to {years[-1]}: {_plural(total)}"
    if len(years) == 1:
        label = f"Papers per year: {_plural(total)} in {years[0]}"
    kind = "year-histogram wide" if width > WIDE else "year-histogram"
    return _svg(width, height, label, body, kind, links=href is not None)


def cooccurrence_svg(tags: Sequence[tuple[str, str]], pairs: Mapping[tuple[str, str], int],
                     href: Callable[[tuple[str, ...]], str], *, limit: int = 15, cell: int = 26,
                     label_width: int = 170) -> str:
    """A heatmap of how often two tags share a paper; each non-empty cell links to the papers.

    ``tags`` are ``(id, display name)`` in the order to show (the first ``limit`` are
    used); ``pairs`` counts papers per pair of ids, in either order; ``href`` gives the
    URL of the papers carrying all the given tag ids.
    """
    shown = list(tags)[:limit]
    if not shown:
        return _svg(200, 40, "Tag co-occurrence: no tags",
                    [f'<text class="chart-empty" x="100" y="24" text-anchor="middle" fill="{INK}">No tags</text>'],
                    "cooccurrence")

    def count(a: str, b: str) -> int:
        return pairs.get((a, b), 0) or pairs.get((b, a), 0)

    peak = max((count(a, b) for a, _ in shown for b, _ in shown if a != b), default=0) or 1
    n = len(shown)
    head = label_width  # room for the slanted column labels
    # the last column's label leans right, past the last cell, by its height
    width, height = label_width + n * cell + int(head * 0.75), head + n * cell + 8
    body = []
    for j, (_, name) in enumerate(shown):
        x = label_width + j * cell + cell / 2
        body.append(f'<text class="chart-label" transform="translate({x:g},{head - 6:g}) rotate(-45)" '
                    f'font-size="11" fill="{INK}" aria-hidden="true">{escape(_short(name))}</text>')
    # Drawn lean: the cells' shared size, colours and text settings sit on their group, and
    # each link's <title> is both its tooltip and its accessible name (no aria-label copy).
    body.append(f'<g class="chart-cells" fill="{CELL}" font-size="10" text-anchor="middle">')
    size = f'width="{cell - 2:g}" height="{cell - 2:g}"'
    for i, (a, a_name) in enumerate(shown):
        y = head + i * cell
        body.append(f'<text class="chart-label" x="{label_width - 6:g}" y="{y + cell / 2 + 4:g}" '
                    f'text-anchor="end" font-size="11" fill="{INK}" aria-hidden="true">{escape(_short(a_name))}</text>')
        for j, (b, b_name) in enumerate(shown):
            x = label_width + j * cell
            rect = f'x="{x:g}" y="{y:g}" {size}'
            if a == b:
                body.append(f'<rect class="chart-cell chart-diagonal" {rect} fill="#ffffff" stroke="{EMPTY}"/>')
                continue
            k = count(a, b)
            tip = f"{a_name} + {b_name}: {_plural(k)}"
            if not k:
                body.append(f'<rect class="chart-cell chart-cell-empty" {rect} fill="{EMPTY}">'
                            f"<title>{escape(tip)}</title></rect>")
                continue
            shade = 0.15 + 0.85 * k / peak
            dark = shade > 0.55
            ink = ' fill="#ffffff"' if dark else ""
            body.append(f"<a href={quoteattr(href((a, b)))}><title>{escape(tip)}</title>"
                        f'<rect class="chart-cell" {rect} fill-opacity="{shade:.2f}"/>'
                        f'<text class="chart-cell-count{" on-dark" if dark else ""}" x="{x + (cell - 2) / 2:g}" '
                        f'y="{y + cell / 2 + 3:g}"{ink}>{k}</text></a>')
    body.append("</g>")
    return _svg(width, height, f"How often the top {n} tags share a paper", body, "cooccurrence", links=True)


def _short(name: str, limit: int = 26) -> str:
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "\u2026"
