"""The Daily Papers reader on every seed file, and the cross-file merge."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from site_src.config import CollectionConfig, Config
from site_src.errors import Report
from site_src.sources import read_sources
from site_src.sources.dailypapers import read
from site_src.sources.merge import merge_records

from .conftest import ROOT, SEEDS, dump


@pytest.fixture(scope="module")
def seed_records():
    report = Report()
    records = read_sources(Config(root=ROOT), report)
    return records, report


def test_every_seed_file_reads_without_problems(seed_records):
    records, report = seed_records
    assert report.problems == []
    counts = Counter(r.collection for r in records)
    assert counts == {"000_a7c0a9eec9c0c9d6": 143, "001_08e9ac19edb0326d": 49, "002_83096a950ca27de9": 81,
                      "003_c2c441d374de1c0c": 60, "004_acb9d568e0fa5b53": 59}


def test_furniture_is_never_a_record(seed_records):
    records, _ = seed_records
    titles = {r.title for r in records}
    assert not titles & {"new", "Subscribe", "Daily Papers", "byAK and the research community", "Mar 11", "Dec 8"}


def test_a_dated_record_has_every_field(seed_records):
    records, _ = seed_records
    rec = next(r for r in records if r.title == "Diffusion Models Beat GANs on Image Classification"
               and r.collection.startswith("001"))
    assert rec.author_count == 8
    assert rec.date == dt.date(2023, 7, 17)
    assert rec.upvotes == 1
    assert rec.source.path == "seeds/001_08e9ac19edb0326d.txt" and rec.source.line == 29
    assert rec.abstract.startswith("While many unsupervised learning models focus on one family of tasks")


def test_year_less_dates_take_the_year_the_page_was_saved(seed_records):
    records, _ = seed_records
    rec = next(r for r in records if r.title.startswith("CLOFAI:"))
    assert rec.date == dt.date(2025, 1, 19)  # "Jan 19" on a page saved in 2025
    assert rec.author_count == 3 and rec.upvotes is None


def test_saved_year_is_inferred_and_can_be_overridden(tmp_path: Path):
    path = tmp_path / "x.txt"
    path.write_text(dump(("A", "First.", "  • 2 authors\n·\nDec 20, 2024"), ("B", "Second.", "  • 1 authors\n·\nFeb 19 3")).replace("Mar 11", "Dec 8"))
    report = Report()
    got = read(path, "x.txt", Config(root=tmp_path), report)
    assert [r.date for r in got] == [dt.date(2024, 12, 20), dt.date(2025, 2, 19)]
    assert got[1].upvotes == 3
    pinned = Config(root=tmp_path, collections={"x": CollectionConfig(year=2030)})
    assert read(path, "x.txt", pinned, Report())[1].date == dt.date(2030, 2, 19)


def test_code_urls_lose_the_sentence_full_stop(seed_records):
    records, _ = seed_records
    by_title = {r.title: r for r in records}
    rsmamba = by_title["RSMamba: Remote Sensing Image Classification with State Space Model"]
    assert [(l.kind, l.url) for l in rsmamba.links] == [("code", "https://github.com/KyanChen/RSMamba")]
    gist = next(r for r in records if r.title.startswith("GIST:"))
    assert [l.url for l in gist.links] == ["https://github.com/emu1729/GIST"]


def test_url_at_end_of_line_keeps_its_last_character(tmp_path: Path):
    path = tmp_path / "u.txt"
    path.write_text(dump(("T", "Code at https://github.com/a/b_c"), ("U", "See https://x.github.io/page/. Then more.")))
    got = read(path, "u.txt", Config(root=tmp_path), Report())
    assert got[0].links[0].url == "https://github.com/a/b_c"
    assert got[1].links[0].url == "https://x.github.io/page/" and got[1].links[0].kind == "project"


def test_urls_are_found_whatever_their_case(tmp_path: Path):
    """Abstracts write hosts as people type them: GitHub.com, HTTPS://, WWW."""
    path = tmp_path / "c.txt"
    path.write_text(dump(("T", "Code: GitHub.com/a/b. Data at WWW.Example.org/d."), ("U", "See HTTPS://Example.org/x")))
    got = read(path, "c.txt", Config(root=tmp_path), Report())
    assert [(l.kind, l.url) for l in got[0].links] == [("code", "https://GitHub.com/a/b"),
                                                      ("project", "https://WWW.Example.org/d")]
    assert [l.url for l in got[1].links] == ["HTTPS://Example.org/x"]


def test_merge_gives_319_papers_and_three_collections_for_ten(seed_records):
    records, _ = seed_records
    papers = merge_records(records, Report())
    assert len(papers) == 319
    three = [p for p in papers if len(p.collections) == 3]
    assert len(three) == 10
    dm = next(p for p in papers if p.title == "Diffusion Models Beat GANs on Image Classification")
    assert dm.collections == ("000_a7c0a9eec9c0c9d6", "001_08e9ac19edb0326d", "004_acb9d568e0fa5b53")
    assert dm.date == dt.date(2023, 7, 17)  # only one of its three records has a date: it is kept
    assert len({p.slug for p in papers}) == 319


def test_bad_records_are_named_and_the_rest_kept(tmp_path: Path):
    text = dump(("Good one", "An abstract.")) + "Orphan title without abstract\n"
    path = tmp_path / "bad.txt"
    path.write_text(text)
    report = Report()
    got = read(path, "seeds/bad.txt", Config(root=tmp_path), report)
    assert [r.title for r in got] == ["Good one"]
    assert [str(p) for p in report.errors] == [
        "seeds/bad.txt:15: title 'Orphan title without abstract' has no abstract after it "
        "(add the abstract, one blank line below the title)"]


def test_seed_files_are_the_shared_corpus_unchanged():
    shared = ROOT.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds not beside this clone")
    for f in sorted(shared.glob("*.txt")):
        assert (SEEDS / f.name).read_bytes() == f.read_bytes()
