"""The index of who read what (output/readers.py): the outputs an edit touches, kept in step with the record."""
from __future__ import annotations

from typing import Any

from site_src.output.readers import Readers
from site_src.reads import BIT

TITLE, NOTES = BIT["title"], BIT["notes"]


def record() -> dict[str, list[Any]]:
    """Site outputs as the record keeps them: [files, masks per paper, keys]."""
    return {
        "page:a": [["papers/a.html"], {"a": TITLE | NOTES, "b": TITLE}, []],
        "page:b": [["papers/b.html"], {"b": TITLE | NOTES}, []],
        "all-papers": [["papers.html"], {"a": TITLE, "b": TITLE}, ["order"]],
        "tag:x": [["tags/x.html"], {"a": TITLE}, ["tag:x", "tagged:x"]],
    }


def plain(index: Readers) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    return ({k: v for k, v in index.papers.items() if v}, {k: v for k, v in index.keys.items() if v})


def test_an_edit_touches_the_outputs_that_read_the_changed_field_only() -> None:
    index = Readers(record(), 1)
    assert index.touched({"b": NOTES}, []) == {"page:b"}  # page:a shows b's title, not its notes
    assert index.touched({"b": TITLE}, []) == {"page:a", "page:b", "all-papers"}
    assert index.touched({}, ["tagged:x"]) == {"tag:x"}
    assert index.touched({"c": TITLE}, ["tag:y"]) == set()


def test_moved_to_a_new_record_it_is_the_index_made_from_that_record() -> None:
    old = record()
    index = Readers(old, 1)
    new = dict(old)
    new["page:a"] = [["papers/a.html"], {"a": TITLE | NOTES}, ["tags"]]  # no longer links to b
    del new["tag:x"]
    new["tag:y"] = [["tags/y.html"], {"b": TITLE}, ["tag:y"]]
    moved = index.moved_to(new, {"page:a", "tag:x", "tag:y"})
    assert plain(moved) == plain(Readers(new, 1))
    assert moved.touched({"b": TITLE}, []) == {"page:b", "all-papers", "tag:y"}
    assert moved.touched({}, ["tagged:x"]) == set()
