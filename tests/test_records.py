"""Hand-written YAML/JSON paper lists: fields read, every mistake named by file, line and field."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_src import yamlio
from site_src.config import Config
from site_src.errors import Report
from site_src.model import Link
from site_src.sources import records

DATA = Path(__file__).parent / "data"


def read(path: Path, shown: str) -> tuple[list, Report]:
    report = Report()
    return records.read(path, shown, Config(root=path.parent), report), report


def where(report: Report) -> list[tuple[int, str]]:
    return sorted((p.line, p.message.split(":")[0]) for p in report.problems)


YAML = "tests/data/records_mixed.yaml"
JSON = "tests/data/records_mixed.json"


def test_yaml_good_fields_are_read():
    got, _ = read(DATA / "records_mixed.yaml", YAML)
    by_title = {r.title: r for r in got}
    assert sorted(by_title) == ["Attention Is All You Need", "Deep Residual Learning", "Month Only", "Year Only"]
    att = by_title["Attention Is All You Need"]
    assert att.date == dt.date(2017, 6, 12)
    assert att.authors == ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar") and att.author_count == 3
    assert att.upvotes == 12 and att.venue == "NeurIPS 2017" and att.key == "vaswani2017attention"
    assert dict(att.ids) == {"doi": "10.48550/arXiv.1706.03762", "arxiv": "1706.03762"}
    assert att.links == (Link("project", "https://example.org/transformer"),
                         Link("code", "https://github.com/tensorflow/tensor2tensor"))
    assert att.source.path == YAML and att.source.line == 3 and att.collection == "records_mixed"

    resnet = by_title["Deep Residual Learning"]
    assert resnet.date is None and resnet.author_count == 4 and resnet.authors == ()
    assert resnet.links == (Link("code", "https://github.com/KaimingHe/deep-residual-networks"),)
    assert by_title["Month Only"].date == dt.date(2021, 3, 1)
    assert by_title["Year Only"].date == dt.date(2019, 1, 1)
    assert by_title["Year Only"].links == (Link("code", "https://github.com/x/y"),
                                           Link("project", "https://y.github.io/site"))


def test_yaml_errors_name_line_and_field():
    _, report = read(DATA / "records_mixed.yaml", YAML)
    assert not report.warnings
    assert where(report) == [
        (13, "'title'"), (13, "paper without a title; skipped (add 'title"),
        (16, "'date'"), (19, "'title'"), (19, "paper without a title; skipped (add 'title"),
        (22, "'authors'"), (23, "'upvotes'"), (24, "'colour'"), (28, "paper #7 must be a mapping of fields (title, abstract, ...), got text; skipped"),
    ]
    messages = {str(p) for p in report.problems}
    assert f"{YAML}:13: 'title': must be text, got yes/no (put it in quotes)" in messages
    assert f"{YAML}:16: 'date': 'tomorrow' is not a date (write YYYY-MM-DD, YYYY-MM or a year)" in messages
    assert f"{YAML}:19: 'title': must be text, got a list (put it in quotes)" in messages
    assert f"{YAML}:23: 'upvotes': must be a whole number of 0 or more, got -1" in messages


def test_json_reads_the_same_papers_with_its_own_lines():
    from_yaml, _ = read(DATA / "records_mixed.yaml", YAML)
    from_json, report = read(DATA / "records_mixed.json", JSON)

    def strip(r):
        return dataclasses.replace(r, source=None)
    assert [strip(r) for r in from_json] == [strip(r) for r in from_yaml]
    assert [r.source.line for r in from_json] == [4, 24, 38, 45]
    assert where(report)[:3] == [(20, "'title'"), (20, "paper without a title; skipped (add 'title"), (25, "'date'")]
    assert (52, "paper #7 must be a mapping of fields (title, abstract, ...), got text; skipped") in where(report)


def test_json_that_yaml_cannot_read(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('[\n\t{\n\t\t"title": "Smile \\ud83d\\ude00",\n\t\t"date": "2020-02-30"\n\t}\n]\n')
    got, report = read(path, "p.json")
    assert [r.title for r in got] == ["Smile \U0001F600"]
    assert [str(p) for p in report.problems] == ["p.json:4: 'date': '2020-02-30' is not a real day (fix the month or day)"]


@pytest.mark.parametrize("name, text, expected", [
    ("bad.json", '[{"title": "x",}]', "bad.json:1: bad JSON:"),
    ("bad.yaml", "- title: x\n  abstract: [unclosed\n", "bad.yaml:3: bad YAML:"),
    ("top.yaml", "title: x\n", "top.yaml:1: expected a list of papers"),
    ("top2.yaml", "papers: []\nextra: 1\n", "top2.yaml:2: unknown top-level key 'extra'"),
])
def test_file_level_mistakes(tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text)
    got, report = read(path, name)
    assert got == []
    assert [str(p)[:len(expected)] for p in report.errors] == [expected]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters(min_codepoint=32, max_codepoint=126)),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(json_values, st.sampled_from([None, 1, 2, "\t"]))
def test_json_lines_match_the_yaml_loader(value, indent):
    text = json.dumps(value, indent=indent)
    assert records.json_lines(text) == yamlio.load(text, "x.json")[1]
