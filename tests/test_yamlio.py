"""Front matter is written as PyYAML writes it, byte for byte, and reads back as the data it came from."""
from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from site_src import yamlio

# The characters that change how YAML must quote a string: indicators, quotes, edge spaces,
# line breaks of every kind, tabs, controls, a byte-order mark, non-ASCII letters and astral ones.
HOSTILE = st.sampled_from(list("aZ09 -_.:#,?[]{}&*!|>'\"%@`~=<+/\\\t\n\r\x00\x07\x85\xa0\u2028\u2029\ufeff"
                               "éß∂€\u200b\U0001f600") + ["yes", "No", "null", "~", "2024", "0x1F", "1e3", "1:20",
                                                          ".inf", "---", "...", "2024-01-07", "<<", "="])
TEXT = st.lists(HOSTILE, max_size=12).map("".join)
SCALAR = st.one_of(TEXT, st.integers(-10**6, 10**6), st.booleans(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
KEY = st.one_of(st.sampled_from(["title", "slug", "authors", "bib", "doi", "my_tags", "on", "yes", "null", "a b",
                                 "x-y", "_k"]), TEXT)
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=4), st.dictionaries(KEY, SCALAR, max_size=4),
                  st.dictionaries(KEY, st.lists(SCALAR, max_size=2), max_size=2))


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(KEY, VALUE, min_size=1, max_size=8))
@example({"title": "RSMamba: Remote Sensing Image Classification", "slug": "rsmamba", "date": dt.date(2024, 3, 1),
          "authors": ["Keyan Chen", "José O'Brien"], "bib": {"volume": "12", "pages": "1--10"}, "tags": [],
          "my_tags": ["yes", "2024"], "doi": "10.1109/abc:def", "notes": "a # b", "x": "#a", "y": "a:"})
def test_front_matter_is_what_pyyaml_writes(data: dict) -> None:
    text = yamlio.dump(data)
    assert text == yaml.dump(data, Dumper=yamlio._Dumper, sort_keys=False, allow_unicode=True, width=10_000,
                             default_flow_style=False)
    assert yamlio.load(text, "page.md")[0] == data


def test_long_and_multiline_text_is_left_to_pyyaml() -> None:
    data = {"title": "word " * 3000, "abstract": "two\nlines", "quote": "'single' and \"double\""}
    assert yamlio.dump(data) == yamlio._pyyaml(data)
    assert yaml.safe_load(yamlio.dump(data)) == data
