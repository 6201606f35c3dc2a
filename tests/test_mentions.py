"""Mentions: abstracts that name another survey paper by its own short name link to it."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from site_src.config import Config
from site_src.errors import Report
from site_src.links.mentions import TOKEN, Mentions, family_of, find_mentions, is_name_like, short_names
from site_src.model import Paper
from site_src.sources import read_sources
from site_src.sources.merge import merge_records

ROOT = Path(__file__).resolve().parent.parent

GRAD_CAM = "grad-cam-visual-explanations-from-deep-networks-via-gradient-based-localization"
CONVNEXT = "a-convnet-for-the-2020s"
DATACOMP = "datacomp-in-search-of-the-next-generation-of-multimodal-datasets"
SPARK = "designing-bert-for-convolutional-networks-sparse-and-hierarchical-masked"

# (mentioning paper, mentioned paper, the name the abstract uses), read off the abstracts.
TRUE_LINKS = [
    ("modeling-collaborator-enabling-subjective-vision-classification-with-minimal",
     "what-does-a-platypus-look-like-generating-customized-prompts-for-zero-shot", "CuPL"),
    ("building-variable-sized-models-via-learngene-pool", "stitchable-neural-networks", "SN-Net"),
    ("eigen-cam-class-activation-map-using-principal-components", GRAD_CAM, "Grad-CAM"),
    ("prompt-cam-making-vision-transformers-interpretable-for-fine-grained-analysis", GRAD_CAM, "Grad-CAM"),
    ("how-explainable-are-adversarially-robust-cnns", GRAD_CAM, "Grad-CAM"),  # written "GradCAM"
    ("grounded-language-acquisition-from-object-and-action-imagery", GRAD_CAM, "Grad-CAM"),
    ("deepmad-mathematical-architecture-design-for-deep-convolutional-neural-network", CONVNEXT, "ConvNeXt"),
    ("efficienttrain-exploring-generalized-curriculum-learning-for-training-visual", CONVNEXT, "ConvNeXt"),
    ("scalekd-strong-vision-transformers-could-be-excellent-teachers", CONVNEXT, "ConvNeXt"),  # as "ConvNeXt-T"
    (SPARK, CONVNEXT, "ConvNeXt"),
    ("effective-pruning-of-web-scale-datasets-based-on-complexity-of-concept-clusters", DATACOMP, "DataComp"),
    ("data-filtering-networks", DATACOMP, "DataComp-1B"),
    ("self-supervised-pre-training-with-contrastive-and-masked-autoencoder-methods", SPARK, "SparK"),
]

# Names many seed abstracts use without introducing them; some seed paper expands a few
# of them in parentheses ("Kolmogorov-Arnold Networks (KAN)"), which must not claim them.
GENERIC = ["CNN", "CNNs", "ViT", "ViTs", "CLIP", "LLMs", "GANs", "MLP", "SSL", "SOTA", "NLP", "AI", "KAN", "SSM", "EMA"]


@pytest.fixture(scope="module")
def papers() -> list[Paper]:
    report = Report()
    return merge_records(read_sources(Config(root=ROOT), report), report)


@pytest.fixture(scope="module")
def mentions(papers: list[Paper]) -> Mentions:
    return find_mentions(papers)


@pytest.mark.parametrize(("src", "dst", "name"), TRUE_LINKS)
def test_seed_abstract_links_to_the_paper_that_introduces_the_name(mentions: Mentions, src, dst, name) -> None:
    assert dst in mentions.links[src]
    assert src in mentions.mentioned_by[dst]
    assert mentions.via[(src, dst)] == name
    assert name in mentions.names[dst]


@pytest.mark.parametrize("name", GENERIC)
def test_generic_acronyms_in_seed_abstracts_never_link(papers: list[Paper], mentions: Mentions, name: str) -> None:
    users = [p for p in papers if name in TOKEN.findall(p.abstract)]
    assert users, f"{name} should occur in the seeds for this test to mean anything"
    assert name not in mentions.via.values()
    assert all(name not in names for names in mentions.names.values())


def test_seed_links_are_few_and_precise(papers: list[Paper], mentions: Mentions) -> None:
    pinned = {(src, dst) for src, dst, _ in TRUE_LINKS}
    unexpected = set(mentions.via) - pinned
    # Precision over recall: every link the seeds make is one a reader would agree with.
    assert not unexpected, unexpected
    assert all(src != dst for src, dst in mentions.via)
    assert list(mentions.links) == sorted(mentions.links)
    assert all(list(v) == sorted(v) for v in mentions.links.values())


def test_short_names_come_from_title_and_coining_phrases(papers: list[Paper]) -> None:
    by_slug = {p.slug: p for p in papers}
    assert short_names(by_slug["rsmamba-remote-sensing-image-classification-with-state-space-model"]) == ("RSMamba",)
    assert "CuPL" in short_names(by_slug["what-does-a-platypus-look-like-generating-customized-prompts-for-zero-shot"])
    assert "SN-Net" in short_names(by_slug["stitchable-neural-networks"])
    assert "ConvNeXt" in short_names(by_slug[CONVNEXT])  # "a family of pure ConvNet models dubbed ConvNeXt"
    assert short_names(by_slug["the-mame-dataset-on-the-relevance-of-high-resolution-and-variable-shape-image"]) == (
        "MAMe",
    )
    # A paper that merely uses SparK ("we propose the SparK pre-training for ...") does not claim it.
    assert "SparK" not in short_names(
        by_slug["self-supervised-pre-training-with-contrastive-and-masked-autoencoder-methods"]
    )


def paper(slug: str, title: str, abstract: str) -> Paper:
    return Paper(slug=slug, title=title, abstract=abstract)


def test_names_match_case_sensitively_on_whole_words() -> None:
    papers = [
        paper("simclr", "SimCLR: Contrastive Learning", "We present SimCLR, a simple framework."),
        paper("davit", "DaViT: Dual Attention", "A vision transformer."),
        paper("user", "A Study", "We extend G-SimCLR and simclr, compare with DaViTs and DaViT-based nets."),
    ]
    found = find_mentions(papers)
    assert found.links == {"user": ("davit",)}
    assert found.via[("user", "davit")] == "DaViT"


def test_a_name_two_papers_claim_links_to_neither() -> None:
    papers = [
        paper("a", "FooNet: One Thing", "We study one thing."),
        paper("b", "Another Thing", "We propose FooNet, a network for another thing."),
        paper("c", "A Third", "We compare against FooNet."),
    ]
    found = find_mentions(papers)
    assert found.links == {}
    assert found.ambiguous == {"FooNet": ("a", "b")}


def test_parenthesis_only_name_that_many_abstracts_use_is_generic() -> None:
    users = [paper(f"u{i}", f"Use {i}", "We train a Widget Net (WidNet) on images.") for i in range(4)]
    intro = paper("intro", "Widgets", "We introduce Widget Networks (WidNet) for images.")
    found = find_mentions([intro, *users])
    assert "WidNet" in found.generic
    assert found.links == {}


def test_paper_never_links_to_itself_and_suffixes_still_name() -> None:
    papers = [
        paper("cupl", "Platypus Prompts", "We introduce Customized Prompts via Language models (CuPL, pronounced couple). CuPL works."),
        paper("other", "Other", "CuPL-generated prompts and a CuPLx model help."),
    ]
    found = find_mentions(papers)
    assert found.links == {"other": ("cupl",)}
    assert found.mentioned_by == {"cupl": ("other",)}


@pytest.mark.parametrize(
    ("word", "expected"),
    [("RSMamba", True), ("Grad-CAM", True), ("E2GC", True), ("T-Stitch", True), ("Quilt-1M", True),
     ("Kolmogorov-Arnold", False), ("Selfie", False), ("3D", False), ("V2", False), ("eXplainable", False)],
)
def test_name_like(word: str, expected: bool) -> None:
    assert is_name_like(word) is expected


@pytest.mark.parametrize(("name", "family"), [
    ("YOLOv8", "YOLO"), ("LLaMA-2 7B", "LLaMA"), ("Llama 2", "Llama"), ("Swin-T", "Swin"), ("DINOv2", "DINO"),
    ("Mamba2", "Mamba"), ("DataComp-1B", "DataComp"), ("MobileNetV3-Large", "MobileNet"), ("Arsa++", "Arsa"),
    # not members: a word after the name, a digit inside it, too short a family, no capital
    ("COCO-Stuff", None), ("FAIR1M", None), ("E2GC", None), ("T5", None), ("LiTv2", None), ("Mask R-CNN", None),
    ("Real-ESRGAN", None), ("Qwen2.5-VL", None), ("stage-2", None),
])
def test_family_of_a_sized_or_versioned_name(name: str, family: str | None) -> None:
    assert family_of(name) == family


def _dated(slug: str, title: str, abstract: str, date: str) -> Paper:
    return Paper(slug=slug, title=title, abstract=abstract, date=dt.date.fromisoformat(date))


def test_a_family_name_links_to_its_one_sized_or_versioned_member() -> None:
    member = _dated("llava2", "LLaVA-2: Better Visual Instruction Tuning", "We improve a visual assistant.", "2023-10-05")
    user = _dated("user", "Grounded Chat", "We build on LLaVA for grounding; LLaVA answers questions.", "2024-02-01")
    found = find_mentions([member, user])
    assert found.links == {"user": ("llava2",)} and found.via[("user", "llava2")] == "LLaVA"


def test_a_family_with_two_members_or_its_own_paper_is_not_claimed_by_a_member() -> None:
    two = [_dated("v2", "LLaVA-2: Better Tuning", "x", "2023-10-05"), _dated("v3", "LLaVA-3: Even Better", "x", "2024-01-05"),
           _dated("user", "Grounded Chat", "We build on LLaVA.", "2024-06-01")]
    assert find_mentions(two).links == {}
    own = [_dated("v2", "LLaVA-2: Better Tuning", "x", "2023-10-05"),
           _dated("orig", "Llava: Visual Instruction Tuning", "A model.", "2023-04-01"),  # its title leads with it
           _dated("user", "Grounded Chat", "We build on LLaVA.", "2024-06-01")]
    assert "user" not in find_mentions(own).links


def test_a_members_name_links_to_the_paper_of_its_family() -> None:
    family = _dated("convx", "ConvX: A Convolutional Family", "We propose ConvX, a backbone.", "2022-01-10")
    users = [_dated("a", "Detection with Big Backbones", "We use ConvXv2 and ConvX-L.", "2023-03-01"),
             _dated("b", "Tuning Language Models", "We fine-tune ConvX 2 7B on images.", "2023-05-01"),
             # dated well before the family's paper: the same name is some other work's
             _dated("c", "An Older Paper", "We compare with ConvXv2.", "2020-01-01")]
    found = find_mentions([family, *users])
    assert found.mentioned_by["convx"] == ("a", "b")


def test_a_family_that_reads_as_a_word_is_named_only_through_its_members() -> None:
    member = _dated("stage2", "Stage-2: Two-Step Training", "A method.", "2023-01-01")
    users = [_dated("a", "Curriculum", "Stage one trains the head. Then the body.", "2024-01-01"),
             _dated("b", "Distillation", "Unlike Stage-2, we train once.", "2024-01-01")]
    assert find_mentions([member, *users]).mentioned_by.get("stage2") == ("b",)
