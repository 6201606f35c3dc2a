"""The build cache's encoding: papers and records written by orjson in one call come back as
they were, in the very bytes the general encoder writes (so a cache either wrote reads back)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from site_src.cache.codec import decode, encode, to_json
from site_src.cache.memo import Memo, load_memo
from site_src.errors import Problem, Report
from site_src.model import CrossLinks, Link, Paper, Record, SourceRef
from site_src.pipeline import _fingerprint

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)  # orjson refuses lone surrogates
texts = st.lists(text, max_size=3).map(tuple)
dates = st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
links = st.lists(st.builds(Link, st.sampled_from(["code", "project", "pdf"]), text), max_size=3).map(tuple)
refs = st.builds(SourceRef, text, st.integers(0, 10**6))
pairs = st.lists(st.tuples(text, text), max_size=3).map(tuple)
counts = st.none() | st.integers(0, 10**6)

papers = st.builds(
    Paper, slug=text, title=text, abstract=text, date=dates, author_count=counts, authors=texts, upvotes=counts,
    links=links, collections=texts, ids=pairs, venue=text, key=text, date_precision=st.sampled_from(["day", "year"]),
    kind=text, biblio=pairs, keywords=texts, more_authors=st.booleans(), sources=st.lists(refs, max_size=2).map(tuple),
    auto_tags=texts, user_tags=texts, vetoed_tags=texts, derived_tags=texts, notes=text, path=text)
records = st.builds(
    Record, title=text, abstract=text, source=refs, collection=text, date=dates, author_count=counts, authors=texts,
    upvotes=counts, links=links, ids=pairs, venue=text, key=text, kind=text, biblio=pairs, keywords=texts,
    more_authors=st.booleans())


def general(value: object) -> bytes:
    return orjson.dumps(encode(value), option=orjson.OPT_NON_STR_KEYS)


@settings(max_examples=150, deadline=None)
@given(st.one_of(papers, st.lists(records, max_size=4).map(tuple), texts))
def test_papers_records_and_tags_are_written_as_the_general_encoder_writes_them(value: object):
    written = to_json(value)
    assert written == general(value)
    assert decode(orjson.loads(written)) == value


slugs = st.dictionaries(text, st.lists(st.tuples(text, text), max_size=3).map(tuple), max_size=4)


@settings(max_examples=50, deadline=None)
@given(st.builds(CrossLinks, slugs, st.dictionaries(text, texts, max_size=4), slugs))
def test_cross_links_are_written_as_the_general_encoder_writes_them(links: CrossLinks):
    assert to_json(links) == general(links)
    assert decode(orjson.loads(to_json(links))) == links


def test_a_value_of_another_shape_takes_the_general_encoder():
    value = ({"a": 1}, dt.date(2024, 1, 2), [Problem("x.txt", 3, "odd")])
    assert to_json(value) == general(value)


def test_a_saved_memo_reads_back_with_its_values_and_problems(tmp_path: Path):
    paper = Paper(slug="alpha", title="Alpha", abstract="Alpha does things.", date=dt.date(2024, 5, 1),
                  links=(Link("code", "https://github.com/a/alpha"),), sources=(SourceRef("seeds/a.txt", 3),))
    memo = Memo(code="x")
    report = Report()
    memo.call("page", "alpha|1|2", lambda r: (r.warn("content/papers/alpha.md", 2, "odd"), paper)[1], report)
    memo.call("source", "seeds/a.txt|1", lambda r: (Record("Alpha", "", SourceRef("seeds/a.txt", 3), "a"),), report)
    memo.save(tmp_path)
    json.loads((tmp_path / "build-v5.json").read_text(encoding="utf-8"))  # one JSON document
    again = load_memo(tmp_path, Report(), "x")
    replayed = Report()
    assert again.call("page", "alpha|1|2", lambda r: None, replayed) == paper
    assert [p.message for p in replayed.problems] == ["odd"]
    assert again.call("source", "seeds/a.txt|1", lambda r: (), Report())[0].title == "Alpha"


def test_a_fingerprint_tells_papers_apart_and_takes_a_lone_surrogate():
    a = Paper(slug="a", title="A", abstract="x")
    assert _fingerprint(a, (), (), (), Report()) == _fingerprint(Paper(slug="a", title="A", abstract="x"), (), (), (), Report())
    assert _fingerprint(a, (), (), (), Report()) != _fingerprint(a, (("b", "B"),), (), (), Report())
    odd = Paper(slug="a", title="A \ud800", abstract="x")
    assert _fingerprint(odd, (), (), (), Report()) != _fingerprint(a, (), (), (), Report())
