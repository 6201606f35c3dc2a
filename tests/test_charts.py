"""Build-time SVG charts, parsed as XML."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from site_src.render.charts import cooccurrence_svg, year_histogram

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") and root.find("s:title", NS) is not None
    assert not root.findall(".//s:script", NS)
    return root


def texts(root: ET.Element, css: str) -> list[str]:
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text") if css in (t.get("class") or "")]


def test_histogram_has_a_bar_per_year_with_gaps_filled():
    root = parse(year_histogram({2019: 2, 2021: 5, 2022: 1}))
    bars = root.findall(".//s:rect[@class='chart-bar']", NS)
    assert len(bars) == 4  # 2019..2022, 2020 empty
    heights = [float(b.get("height")) for b in bars]
    assert heights[1] == 0 and heights[2] == max(heights) and heights[0] > heights[3]
    assert texts(root, "chart-label") == ["2019", "2020", "2021", "2022"]
    assert texts(root, "chart-count") == ["2", "5", "1"]
    tips = [g.find("s:title", NS).text for g in root.findall(".//s:g", NS)]
    assert tips[0] == "2019: 2 papers" and tips[3] == "2022: 1 paper"


def test_histogram_one_year_and_no_papers():
    root = parse(year_histogram({2024: 7}))
    assert len(root.findall(".//s:rect", NS)) == 1
    assert texts(root, "chart-label") == ["2024"]
    empty = parse(year_histogram({}))
    assert not empty.findall(".//s:rect", NS) and texts(empty, "chart-empty") == ["No dated papers"]
    assert texts(parse(year_histogram({2020: 0})), "chart-empty") == ["No dated papers"]


def test_histogram_thirty_years_stays_inside_and_readable():
    counts = {1995 + i: i % 7 + 1 for i in range(30)}
    width = 640
    root = parse(year_histogram(counts, width=width))
    bars = root.findall(".//s:rect", NS)
    assert len(bars) == 30
    assert all(0 <= float(b.get("x")) and float(b.get("x")) + float(b.get("width")) <= width for b in bars)
    labels = texts(root, "chart-label")
    assert labels[0] == "1995" and 5 <= len(labels) <= 18  # thinned out, not overlapping


def test_cooccurrence_cells_link_to_intersections():
    tags = [("mamba", "Mamba"), ("medical", "Medical imaging"), ("vit", "ViT")]
    pairs = {("mamba", "medical"): 3, ("vit", "mamba"): 1}
    seen = []

    def href(ids):
        seen.append(ids)
        return "tags/" + "+".join(ids) + "/"

    root = parse(cooccurrence_svg(tags, pairs, href))
    links = root.findall(".//s:a", NS)
    assert len(links) == 4  # two pairs, each above and below the diagonal
    tips = sorted(a.find("s:title", NS).text for a in links)
    assert tips == ["Mamba + Medical imaging: 3 papers", "Mamba + ViT: 1 paper",
                    "Medical imaging + Mamba: 3 papers", "ViT + Mamba: 1 paper"]
    assert "tags/mamba+medical/" in {a.get("href") for a in links}
    assert ("mamba", "medical") in seen and all(len(ids) == 2 for ids in seen)
    empty_tips = [r.find("s:title", NS).text for r in root.findall(".//s:rect[@class='chart-cell chart-cell-empty']", NS)]
    assert empty_tips == ["Medical imaging + ViT: 0 papers", "ViT + Medical imaging: 0 papers"]


def test_cooccurrence_escapes_hostile_names_and_limits_tags():
    evil = '<script>alert("x")</script> & \'q\''
    tags = [("a", evil)] + [(f"t{i}", f"Tag {i}") for i in range(20)]
    pairs = {("a", "t0"): 2}
    svg = cooccurrence_svg(tags, pairs, lambda ids: "/t?x=" + "&".join(ids) + '"><script>', limit=15)
    root = parse(svg)
    labels = texts(root, "chart-label")
    assert len(labels) == 30  # 15 columns + 15 rows
    assert labels[0].startswith('<script>alert("x")')
    hrefs = [a.get("href") for a in root.findall(".//s:a", NS)]
    assert hrefs == ['/t?x=a&t0"><script>', '/t?x=t0&a"><script>']


def test_cooccurrence_without_tags():
    root = parse(cooccurrence_svg([], {}, lambda ids: "#"))
    assert texts(root, "chart-empty") == ["No tags"]
