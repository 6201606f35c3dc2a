"""The neighbourhood picture: a static SVG of a paper and the papers around it."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from site_src.render.neighbourhood import neighbourhood_svg, shorten

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:a", NS)


def test_no_neighbours_gives_no_picture() -> None:
    assert neighbourhood_svg(("p", "Paper"), [], [], []) == ""
    assert neighbourhood_svg(("p", "Paper"), [("p", "Itself", "p.html")], [], []) == ""


def test_each_neighbour_is_a_titled_link_with_an_edge_of_its_kind() -> None:
    svg = neighbourhood_svg(
        ("rsmamba", "RSMamba"),
        mentions=[("mamba", "Mamba: Linear-Time Sequence Modeling", "../mamba/")],
        mentioned_by=[("hsi", "Spatial-Spectral Morphological Mamba", "../hsi/")],
        related=[("rs", "Remote Sensing Scene Classification", "../rs/"), ("gaia", "GAIA", "../gaia/")],
    )
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 640 295"  # four neighbours: a flat ellipse
    nodes = links(root)
    assert [a.get("href") for a in nodes] == ["../mamba/", "../hsi/", "../rs/", "../gaia/"]
    # the title is the tooltip and the link's name: its kind, then the full label
    assert [a.findtext("svg:title", namespaces=NS) for a in nodes][0] == "Mentions: Mamba: Linear-Time Sequence Modeling"
    kinds = [a.get("class") for a in nodes]
    assert kinds == ["nb-node nb-mentions", "nb-node nb-mentioned_by", "nb-node nb-related", "nb-node nb-related"]
    edge_kinds = [g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g")
                  for _ in g.findall("svg:line", NS) if (g.get("class") or "").startswith("nb-edge")]
    assert edge_kinds == ["nb-edge nb-mentions", "nb-edge nb-mentioned_by", "nb-edge nb-related", "nb-edge nb-related"]
    legend = [t.text for t in root.findall(".//svg:g[@class='nb-legend']/svg:text", NS)]
    assert legend == ["mentions", "mentioned by", "related"]
    # labels are shortened, the full label stays in the tooltip
    label = nodes[0].findtext("svg:text", namespaces=NS)
    assert label is not None and len(label) <= 22 and label == "Mamba"


def test_text_and_urls_are_escaped() -> None:
    nasty = 'A <b>bold</b> & "quoted" title'
    svg = neighbourhood_svg(("c", "Centre & <co>"), [("n", nasty, "../n/?a=1&b=2")], [], [])
    root = parse(svg)  # would raise on unescaped markup
    (node,) = links(root)
    assert node.get("href") == "../n/?a=1&b=2"
    assert node.findtext("svg:title", namespaces=NS) == "Mentions: " + nasty
    assert root.find("svg:b", NS) is None and root.find(".//svg:b", NS) is None
    assert "Centre & <co>" in root.findtext("svg:title", namespaces=NS)


def test_at_most_twelve_neighbours_shared_between_kinds_and_drawn_once() -> None:
    many = [(f"m{i}", f"Mention {i}", f"../m{i}/") for i in range(20)]
    back = [(f"b{i}", f"Backlink {i}", f"../b{i}/") for i in range(2)]
    rel = [("m0", "Mention 0", "../m0/")] + [(f"r{i}", f"Related {i}", f"../r{i}/") for i in range(20)]
    root = parse(neighbourhood_svg(("c", "Centre"), many, back, rel))
    slugs = [a.get("href").strip("./") for a in links(root)]
    assert len(slugs) == 12 == len(set(slugs))
    assert {"b0", "b1"} <= set(slugs)
    assert sum(s.startswith("m") for s in slugs) == 5 and sum(s.startswith("r") for s in slugs) == 5


def test_layout_is_deterministic_and_inside_the_view() -> None:
    args = (("c", "Centre"), [(f"m{i}", f"Paper {i}", f"../m{i}/") for i in range(7)], [], [])
    assert neighbourhood_svg(*args) == neighbourhood_svg(*args)
    root = parse(neighbourhood_svg(*args))
    for circle in root.findall(".//svg:a/svg:circle", NS):
        assert 0 < float(circle.get("cx")) < 640 and 0 < float(circle.get("cy")) < 400


def test_shorten() -> None:
    assert shorten("RSMamba") == "RSMamba"
    assert shorten("Remote Sensing Image Classification with State Space Model") == "Remote Sensing Image…"
    assert len(shorten("Supercalifragilisticexpialidocious-network")) == 22
    assert shorten("DeepMAD: Mathematical Architecture Design for Deep Convolutional Neural Network") == "DeepMAD"
