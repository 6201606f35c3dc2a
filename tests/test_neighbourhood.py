"""The neighbourhood picture: drawn in the browser from a paper page's own lists (Mentions,
Mentioned by, Related papers), with the paper in the middle and its neighbours around it."""
from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .browser import browser_page
from .conftest import ROOT

pytestmark = pytest.mark.browser
SCRIPT = ROOT / "templates/assets/neighbourhood.js"
Items = list[tuple[str, str]]  # (href, title)


def _list(cls: str, heading: str, items: Items) -> str:
    lis = "".join(f'<li><a href="{html.escape(h)}">{html.escape(t)}</a> <span class="why">x</span></li>'
                  for h, t in items)
    return f'<section class="{cls}"><h2>{heading}</h2><ul>{lis}</ul></section>' if items else ""


def _graph(tmp_path: Path, title: str, mentions: Items = (), mentioned_by: Items = (), related: Items = ()
           ) -> dict[str, Any]:
    """A paper page with these lists, opened from disk; what the script drew, read back."""
    shutil.copy(SCRIPT, tmp_path / "neighbourhood.js")
    page_html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
                 f'<article class="paper"><h1>{html.escape(title)}</h1>'
                 + _list("mentions", "Mentions", list(mentions))
                 + _list("mentioned-by", "Mentioned by", list(mentioned_by))
                 + _list("related", "Related papers", list(related))
                 + '<section class="cite"></section></article><script src="neighbourhood.js"></script></body></html>')
    (tmp_path / "centre.html").write_text(page_html, encoding="utf-8")
    with browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((tmp_path / "centre.html").as_uri())
        drawn = page.evaluate("""() => {
          const svg = document.querySelector('svg.neighbourhood');
          if (!svg) return null;
          const section = svg.closest('section');
          return {
            outer: svg.outerHTML, after: section.previousElementSibling.className,
            box: svg.getAttribute('viewBox'),
            nodes: [...svg.querySelectorAll('a')].map(a => ({href: a.getAttribute('href'), cls: a.getAttribute('class'),
              title: a.querySelector('title').textContent, label: a.querySelector('text').textContent,
              cx: +a.querySelector('circle').getAttribute('cx'), cy: +a.querySelector('circle').getAttribute('cy')})),
            edges: [...svg.querySelectorAll('g.nb-edge')].map(g => [g.getAttribute('class'), g.querySelectorAll('line').length]),
            legend: [...svg.querySelectorAll('.nb-legend text')].map(t => t.textContent),
            name: svg.getAttribute('aria-label'),
          };
        }""")
        assert errors == []
    return drawn


def test_no_neighbours_gives_no_picture(tmp_path: Path) -> None:
    assert _graph(tmp_path, "Paper") is None
    assert _graph(tmp_path, "Paper", related=[("centre.html", "Itself")]) is None


def test_each_neighbour_is_a_titled_link_with_an_edge_of_its_kind(tmp_path: Path) -> None:
    g = _graph(tmp_path, "RSMamba", mentions=[("../mamba.html", "Mamba: Linear-Time Sequence Modeling")],
               mentioned_by=[("../hsi.html", "Spatial-Spectral Morphological Mamba")],
               related=[("../rs.html", "Remote Sensing Scene Classification"), ("../gaia.html", "GAIA")])
    assert g["box"] == "0 0 640 295"  # four neighbours: a flat ellipse
    assert g["after"] == "related"  # drawn below the lists it pictures
    assert [n["href"] for n in g["nodes"]] == ["../mamba.html", "../hsi.html", "../rs.html", "../gaia.html"]
    # the title is the tooltip and the link's name: its kind, then the full title
    assert g["nodes"][0]["title"] == "Mentions: Mamba: Linear-Time Sequence Modeling"
    assert [n["cls"] for n in g["nodes"]] == ["nb-node nb-mentions", "nb-node nb-mentioned_by", "nb-node nb-related",
                                             "nb-node nb-related"]
    assert g["edges"] == [["nb-edge nb-mentions", 1], ["nb-edge nb-mentioned_by", 1], ["nb-edge nb-related", 2]]
    assert g["legend"] == ["mentions", "mentioned by", "related"]
    assert g["name"] == "RSMamba: 4 neighbouring papers"
    # labels are shortened, the full title stays in the tooltip
    assert g["nodes"][0]["label"] == "Mamba"
    assert g["nodes"][2]["label"] == "Remote Sensing Scene…" and len(g["nodes"][2]["label"]) <= 22


def test_text_is_text_not_markup(tmp_path: Path) -> None:
    nasty = 'A <b>bold</b> & "quoted" title <img src=x onerror=alert(1)>'
    g = _graph(tmp_path, "Centre & <co>", related=[("../n.html?a=1&b=2", nasty)])
    (node,) = g["nodes"]
    assert node["href"] == "../n.html?a=1&b=2" and node["title"] == "Related: " + nasty
    svg = HTMLParser(g["outer"])
    assert svg.css_first("b") is None and svg.css_first("img") is None
    assert g["name"] == "Centre & <co>: 1 neighbouring papers"


def test_at_most_twelve_neighbours_shared_between_kinds_and_drawn_once(tmp_path: Path) -> None:
    many = [(f"../m{i}.html", f"Mention {i}") for i in range(20)]
    back = [(f"../b{i}.html", f"Backlink {i}") for i in range(2)]
    rel = [("../m0.html", "Mention 0")] + [(f"../r{i}.html", f"Related {i}") for i in range(20)]
    g = _graph(tmp_path, "Centre", mentions=many, mentioned_by=back, related=rel)
    files = [n["href"].removeprefix("../").removesuffix(".html") for n in g["nodes"]]
    assert len(files) == 12 == len(set(files))
    assert {"b0", "b1"} <= set(files)
    assert sum(f.startswith("m") for f in files) == 5 and sum(f.startswith("r") for f in files) == 5


def test_the_picture_is_as_tall_as_its_neighbours_need_and_holds_them(tmp_path: Path) -> None:
    def drawn(n: int) -> dict[str, Any]:
        return _graph(tmp_path, "Centre", related=[(f"../p{i}.html", f"Paper {i}") for i in range(n)])

    heights = {n: float(drawn(n)["box"].split()[3]) for n in (1, 2, 3, 6, 7, 12)}
    assert heights[1] == heights[2] < heights[3] == heights[6] < heights[7] == heights[12] <= 400
    assert heights[1] <= 150
    twelve = drawn(12)
    assert twelve == drawn(12)  # the same page, the same picture
    assert all(0 < n["cx"] < 640 and 0 < n["cy"] < heights[12] for n in twelve["nodes"])


def test_labels_are_shortened_like_titles(tmp_path: Path) -> None:
    titles = ["RSMamba", "Remote Sensing Image Classification with State Space Model",
              "Supercalifragilisticexpialidocious-network",
              "DeepMAD: Mathematical Architecture Design for Deep Convolutional Neural Network"]
    g = _graph(tmp_path, "Centre", related=[(f"../p{i}.html", t) for i, t in enumerate(titles)])
    labels = [n["label"] for n in g["nodes"]]
    assert labels[0] == "RSMamba" and labels[1] == "Remote Sensing Image…" and labels[3] == "DeepMAD"
    assert len(labels[2]) == 22 and labels[2].endswith("…")
