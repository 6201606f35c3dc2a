"""Mentions found again after a change, scanning only the abstracts it could show in, are the
mentions found from scratch: random sequences of added, removed and edited papers whose names
collide, come in families (YOLO, YOLOv8), run over several words (Mask R-CNN), take plurals and
are written with and without hyphens."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from site_src.errors import Report
from site_src.links.crosslinks import LastScan, cross_links, paper_parts
from site_src.links.mention_scan import find_mentions_again
from site_src.links.mentions import Mentions, find_mentions, paper_names
from site_src.model import Paper

# names a title or an abstract may claim, and other ways an abstract may write them
NAMES = ["YOLO", "YOLOv8", "YOLOv5", "Llama", "Llama 2", "LLaMA-2 7B", "Mask R-CNN", "MaskRCNN", "Mask-RCNN",
         "Mask DINO", "RSMamba", "RS-Mamba", "RSMamba-L", "Grad-CAM", "GradCAM", "Stage", "Stage2", "SN-Net", "CuPL",
         "Mamba", "Mamba2", "ConvNeXt", "ConvNeXt-T", "DataComp", "Cityscapes", "FAIR1M", "Addition", "Swin", "Swin-T"]
SPELLINGS = ["Mask RCNN", "mask-rcnn", "RS Mamba", "RSMambas", "Stage 2", "Stage one", "Llama 2 7B", "LLaMA-2",
             "YOLOv8s", "Swin-B", "Swin v2", "ConvNeXt V2", "Grad CAM", "CuPL-generated", "Mamba-based", "DataComp-1B"]
USES = ["{n}", "{n}s", "{n}-based", "{n} v2", "{n}-L", "{n} 2", "{n}-generated", "the {n} model"]
WORDS = ["state", "space", "model", "stage", "one", "addition", "mask", "scene", "Benchmark", "Dataset", "NET",
         "Additionally", "Additions", "additions", "Stages", "masks", "Masking", "Stage", "Mask", "2", "v2", "7B"]


@st.composite
def titles(draw: st.DrawFn, names: list[str]) -> str:
    name, words = draw(st.sampled_from(names)), " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))
    return draw(st.sampled_from([f"{name}: {words} for Vision", f"The {name} Dataset of {words}",
                                 f"Learning {words} ({name}) at Scale", f"{name} Benchmark {words}",
                                 f"On {words} in Images"]))


@st.composite
def abstracts(draw: st.DrawFn, names: list[str]) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(names))
        use = draw(st.sampled_from([*(u.format(n=name) for u in USES), *SPELLINGS]))
        words = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=3)))
        sentences.append(draw(st.sampled_from([
            f"We propose {name}, a {words} model.", f"Our approach, which we call {name}, helps.",
            f"We introduce a {words} network ({name}) for scenes.", f"It beats {use} on {words}.",
            f"In addition, {use} and {words} are compared.", f"Then {use}.",
        ])))
    return " ".join(sentences)


@st.composite
def papers(draw: st.DrawFn, slug: str, names: list[str]) -> Paper:
    date = dt.date(2020, 1, 1) + dt.timedelta(days=draw(st.integers(0, 5 * 365)))
    return Paper(slug=slug, title=draw(titles(names)), abstract=draw(abstracts(names)),
                 date=draw(st.sampled_from([date, None])))


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Paper], list[list[Paper]]]:
    """A survey, then each state after an addition, a removal or an edit of a title or an abstract
    (over a few names drawn for the whole history, so that they collide)."""
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    made = iter(range(10_000))
    start = [draw(papers(f"p{next(made)}", names)) for _ in range(draw(st.integers(1, 8)))]
    states, now = [], list(start)
    for _ in range(draw(st.integers(1, 6))):
        change = draw(st.sampled_from(["add", "remove", "abstract", "title"] if now else ["add"]))
        if change == "add":
            now.insert(draw(st.integers(0, len(now))), draw(papers(f"p{next(made)}", names)))
        else:
            i = draw(st.integers(0, len(now) - 1))
            if change == "remove":
                now.pop(i)
            elif change == "abstract":
                now[i] = replace(now[i], abstract=draw(abstracts(names)))
            else:
                now[i] = replace(now[i], title=draw(titles(names)))
        states.append(list(now))
    return start, states


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(histories())
def test_mentions_found_again_are_the_mentions_found_from_scratch(history: tuple[list[Paper], list[list[Paper]]]):
    start, states = history
    kept = {p.slug: ((p.title, p.abstract), paper_names(p)) for p in start}
    found, scan = find_mentions_again(start, [kept[p.slug][1] for p in start])
    assert found == find_mentions(start)
    for step, state in enumerate(states):
        for p in state:
            # the caller keeps each unchanged paper's part (the very object, as the dev server does;
            # an equal one every other step, as after a page was read again)
            if step % 2 or kept.get(p.slug, (None,))[0] != (p.title, p.abstract):
                kept[p.slug] = ((p.title, p.abstract), paper_names(p))
        found, scan = find_mentions_again(state, [kept[p.slug][1] for p in state], scan)
        note(f"{[(p.slug, p.title, p.abstract) for p in state]}")
        assert found == find_mentions(state)


def _again(before: list[Paper], after: list[Paper]) -> tuple[Mentions, Mentions]:
    """Mentions of ``after`` found again from the scan of ``before``, and found from scratch."""
    _, scan = find_mentions_again(before, [paper_names(p) for p in before])
    return find_mentions_again(after, [paper_names(p) for p in after], scan)[0], find_mentions(after)


def test_a_name_claimed_by_a_new_paper_links_the_abstracts_that_used_it_before():
    user = Paper("user", "On Scenes", "In addition, RSMambas beat Mask R-CNN on scenes.")
    other = Paper("other", "Learning Scenes", "A plain abstract about scenes.")
    papers = [user, other]
    assert find_mentions(papers).links == {}
    added = [*papers, Paper("rsmamba", "RSMamba: Remote Sensing", "We propose RSMamba, a model."),
             Paper("maskrcnn", "Mask R-CNN: Instances", "Masks for objects.")]
    again, fresh = _again(papers, added)
    assert again == fresh and again.links == {"user": ("maskrcnn", "rsmamba")}
    again, fresh = _again(added, added[:3])
    assert again == fresh and again.links == {"user": ("rsmamba",)}


def test_a_new_name_of_several_words_makes_others_starting_alike_found_written_apart():
    # "Mask DINO" makes "Mask" start a name of two words: "Mask RCNN" is then read as MaskRCNN
    claims, user = Paper("a", "MaskRCNN: Instances", "Masks."), Paper("u", "On Scenes", "Then Mask RCNN wins.")
    again, fresh = _again([claims, user], [claims, user, Paper("b", "Mask DINO: Detection", "Boxes.")])
    assert again == fresh and again.links == {"u": ("a",)}
    # with "Mask DINO" there, "Mask Foo BAR" makes it three words: "Mask R CNN" is read as MaskRCNN
    two, user = Paper("b", "Mask DINO: Detection", "Boxes."), Paper("u", "On Scenes", "Then Mask R CNN wins.")
    again, fresh = _again([claims, two, user], [claims, two, user, Paper("c", "Mask Foo BAR: Bars", "Bars.")])
    assert again == fresh and again.links == {"u": ("a",)}


def test_a_new_name_is_found_where_a_lower_case_word_starts_it():
    # "Mask DINO" makes "mask" start names of two words: "mask R-CNN" names a MaskRCNN added later
    two, user = Paper("d", "Mask DINO: Detection", "Boxes."), Paper("u", "On Scenes", "Then mask R-CNN wins.")
    again, fresh = _again([two, user], [two, user, Paper("a", "MaskRCNN: Instances", "Masks.")])
    assert again == fresh and again.links == {"u": ("a",)}


def test_a_family_claimed_by_its_own_name_is_found_without_a_member():
    # "Stage" was Stage2's family, named only through members; a dataset now claims it by name
    member, user = Paper("s2", "Stage2: Two Stages", "Models."), Paper("v", "On Scenes", "Stage one trains it.")
    again, fresh = _again([member, user], [member, user, Paper("s", "The Stage Dataset of Scenes", "Images.")])
    assert again == fresh and again.links == {"v": ("s",)}


def test_a_name_spelled_anew_is_the_name_found():
    user = Paper("w", "On Scenes", "Then RSMamba wins.")
    before, after = Paper("r", "RSMamba: Remote Sensing", "Models."), Paper("r", "RSMAMBA: Remote Sensing", "Models.")
    again, fresh = _again([before, user], [after, user])
    assert again == fresh and again.via == {("w", "r"): "RSMAMBA"}


def test_a_new_name_is_found_in_plurals_and_capitalised_words_but_not_read_into_ordinary_ones():
    # "Addition" (a benchmark's name) against "In addition", "Additionally", "Additions", "Addition"
    users = [Paper("u1", "On Scenes", "In addition, additions and Additionally help."),
             Paper("u2", "On Scenes", "Additions help."), Paper("u3", "On Scenes", "Then Addition helps.")]
    again, fresh = _again(users, [*users, Paper("b", "Addition Benchmark 1: Scenes", "Images.")])
    assert again == fresh and again.links == {"u2": ("b",), "u3": ("b",)}


def test_a_member_only_family_given_up_lets_a_lower_case_word_start_a_name_again():
    # "Stage" is Stage2's family, named only through members: "stage" stops there, and "stage NET" is
    # not read as "Stage NET" until a second member (Stage3) leaves the family unclaimed
    papers = [Paper("a", "Stage2: Two Steps", "Models."), Paper("b", "Stage NET: Nets", "Nets."),
              Paper("u", "On Scenes", "Then stage NET wins.")]
    assert find_mentions(papers).links == {}
    again, fresh = _again(papers, [*papers, Paper("c", "Stage3: Three Steps", "Models.")])
    assert again == fresh and again.links == {"u": ("b",)}


def test_cross_links_with_the_last_scan_handed_in_are_the_cross_links_made_afresh():
    papers = [Paper("a", "RSMamba: Remote Sensing", "We propose RSMamba, a model."),
              Paper("b", "Tracking Scenes", "We track with RSMamba-L models and Grad-CAM maps."),
              Paper("c", "Grad-CAM: Visual Explanations", "We propose Grad-CAM, a map.")]
    last = LastScan()
    made = cross_links(papers, Report(), parts=[paper_parts(p) for p in papers], last=last)
    assert made == cross_links(papers, Report()) and last.scan is not None
    assert dict(made.mentions)["b"] == (("a", "RSMamba"), ("c", "Grad-CAM"))
    fewer = papers[1:]
    assert cross_links(fewer, Report(), parts=[paper_parts(p) for p in fewer], last=last) == cross_links(fewer, Report())
