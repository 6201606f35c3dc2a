"""A researcher's own library in: real exports of six origins, and hostile inputs bounded."""
from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from site_src.config import Config
from site_src.errors import Report
from site_src.sources import READERS
from site_src.sources.merge import merge_records

LIBRARY = Path(__file__).parent / "data" / "library"


def read(path: Path, shown: str | None = None):
    report = Report()
    records = READERS[path.suffix](path, shown or f"library/{path.name}", Config(root=path.parent), report)
    return records, report


def by_title(name: str):
    records, report = read(LIBRARY / name)
    return {r.title: r for r in records}, report


@pytest.mark.parametrize("name, count", [("zotero_bbl.bib", 3), ("bibdesk.bib", 4), ("dblp.bib", 2),
                                         ("jabref.bib", 2), ("scholar.bib", 3), ("zotero.csl.json", 3)])
def test_every_titled_entry_is_read_without_error(name, count):
    records, report = read(LIBRARY / name)
    assert len(records) == count
    assert report.errors == []
    for r in records:
        assert "{" not in r.title and "\\" not in r.title


def test_zotero_better_biblatex():
    papers, report = by_title("zotero_bbl.bib")
    simclr = papers["A Simple Framework for Contrastive Learning of Visual Representations"]
    assert simclr.kind == "inproceedings" and simclr.ids == ()  # doi = {null} is no identifier
    assert simclr.venue == "Proceedings of the 37th International Conference on Machine Learning"
    assert dict(simclr.biblio)["pages"] == "1597–1607" and dict(simclr.biblio)["publisher"] == "PMLR"
    assert dict(simclr.biblio)["eventtitle"] == "ICML 2020"
    assert "our repository" in simclr.abstract and "href" not in simclr.abstract
    assert any(link.url == "https://github.com/google-research/simclr" for link in simclr.links)
    assert simclr.keywords == ("Computer Science - Machine Learning", "Contrastive learning", "self-supervised")
    tidy = papers["Tidy Data with dplyr and tidyr"]  # \texttt and \mbox keep their text
    assert tidy.venue == "Journal of Statistical Software" and tidy.date == dt.date(2014, 9, 12)
    assert [link.kind for link in tidy.links] == ["pdf"]
    resnet = papers["Deep Residual Learning for Image Recognition"]
    assert resnet.date == dt.date(2015, 12, 10)  # an ISO timestamp
    assert dict(resnet.ids) == {"doi": "10.48550/arXiv.1512.03385", "arxiv": "1512.03385"}
    nulls = [p for p in report.warnings if "'null' is not a DOI" in p.message]
    assert [str(p).split(": warning")[0] for p in nulls] == ["library/zotero_bbl.bib:11", "library/zotero_bbl.bib:28"]


def test_bibdesk_strings_and_odd_years():
    papers, report = by_title("bibdesk.bib")
    milner = papers["A Theory of Type Polymorphism in Programming"]  # \index text does not leak
    assert milner.date == dt.date(1978, 1, 1) and milner.date_precision == "year"  # 1978/79
    assert milner.venue.startswith("Proceedings of the ACM SIGPLAN Symposium")
    assert dict(milner.biblio)["publisher"] == "ACM Press"
    assert dict(milner.biblio)["editor"] == "Alfred V. Aho and others"
    wadler = papers["The Essence of Functional Programming: H2 Monads"]
    assert wadler.date == dt.date(1992, 1, 1)  # 2023a-style years
    assert wadler.authors == ("Philip Wadler",) and wadler.more_authors and wadler.author_count is None
    assert report.warnings == []


def test_dblp_crossref_and_escaped_doi():
    papers, report = by_title("dblp.bib")
    assert "Computer Vision - ECCV 2020 - 16th European Conference, Glasgow, UK, August 23-28, 2020, Proceedings, Part I" not in papers
    solo = papers["SOLO: Segmenting Objects by Locations"]
    assert solo.date == dt.date(2020, 1, 1)  # from the proceedings
    assert solo.venue.startswith("Computer Vision - ECCV 2020")
    assert dict(solo.biblio)["series"] == "Lecture Notes in Computer Science"
    assert dict(solo.biblio)["editor"].startswith("Andrea Vedaldi and")
    assert dict(solo.ids) == {"doi": "10.1007/978-3-030-58523-5_38"}
    detr = papers["End-to-End Object Detection with Transformers"]
    assert dict(detr.ids) == {"doi": "10.1007/978-3-030-58452-8_13"}
    assert report.counts.get("bibtex crossref containers (proceedings, not papers)") == 1


def test_jabref_comments_and_junk_doi():
    papers, report = by_title("jabref.bib")
    assert set(papers) == {"Adam: A Method for Stochastic Optimization", "LaTeX: A Document Preparation System"}
    assert dict(papers["Adam: A Method for Stochastic Optimization"].ids) == {"arxiv": "1412.6980"}
    lamport = papers["LaTeX: A Document Preparation System"]
    assert lamport.ids == () and lamport.kind == "techreport"
    assert [(link.kind, link.url) for link in lamport.links] == [("pdf", "https://example.org/papers/latex94.pdf")]
    assert any("'N/A' is not a DOI" in p.message and p.line == 22 for p in report.warnings)


def test_google_scholar():
    records, _ = read(LIBRARY / "scholar.bib")
    clip, attention, journal = records
    assert dict(clip.ids) == {"arxiv": "2103.00020"} and clip.venue == "arXiv preprint" and clip.more_authors
    assert "Łukasz Kaiser" in attention.authors and dict(attention.biblio)["pages"] == "5998–6008"
    assert (attention.kind, journal.kind) == ("inproceedings", "article")


def test_csl_json_items():
    papers, report = by_title("zotero.csl.json")
    mae = papers["Masked Autoencoders Are Scalable Vision Learners"]
    assert mae.kind == "inproceedings" and mae.date == dt.date(2022, 6, 18)
    assert mae.authors == ("Kaiming He", "Xinlei Chen", "Ross Girshick")
    assert dict(mae.ids) == {"doi": "10.1109/CVPR52688.2022.01553"}
    assert mae.keywords == ("self-supervised", "image classification")
    knuth = papers["Literate Programming"]
    assert knuth.ids == () and dict(knuth.biblio)["number"] == "2" and knuth.date_precision == "year"
    sicp = papers["Structure and Interpretation of Computer Programs"]
    assert sicp.kind == "book" and sicp.authors[-1] == "Julie Sussman" and sicp.date == dt.date(1996, 1, 1)
    assert [p.line for p in report.warnings] == [26]


def test_doi_null_merges_nothing_and_same_titles_stay_apart():
    records = []
    for name in ("zotero_bbl.bib", "bibdesk.bib", "scholar.bib"):
        records += read(LIBRARY / name)[0]
    report = Report()
    papers = merge_records(records, report)
    assert len(papers) == len(records)  # two null DOIs, a 1957 book and a 1966 article, a conference and a journal
    assert len({p.slug for p in papers}) == len(papers)


def test_a_merge_that_drops_a_value_names_both_sources(tmp_path):
    (tmp_path / "a.bib").write_text("@misc{one2020,\n  title = {Shared Paper},\n  year = {2020},\n"
                                    "  doi = {10.1000/xyz},\n}\n", encoding="utf-8")
    (tmp_path / "b.bib").write_text("\n@misc{two2021,\n  title = {Shared Paper (extended)},\n  year = {2021},\n"
                                    "  doi = {https://doi.org/10.1000/XYZ},\n}\n", encoding="utf-8")
    records = read(tmp_path / "a.bib", "a.bib")[0] + read(tmp_path / "b.bib", "b.bib")[0]
    report = Report()
    (paper,) = merge_records(records, report)
    assert paper.key == "one2020"
    messages = [str(p) for p in report.warnings]
    assert any(m.startswith("b.bib:2: warning: merged with a.bib:1 (same doi); 'key' is 'two2021'") for m in messages)
    assert any("'date'" in m and "a.bib:1" in m for m in messages)


# ---------------------------------------------------------------------- hostile inputs

def _timed(path: Path):
    started = time.perf_counter()
    records, report = read(path, path.name)
    return records, report, time.perf_counter() - started


def test_href_without_its_text_is_a_warning_not_a_crash(tmp_path):
    path = tmp_path / "href.bib"
    path.write_text("@misc{a,\n  title = {See \\href{https://x.org}},\n}\n@misc{b, title={Fine}}\n", encoding="utf-8")
    records, report, _ = _timed(path)
    assert [r.title for r in records] == ["See https://x.org", "Fine"]
    assert [str(p).split(": warning")[0] for p in report.warnings] == ["href.bib:2"]


def test_a_macro_doubling_itself_is_an_error_in_bounded_time(tmp_path):
    lines = ['@string{s0 = "xx"}'] + [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 30)]
    path = tmp_path / "double.bib"
    path.write_text("\n".join(lines) + "\n@misc{a, title = s29}\n@misc{b, title = {Still read}}\n", encoding="utf-8")
    records, report, seconds = _timed(path)
    assert seconds < 20
    assert [r.title for r in records] == ["Still read"]
    assert report.errors and all(p.line > 0 for p in report.errors)
    assert "longer than 100,000 characters" in report.errors[0].message


def test_a_ten_megabyte_entry_is_an_error_and_the_rest_is_read(tmp_path):
    path = tmp_path / "big.bib"
    path.write_text("@misc{ok1, title = {First}}\n@misc{huge,\n  title = {" + "{x} " * 2_500_000
                    + "}}\n@misc{ok2, title = {Last}}\n", encoding="utf-8")
    records, report, seconds = _timed(path)
    assert seconds < 20
    assert [r.title for r in records] == ["First", "Last"]
    assert [str(p).split(": ", 1)[0] for p in report.errors] == ["big.bib:2"]
    assert "huge" in report.errors[0].message


def test_deep_nesting_is_read_roughly_not_a_recursion_error(tmp_path):
    path = tmp_path / "deep.bib"
    path.write_text("@misc{a,\n  title = {" + "{" * 5000 + "Deep" + "}" * 5000 + "},\n}\n", encoding="utf-8")
    records, report, seconds = _timed(path)
    assert seconds < 20 and [r.title for r in records] == ["Deep"]
    assert [p.line for p in report.warnings] == [2]


def test_deeply_nested_json_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    records, report, _ = _timed(path)
    assert records == [] and "nested too deeply" in report.errors[0].message


def test_utf16_with_a_bom_is_text(tmp_path):
    path = tmp_path / "windows.bib"
    path.write_bytes("@misc{a,\r\n  title = {Caf\u00e9 Society},\r\n  year = {2001},\r\n}\r\n".encode("utf-16"))
    (record,), report, _ = _timed(path)
    assert record.title == "Café Society" and record.source.line == 1 and report.problems == []


def test_our_own_csl_export_reads_back(tmp_path):
    items = [{"id": "a", "type": "article", "title": "T", "number": "arXiv:2301.01234", "publisher": "arXiv",
              "issued": {"date-parts": [[2023, 1]]}, "author": [{"given": "Ann", "family": "Lee"}]}]
    path = tmp_path / "papers.csl.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    (record,), report, _ = _timed(path)
    assert dict(record.ids) == {"arxiv": "2301.01234"} and record.biblio == () and record.date_precision == "month"
