"""The taxonomy file, the rules that tag papers, and the seed corpus tagged with them."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from site_src.config import Config
from site_src.errors import BuildError, Report
from site_src.links.taxonomy import (
    assign_tags,
    breadth_report,
    check_tag_names,
    derived_tags,
    load_taxonomy,
    tag_evidence,
)
from site_src.model import Link, Paper
from site_src.sources import read_sources
from site_src.sources.merge import merge_records

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yaml", "taxonomy.yaml")


@pytest.fixture(scope="module")
def seeds():
    report = Report()
    return merge_records(read_sources(Config(root=ROOT), report), report)


@pytest.fixture(scope="module")
def seed_tags(taxonomy, seeds):
    return {p.slug: assign_tags(taxonomy, p.title, p.abstract) for p in seeds}


# title -> (seed files it is in, tags it must carry, tags it must not carry)
PINNED = {
    "RSMamba: Remote Sensing Image Classification with State Space Model":
        ("000", {"remote-sensing", "mamba", "image-classification"}, {"medical-imaging", "vision-transformer"}),
    "Rethinking Multiple Instance Learning for Whole Slide Image Classification: A Good Instance "
    "Classifier is All You Need":
        ("000", {"multiple-instance", "histopathology", "image-classification"}, {"remote-sensing", "dataset"}),
    "LoLDU: Low-Rank Adaptation via Lower-Diag-Upper Decomposition for Parameter-Efficient Fine-Tuning":
        ("000", {"peft", "transfer-learning"}, {"continual-learning"}),
    "DEArt: Dataset of European Art": ("000", {"art-culture", "dataset"}, {"survey"}),
    "Medical Image Classification with KAN-Integrated Transformers and Dilated Neighborhood Attention":
        ("000", {"kan", "medical-imaging", "image-classification"}, {"mamba"}),  # Mamba only mentioned once
    "Dropout is NOT All You Need to Prevent Gradient Leakage": ("000", {"privacy", "optimization"}, {"dataset"}),
    "Deep Class-Incremental Learning: A Survey": ("001", {"continual-learning", "survey"}, {"dataset"}),
    "CvT: Introducing Convolutions to Vision Transformers": ("001", {"vision-transformer", "cnn"}, {"survey"}),
    "CLOFAI: A Dataset of Real And Fake Image Classification Tasks for Continual Learning":
        ("001", {"continual-learning", "dataset"}, {"survey"}),
    "A ConvNet for the 2020s": ("002", {"cnn", "vision-transformer"}, {"dataset", "survey"}),
    "Computation-Efficient Era: A Comprehensive Survey of State Space Models in Medical Image Analysis":
        ("002", {"mamba", "medical-imaging", "survey"}, {"dataset"}),
    "Predicting Stock Market Time-Series Data using CNN-LSTM Neural Network Model":
        ("002", {"tabular-timeseries", "cnn"}, {"image-classification"}),
    "Quilt-1M: One Million Image-Text Pairs for Histopathology":
        ("003", {"histopathology", "clip", "dataset"}, {"survey"}),
    "FAIR1M: A Benchmark Dataset for Fine-grained Object Recognition in High-Resolution Remote Sensing Imagery":
        ("003", {"remote-sensing", "fine-grained", "dataset"}, {"medical-imaging", "art-culture"}),
    "A Benchmark Study on Calibration": ("003", {"calibration", "benchmark"}, {"dataset"}),
    "Your Diffusion Model is Secretly a Zero-Shot Classifier":
        ("004", {"diffusion-model", "zero-shot"}, {"gan", "dataset"}),
    "Mamba-FSCIL: Dynamic Adaptation with Selective State Space Model for Few-Shot Class-Incremental Learning":
        ("004", {"mamba", "few-shot", "continual-learning"}, {"remote-sensing"}),
    "Melanoma Detection using Adversarial Training and Deep Transfer Learning":
        ("004", {"medical-imaging", "robustness"}, {"gan"}),
}


def test_pinned_papers_cover_every_seed_file_and_facet(taxonomy):
    assert {files for files, _, _ in PINNED.values()} == {"000", "001", "002", "003", "004"}
    facets = {taxonomy.facet_of(tag).id for _, must, _ in PINNED.values() for tag in must}
    assert facets == {f.id for f in taxonomy.facets}


@pytest.mark.parametrize("title", sorted(PINNED))
def test_pinned_paper_tags(title, seeds, seed_tags):
    files, must, must_not = PINNED[title]
    paper = next(p for p in seeds if p.title == title)
    assert any(c.startswith(files) for c in paper.collections)
    tags = set(seed_tags[paper.slug])
    assert must <= tags, f"missing {must - tags}"
    assert not tags & must_not


def test_every_seed_paper_has_a_topical_tag(taxonomy, seeds, seed_tags):
    untagged = [p.title for p in seeds if not set(seed_tags[p.slug]) & taxonomy.topical_tags]
    assert untagged == []


def test_no_tag_is_on_more_than_40_percent_of_seeds(taxonomy, seed_tags):
    assert len(seed_tags) == 319
    assert breadth_report(taxonomy, seed_tags) == []
    every_tag_used = {t for tags in seed_tags.values() for t in tags}
    assert len(every_tag_used) > 0.8 * len(taxonomy.tags)


def test_tags_come_in_taxonomy_order(taxonomy, seed_tags):
    order = list(taxonomy.tags)
    for tags in seed_tags.values():
        assert list(tags) == sorted(tags, key=order.index)


def test_breadth_report_names_a_broad_tag(taxonomy):
    papers = {f"p{i}": ("cnn",) if i < 5 else ("mamba",) for i in range(10)}
    warnings = breadth_report(taxonomy, papers, limit=0.4)
    assert len(warnings) == 2 and "'cnn'" in warnings[0] and "5 of 10" in warnings[0]


# --- the rules, on a small taxonomy ----------------------------------------------------

RULES = """\
facets:
  - id: method
    name: Method
    tags:
      - id: ssm
        name: State space models
        words: [state space model, mamba]
        acronyms: [SSM]
      - id: vit
        name: ViT
        acronyms: [ViT]
        words: [vision transformer]
        min_hits: 2
      - id: tuning
        name: Tuning
        words: [fine-tuning]
      - id: diffusion
        name: Diffusion
        words: [diffusion]
        exclude: [label diffusion]
      - id: data
        name: Dataset
        title_words: [dataset]
        patterns: ['we (?:release|present) (?:\\S+ ){0,3}?dataset']
"""


@pytest.fixture()
def small(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(RULES, encoding="utf-8")
    return load_taxonomy(path, "taxonomy.yaml")


@pytest.mark.parametrize("title, expected", [
    ("A State-Space Models study", ("ssm",)),
    ("SSMs for images", ("ssm",)),
    ("ssm in lower case is not the acronym", ()),
    ("Classmates and SSMBench are not SSM words", ("ssm",)),
    ("\\textbf{Mamba} rules", ("ssm",)),
    ("Finetuning, fine tuning and Fine-Tuning", ("tuning",)),
    ("VIT is not ViT", ("vit",)),
    ("Label diffusion on graphs", ()),
    ("Label diffusion and a diffusion model", ("diffusion",)),
    ("A Dataset for cats", ("data",)),
    ("Café “Mamba” naïve", ("ssm",)),
])
def test_title_rules(small, title, expected):
    assert assign_tags(small, title, "") == expected


def test_abstract_needs_min_hits_and_ignores_title_words(small):
    assert assign_tags(small, "T", "We use a ViT.") == ()
    assert assign_tags(small, "T", "We use a ViT, a vision transformer.") == ("vit",)
    assert assign_tags(small, "T", "Trained on the dataset.") == ()
    assert assign_tags(small, "T", "Here we release a large new dataset.") == ("data",)


def test_a_phrase_inside_a_longer_one_counts_once(small):
    assert tag_evidence(small, "", "Vision Transformers (ViTs) and Mamba.", "vit") == ["Vision Transformer", "ViT"]
    assert tag_evidence(small, "state space model", "", "ssm") == ["state space model"]


def test_non_ascii_text_keeps_offsets(small):
    abstract = "İstanbul’s ViT — and a ViT-like vision transformer."
    assert assign_tags(small, "", abstract) == ("vit",)
    assert tag_evidence(small, "", abstract, "vit") == ["ViT", "ViT", "vision transformer"]


# --- errors --------------------------------------------------------------------------

BROKEN = """\
facets:
  - id: task
    name: Task
    colour: red
    tags:
      - id: seg
        name: Segmentation
        words: [segmentation]
      - id: seg
        name: Segmentation again
      - id: Bad Id
        name: Bad
      - id: nameless
        words: [x]
      - id: regex
        name: Regex
        patterns: ['(unclosed', 'Upper']
        min_hits: 0
"""


def test_every_problem_is_reported_with_its_line(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_taxonomy(path, "taxonomy.yaml")
    problems = {(p.line, p.message.split(" ")[0]) for p in caught.value.problems}
    assert all(p.path == "taxonomy.yaml" for p in caught.value.problems)
    lines = sorted(p.line for p in caught.value.problems)
    assert lines == [4, 9, 11, 13, 17, 17, 18], caught.value.problems
    messages = str(caught.value)
    assert "taxonomy.yaml:4: unknown key 'colour'" in messages
    assert "taxonomy.yaml:9: tag 'seg' is defined twice (first on line 6" in messages
    assert "try 'bad-id'" in messages
    assert "taxonomy.yaml:13: missing 'name'" in messages
    assert "bad regular expression '(unclosed'" in messages
    assert "lower case" in messages
    assert "taxonomy.yaml:18: 'min_hits'" in messages
    assert problems


def test_yaml_syntax_error_has_its_line(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text("facets:\n  - id: a\n    name: [unclosed\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_taxonomy(path, "taxonomy.yaml")
    assert caught.value.problems[0].line >= 3


def test_missing_file(tmp_path):
    with pytest.raises(BuildError, match="taxonomy file not found"):
        load_taxonomy(tmp_path / "nope.yaml", "nope.yaml")


def test_built_in_facets_cannot_be_redefined(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(textwrap.dedent("""\
        facets:
          - id: year
            name: Year
            tags:
              - id: year-1999
                name: 1999
        """), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_taxonomy(path, "t.yaml")
    assert sorted(p.line for p in caught.value.problems) == [2, 5, 6]


# --- derived tags and names ----------------------------------------------------------

def test_derived_tags_and_their_names(taxonomy):
    paper = Paper(slug="p", title="T", abstract="", date=dt.date(2024, 5, 1),
                  links=(Link("code", "https://example.org/x"),), collections=("000_a7c0", "my list"))
    tags = derived_tags(paper)
    assert tags == ("year-2024", "has-code", "collection-000-a7c0", "collection-my-list")
    names = {"000_a7c0": "Image classification", "my list": "Mine"}
    assert [taxonomy.describe(t, names).name for t in tags] == ["2024", "Has code", "Image classification", "Mine"]
    assert [taxonomy.facet_of(t).id for t in tags] == ["year", "code", "collection", "collection"]
    assert taxonomy.facet_of("mamba").id == "method" and taxonomy.describe("mamba").name.startswith("Mamba")
    assert taxonomy.facet_of("nonsense") is None
    assert derived_tags(Paper(slug="q", title="T", abstract="")) == ()


def test_unknown_tag_names_get_a_suggestion(taxonomy):
    problems = check_tag_names(taxonomy, ["mamba", "year-2021", "has-code", "mamaba", "zzzz-qqq"],
                               "content/papers/x.md", line=3)
    assert [str(p) for p in problems] == [
        "content/papers/x.md:3: warning: tag 'mamaba' is not in the taxonomy (did you mean 'mamba'?)",
        "content/papers/x.md:3: warning: tag 'zzzz-qqq' is not in the taxonomy (add it to the taxonomy file)",
    ]
