"""Citations out: BibTeX that parses back into the same papers, and CSL-JSON items."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bibtexparser
import pytest

from site_src.abstract import plain
from site_src.config import Config
from site_src.errors import Report
from site_src.model import Link, Paper
from site_src.render import cite
from site_src.sources import bibtex, read_sources
from site_src.sources.merge import merge_records

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seed_papers() -> list[Paper]:
    report = Report()
    return merge_records(read_sources(Config(root=ROOT), report), report)


def read_back(text: str, tmp_path: Path) -> tuple[list, Report]:
    path = tmp_path / "export.bib"
    path.write_text(text, encoding="utf-8")
    report = Report()
    return bibtex.read(path, "export.bib", Config(root=tmp_path), report), report


def test_seed_export_parses_back_into_the_same_papers(seed_papers, tmp_path):
    assert len(seed_papers) == 319
    text = cite.bibtex_of(seed_papers)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 319
    assert len({e.key for e in library.entries}) == 319

    back, report = read_back(text, tmp_path)
    assert report.problems == []
    assert [r.title for r in back] == [p.title for p in seed_papers]
    assert [r.abstract for r in back] == [plain(p.abstract) for p in seed_papers]
    assert [r.date for r in back] == [p.date for p in seed_papers]
    assert [set(r.links) for r in back] == [set(p.links) for p in seed_papers]


def paper(**fields) -> Paper:
    base = {"slug": "p", "title": "A Paper", "abstract": ""}
    return Paper(**{**base, **fields})


NASTY = r"50% of A&B #1: under_score $5 {braces} ~tilde^caret <x> | a -- b ``q'' \back"


@pytest.mark.parametrize("title", [NASTY, "unbalanced { brace", "closing } first {", "Ünïcödé – “quotes” 😀"])
def test_special_characters_round_trip(title, tmp_path):
    text = cite.bibtex_entry(paper(title=title, abstract=title, authors=("Zoë d'Arc", "World Health and Safety")))
    assert bibtexparser.parse_string(text).failed_blocks == []
    (back,), report = read_back(text, tmp_path)
    assert report.problems == []
    assert back.title == title and back.abstract == plain(title)
    assert back.authors == ("Zoë d'Arc", "World Health and Safety")


def test_capitalised_words_are_protected_and_others_not():
    entry = bibtexparser.parse_string(cite.bibtex_entry(paper(title="Scaling MedViTV2 with KAN for 3D Data")))
    assert entry.entries[0]["title"] == "Scaling {MedViTV2} with {KAN} for {3D} Data"


def test_full_paper_fields_and_round_trip(tmp_path):
    p = paper(title="Deep Nets", abstract="We go deep.", date=dt.date(2023, 7, 17),
              authors=("Kaiming He", "Ross Girshick"), venue="CVPR 2023",
              ids=(("doi", "10.1000/x_y"), ("arxiv", "2301.01234")),
              links=(Link("code", "https://github.com/a/b_c#readme"), Link("project", "https://a.github.io/p%20q")))
    text = cite.bibtex_entry(p)
    fields = bibtexparser.parse_string(text).entries[0]
    assert fields.entry_type == "article" and fields.key == "he2023deep"
    assert fields["journal"] == "CVPR 2023" and fields["year"] == "2023" and fields["month"] == "jul"
    assert fields["eprint"] == "2301.01234" and fields["archiveprefix"] == "arXiv"
    assert fields["url"] == "https://arxiv.org/abs/2301.01234"
    (back,), _ = read_back(text, tmp_path)
    assert back.authors == p.authors and back.venue == p.venue and back.date == p.date
    assert dict(back.ids) == dict(p.ids)
    assert Link("code", "https://github.com/a/b_c#readme") in back.links


def test_count_only_authors_leave_author_out():
    text = cite.bibtex_entry(paper(author_count=5))
    entry = bibtexparser.parse_string(text).entries[0]
    assert entry.entry_type == "misc" and "author" not in entry


def test_keys_are_unique_and_do_not_depend_on_order():
    papers = [paper(slug=f"s{i}", title="The Same Title", date=dt.date(2024, 1, 2)) for i in range(3)]
    papers.append(paper(slug="own", title="Other", key="smith2020{own}"))
    forward = cite.unique_keys(papers)
    assert cite.unique_keys(reversed(papers)) == forward
    assert forward == {"s0": "anon2024same-a", "s1": "anon2024same-b", "s2": "anon2024same-c",
                       "own": "smith2020own"}
    keys = [e.key for e in bibtexparser.parse_string(cite.bibtex_of(papers)).entries]
    assert keys == ["anon2024same-a", "anon2024same-b", "anon2024same-c", "smith2020own"]


def test_csl_json_items(seed_papers):
    extra = paper(slug="x", title="Deep Nets", date=dt.date(2023, 7, 17), authors=("Kaiming He", "Plato"),
                  ids=(("doi", "10.1/x"),), venue="CVPR", links=(Link("code", "https://github.com/a/b"),))
    items = cite.csl_json([*seed_papers, extra])
    json.dumps(items)
    assert len({item["id"] for item in items}) == len(items) == 320
    for item, p in zip(items, [*seed_papers, extra], strict=True):
        assert item["type"] in ("article", "article-journal")
        assert item["title"] == p.title
        if p.date:
            assert item["issued"] == {"date-parts": [[p.date.year, p.date.month, p.date.day]]}
        else:
            assert "issued" not in item
    last = items[-1]
    assert last["author"] == [{"family": "He", "given": "Kaiming"}, {"literal": "Plato"}]
    assert last["DOI"] == "10.1/x" and last["container-title"] == "CVPR" and last["type"] == "article-journal"
    assert last["URL"] == "https://github.com/a/b"
