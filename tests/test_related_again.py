"""Related papers updated after a change (the dev server's path) are the related papers made from
scratch: random sequences of added, removed and edited papers over a few shared words and tags,
on a grid of statistics fine enough, and candidate lists short enough, that small surveys cross
grid points, change the kept vocabulary and run out of kept candidates."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from site_src.errors import Report
from site_src.links import related, related_again
from site_src.links.crosslinks import LastScan, cross_links, paper_parts
from site_src.links.related import paper_terms, related_papers
from site_src.links.related_again import RelatedState
from site_src.model import Paper

WORDS = ["mamba", "state", "space", "remote", "sensing", "scene", "pathology", "slide", "whole", "instance",
         "distillation", "dataset", "prompt", "clip", "token", "pruning", "segmentation", "medical", "hyperspectral",
         "tracking", "video", "graph", "RSMamba", "GradCAM", "Grad-CAM", "diffusion", "the", "of", "for"]
TAGS = ["mamba", "remote-sensing", "medical", "clip", "pruning", "video", "distillation"]


@pytest.fixture(autouse=True)
def small_scale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Counts on the grid from 2 on, few candidates with a small margin, few terms per pruned vector."""
    monkeypatch.setattr(related, "EXACT_UP_TO", 2)
    for module in (related, related_again):
        monkeypatch.setattr(module, "_CANDIDATES", 4)
        monkeypatch.setattr(module, "_PRUNED_TERMS", 5)
    monkeypatch.setattr(related_again, "_MARGIN", 2)
    monkeypatch.setattr(related_again, "FULL_SHARE", 1.0)
    yield


def text(draw: st.DrawFn, least: int, most: int) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=least, max_size=most)))


@st.composite
def papers(draw: st.DrawFn, slug: str) -> Paper:
    tags = tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True)))
    return Paper(slug=slug, title=text(draw, 1, 5), abstract=text(draw, 0, 14), auto_tags=tags)


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Paper], list[list[Paper]]]:
    """A survey of 20 to 30 papers (the paper count then stays on one grid point a while), then each
    state after an addition, a removal, or an edit of a title, an abstract or the tags."""
    made = iter(range(10_000))
    start = [draw(papers(f"p{next(made):03}")) for _ in range(draw(st.integers(20, 30)))]
    states, now = [], list(start)
    for _ in range(draw(st.integers(1, 6))):
        change = draw(st.sampled_from(["add", "add", "remove", "title", "abstract", "tags"]))
        if change == "add":
            now.insert(draw(st.integers(0, len(now))), draw(papers(f"p{next(made):03}")))
            continue
        i = draw(st.integers(0, len(now) - 1))
        if change == "remove":
            now.pop(i)
        elif change == "title":
            now[i] = replace(now[i], title=text(draw, 1, 5))
        elif change == "abstract":
            now[i] = replace(now[i], abstract=text(draw, 0, 14))
        else:
            now[i] = replace(now[i], auto_tags=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True))))
        states.append(list(now))
    return start, states or [list(now)]


def again(state: list[Paper], last: RelatedState | None) -> tuple[dict[str, tuple[related.Related, ...]], RelatedState]:
    return related_again.related_again(state, [paper_terms(p) for p in state], last)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(histories())
def test_related_papers_made_again_are_those_made_from_scratch(history: tuple[list[Paper], list[list[Paper]]]):
    start, states = history
    found, last = again(start, None)
    assert found == related_papers(start)
    for state in states:
        note(f"{[(p.slug, p.title, p.abstract, p.auto_tags) for p in state]}")
        found, last = again(state, last)
        assert found == related_papers(state)


def survey() -> list[Paper]:
    topics = [("Mamba state space", "mamba"), ("Remote sensing scene", "remote-sensing"),
              ("Whole slide pathology", "medical"), ("CLIP prompt token", "clip")]
    return [Paper(slug=f"p{i:02}", title=f"{topics[i % 4][0]} {WORDS[i % 20]}",
                  abstract=f"{topics[(i + 1) % 4][0]} {WORDS[(3 * i) % 26]} {WORDS[(7 * i) % 26]} for {topics[i % 4][0]}",
                  auto_tags=(topics[i % 4][1],)) for i in range(24)]


def test_an_addition_updates_the_kept_state_in_place_and_moves_few_vectors() -> None:
    papers = survey()
    _, last = again(papers, None)
    added = [*papers, Paper(slug="p99", title="Remote sensing graph tracking", abstract="Remote sensing video.",
                            auto_tags=("remote-sensing",))]
    found, state = again(added, last)
    assert state is last  # the update, not a new start
    assert found == related_papers(added) and found["p99"]
    removed = added[1:]
    found, state = again(removed, state)
    assert state is last and found == related_papers(removed) and "p00" not in found


def test_a_moved_paper_count_makes_everything_again() -> None:
    papers = survey()
    _, last = again(papers, None)
    more = [*papers, *(replace(p, slug=p.slug + "b") for p in papers[:6])]  # 24 -> 30: another grid point
    found, state = again(more, last)
    assert state is not last and found == related_papers(more)


def test_cross_links_keep_the_related_state_and_match_a_clean_build() -> None:
    papers = survey()
    last = LastScan()
    made = cross_links(papers, Report(), parts=[paper_parts(p) for p in papers], last=last)
    assert made == cross_links(papers, Report()) and last.related is not None
    kept = last.related
    edited = [replace(papers[0], abstract="Hyperspectral pathology slide segmentation."), *papers[1:]]
    assert cross_links(edited, Report(), parts=[paper_parts(p) for p in edited], last=last) == cross_links(edited, Report())
    assert last.related is kept


def test_a_removed_paper_leaves_the_lists_it_was_in_even_when_nothing_else_changed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # nine papers on tracking, each the others' every candidate (eight, all kept); one removed moves no
    # rounded count (9 and 8 are one grid point), so their lists only lose it (found by the property test)
    for module in (related, related_again):
        monkeypatch.setattr(module, "_CANDIDATES", 8)
    group = [Paper(slug=f"t{i}", title=f"Tracking {WORDS[i]}", abstract="Tracking.") for i in range(9)]
    others = [Paper(slug=f"u{i:02}", title=f"Graph token {WORDS[9 + i % 9]}", abstract="Graph.") for i in range(15)]
    _, last = again(group + others, None)
    fewer = group[1:] + others
    found, state = again(fewer, last)
    assert state is last and found == related_papers(fewer)
    assert all("t0" not in [r.slug for r in rs] for rs in found.values())
