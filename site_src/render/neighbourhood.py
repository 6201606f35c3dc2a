"""A paper's neighbourhood as a small static SVG: the paper in the middle, the papers it
mentions, the papers that mention it and its related papers around it.

Drawn at build time with no script: every neighbour is an ``<a href>`` whose
``<title>`` ("Related: <its full title>") is both its tooltip and its accessible name,
placed on an ellipse in groups by kind so the same input always gives the same picture.
All text is XML-escaped and the picture scales with its ``viewBox``, whose height
follows the number of neighbours. It is drawn lean, being on every paper page: whole
pixels, the edges of a kind in one group that carries their stroke, and colours, label
halos and sizes from the site's stylesheet (light or dark) rather than repeated on each
shape; inline colours remain on the edges' groups and the centre. The
picture is a labelled group, so its links stay links for assistive technology.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

MAX_NEIGHBOURS = 12
LABEL_CHARS = 22
WIDTH = 640
_CX, _TOP = WIDTH / 2, 45.0
_RX = 180.0
# The stylesheet draws an outline of the background under each label (.nb-label), which
# keeps it readable where an edge crosses it.
_LABEL = ' class="nb-label"'

# kind -> (legend text, stroke colour, dash pattern, arrow marker, or "" for none)
KINDS: dict[str, tuple[str, str, str, str]] = {
    "mentions": ("mentions", "#1f6feb", "", "nb-out"),
    "mentioned_by": ("mentioned by", "#b35900", "6 4", "nb-in"),
    "related": ("related", "#6e7781", "2 4", ""),
}

Neighbour = tuple[str, str, str]  # (slug, label, href)


@dataclass(frozen=True, slots=True)
class _Node:
    kind: str
    slug: str
    label: str
    href: str


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    """``label`` cut to at most ``limit`` characters: a title's name before its colon
    ("DeepMAD: Mathematical ..." -> "DeepMAD"), else cut at a word, with an ellipsis."""
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    head = label.split(": ", 1)[0]
    if head != label and len(head) <= limit:
        return head
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" -:,;") + "…"


def _pick(groups: dict[str, list[Neighbour]], limit: int) -> list[_Node]:
    """Up to ``limit`` distinct neighbours, shared fairly between kinds, grouped by kind."""
    seen: set[str] = set()
    queues: dict[str, list[Neighbour]] = {}
    for kind, items in groups.items():
        queues[kind] = []
        for slug, label, href in items:
            if slug not in seen:
                seen.add(slug)
                queues[kind].append((slug, label, href))
    taken: dict[str, int] = dict.fromkeys(queues, 0)
    total = 0
    while total < limit and any(taken[k] < len(q) for k, q in queues.items()):
        for kind, queue in queues.items():
            if total < limit and taken[kind] < len(queue):
                taken[kind] += 1
                total += 1
    return [_Node(kind, *item) for kind, queue in queues.items() for item in queue[: taken[kind]]]


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _defs(kinds: list[str]) -> str:
    markers = []
    for kind in kinds:
        _text, colour, _dash, marker = KINDS[kind]
        if marker:
            markers.append(
                f'<marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
            )
    return "<defs>" + "".join(markers) + "</defs>" if markers else ""


def _edge(node: _Node, x: float, y: float, cy: float) -> str:
    # Stop the line at the node circles so an arrowhead stays visible.
    dx, dy = x - _CX, y - cy
    length = math.hypot(dx, dy) or 1.0
    x1, y1 = _CX + dx * 34 / length, cy + dy * 34 / length
    x2, y2 = x - dx * 10 / length, y - dy * 10 / length
    if node.kind == "mentioned_by":
        x1, y1, x2, y2 = x2, y2, x1, y1
    return f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}"/>'


def _edges(kind: str, lines: list[str]) -> str:
    """The edges of one kind, in a group that carries their stroke, dashes and arrowhead."""
    _text, colour, dash, marker = KINDS[kind]
    extra = (f' stroke-dasharray="{dash}"' if dash else "") + (f' marker-end="url(#{marker})"' if marker else "")
    return f'<g class="nb-edge nb-{kind}" stroke="{colour}" stroke-width="1.5"{extra}>' + "".join(lines) + "</g>"


def _node(node: _Node, x: float, y: float, cy: float) -> str:
    dx = x - _CX
    anchor = "middle" if abs(dx) < 40 else ("start" if dx > 0 else "end")
    tx = x + (0 if anchor == "middle" else (12 if dx > 0 else -12))
    ty = y + (4 if anchor != "middle" else (-14 if y < cy else 22))
    align = "" if anchor == "middle" else f' text-anchor="{anchor}"'
    return (
        f'<a class="nb-node nb-{node.kind}" href="{_attr(node.href)}">'
        f"<title>{escape(KINDS[node.kind][0].capitalize() + ': ' + node.label, quote=False)}</title>"
        f'<circle cx="{x:.0f}" cy="{y:.0f}" r="8"/>'
        f'<text x="{tx:.0f}" y="{ty:.0f}"{align}{_LABEL}>{escape(shorten(node.label), quote=False)}</text>'
        "</a>"
    )


def _legend(kinds: list[str], y: float) -> str:
    parts = ['<g class="nb-legend" font-size="12" aria-hidden="true">']
    x = 20.0
    for kind in kinds:
        text, colour, dash, _marker = KINDS[kind]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line class="nb-{kind}-key" x1="{x:.0f}" y1="{y:g}" x2="{x + 28:.0f}" y2="{y:g}" stroke="{colour}" '
            f'stroke-width="2"{dashed}/>'
            f'<text x="{x + 34:.0f}" y="{y + 4:g}">{escape(text, quote=False)}</text>'
        )
        x += 44 + 8 * len(text)
    parts.append("</g>")
    return "".join(parts)


def neighbourhood_svg(
    center: tuple[str, str],
    mentions: list[Neighbour],
    mentioned_by: list[Neighbour],
    related: list[Neighbour],
    limit: int = MAX_NEIGHBOURS,
) -> str:
    """An inline SVG of ``center`` = (slug, label) and its neighbours, or "" when it has none.

    Each neighbour is (slug, label, href). A paper that is in several lists is drawn once,
    under the first kind: mentions, then mentioned-by, then related.
    """
    center_slug, center_label = center
    groups = {
        "mentions": [n for n in mentions if n[0] != center_slug],
        "mentioned_by": [n for n in mentioned_by if n[0] != center_slug],
        "related": [n for n in related if n[0] != center_slug],
    }
    nodes = _pick(groups, limit)
    if not nodes:
        return ""
    # Sized to the content: one or two neighbours sit beside the paper on one line,
    # up to six on a flat ellipse, more on a taller one.
    count = len(nodes)
    ry = 0.0 if count <= 2 else 85.0 if count <= 6 else 125.0
    cy = _TOP + ry
    height = max(cy + ry + 80, 140.0)
    edges: dict[str, list[str]] = {kind: [] for kind in KINDS}
    circles = []
    for i, node in enumerate(nodes):
        angle = math.pi * i if count <= 2 else -math.pi / 2 + 2 * math.pi * i / count
        x, y = _CX + _RX * math.cos(angle), cy + ry * math.sin(angle)
        edges[node.kind].append(_edge(node, x, y, cy))
        circles.append(_node(node, x, y, cy))
    kinds = [kind for kind in KINDS if edges[kind]]
    title = f"{center_label}: {count} neighbouring papers"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="neighbourhood" viewBox="0 0 {WIDTH} {height:g}" '
        f'width="{WIDTH}" height="{height:g}" role="group" aria-label="{_attr(title)}" font-family="sans-serif">'
        f"<title>{escape(title, quote=False)}</title>"
        + _defs(kinds)
        + '<g aria-hidden="true">' + "".join(_edges(kind, edges[kind]) for kind in kinds)
        + f'<g class="nb-center"><circle cx="{_CX:g}" cy="{cy:g}" r="30" fill="#24292f"/>'
        f'<text x="{_CX:g}" y="{cy + 48:g}" text-anchor="middle" font-size="13" font-weight="bold"{_LABEL}>'
        f"{escape(shorten(center_label, 28), quote=False)}</text></g></g>"
        + '<g class="nb-nodes" font-size="12" text-anchor="middle">' + "".join(circles) + "</g>"
        + _legend(kinds, height - 22)
        + "</svg>"
    )
