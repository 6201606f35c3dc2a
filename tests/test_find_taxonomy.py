"""Taxonomy rules that hold up (issue 13, item 5): one spelling of a prefixed word matches all three."""
from __future__ import annotations

import pytest

from site_src.links.tagmatch import Matcher, Rules, Tag, spelling_tokens


def _tags(words: list[str], acronyms: tuple[str, ...] = ()) -> Matcher:
    return Matcher([Tag("t", "T", "", "method", Rules(words=tuple(words), acronyms=acronyms))])


@pytest.mark.parametrize("rule", ["autoencoder", "auto-encoder", "auto encoder"])
@pytest.mark.parametrize("text", ["An autoencoder.", "An auto-encoder.", "Two auto encoders.", "AutoEncoder"])
def test_a_prefixed_word_matches_joined_hyphenated_and_spaced(rule, text):
    assert _tags([rule]).hits(text) == {0: 1}


@pytest.mark.parametrize("rule, text", [("multimodal", "multi-modal fusion"), ("pretraining", "pre-training"),
                                         ("self-supervised", "selfsupervised"), ("overfitting", "over-fitting")])
def test_more_prefixes(rule, text):
    assert _tags([rule]).hits(text) == {0: 1}


def test_a_split_only_adds_spellings():
    """A word that merely starts like a prefix ("present") still matches itself and no other word."""
    assert spelling_tokens(["autumn", "coding"]) == ["autumn", "coding"]
    matcher = _tags(["present", "precision"])
    assert matcher.hits("We present the precision.") == {0: 2}
    assert matcher.hits("We represent and preserve.") == {}


def test_acronyms_keep_their_exact_spelling():
    assert _tags([], acronyms=("MultiMAE",)).hits("multi-MAE and MultiMAE") == {0: 1}
