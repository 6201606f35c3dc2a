"""Related papers and mentions that are right (issue 13, item 4): compound names split, tags
that inform without dominating, names matched however they are written, dataset titles claim
their name, and ordinary words never link."""
from __future__ import annotations

from site_src.links.mentions import find_mentions, name_key, short_names
from site_src.links.related import related_papers
from site_src.model import Paper


def paper(slug: str, title: str, abstract: str, tags: tuple[str, ...] = ()) -> Paper:
    return Paper(slug=slug, title=title, abstract=abstract, auto_tags=tags)


def test_names_written_another_way_still_link():
    papers = [
        paper("gradcam", "Grad-CAM: Visual Explanations", "We explain decisions with gradients."),
        paper("maskrcnn", "Mask R-CNN: Instance Segmentation", "We present a framework for instance segmentation."),
        paper("uses-1", "Saliency study", "We compare GradCAM with MaskRCNN outputs."),
        paper("uses-2", "Another study", "Heat maps from GRAD-CAM and boxes from Mask R-CNN."),
    ]
    m = find_mentions(papers)
    assert m.links["uses-1"] == ("gradcam", "maskrcnn")
    assert m.links["uses-2"] == ("gradcam", "maskrcnn")
    assert name_key("Mask R-CNN") == name_key("MaskRCNN") == "maskrcnn"


def test_plurals_link_but_ordinary_words_never_do():
    papers = [
        paper("select", "SELECT: A Benchmark of Curation", "We introduce a benchmark."),
        paper("rsmamba", "RSMamba: Remote Sensing", "A model."),
        paper("user", "A user", "We select images. Select ones beat two RSMambas trained apart."),
    ]
    assert find_mentions(papers).links["user"] == ("rsmamba",)


def test_a_dataset_title_claims_its_name():
    ds = paper("cityscapes", "The Cityscapes Dataset for Semantic Urban Scene Understanding", "Street scenes.")
    assert short_names(ds) == ("Cityscapes",)
    user = paper("user", "Segmenting streets", "We train on Cityscapes and test elsewhere.")
    assert find_mentions([ds, user]).links == {"user": ("cityscapes",)}


def test_two_spellings_claimed_by_two_papers_link_to_neither():
    papers = [paper("a", "RS-Mamba: One", "x."), paper("b", "RSMamba: Two", "y."),
              paper("c", "User", "We beat RSMamba.")]
    m = find_mentions(papers)
    assert m.links == {} and m.ambiguous


def test_compound_names_relate_to_their_parts():
    papers = [
        paper("rsmamba", "RSMamba for scene classification", "Selective scans over aerial scenes."),
        paper("mamba", "Mamba for aerial scene classification", "A selective scan model for aerial images."),
        paper("chest", "Chest radiograph triage", "Radiographs read quickly."),
        paper("tagged", "Chest radiograph reports", "Reports written by radiologists.", ("mamba",)),
    ]
    found = related_papers(papers + [paper("x", "Unrelated", "Nothing alike.", ("mamba",))], min_score=0.0)
    assert found["rsmamba"][0].slug == "mamba"
    assert "mamba" in found["rsmamba"][0].reason


def test_a_shared_tag_alone_does_not_outrank_shared_words():
    papers = [
        paper("a", "Hyperspectral unmixing of mineral spectra", "Endmember spectra of minerals.", ("remote",)),
        paper("b", "Hyperspectral mineral mapping", "Mineral spectra and endmember maps."),
        paper("c", "Urban traffic counting", "Cars counted in videos.", ("remote",)),
        paper("d", "Speech enhancement", "Noise removed from audio."),
    ]
    assert related_papers(papers, min_score=0.0)["a"][0].slug == "b"
