"""The data files made in bulk: search terms found for many abstracts at once, feeds and sitemaps
written as text. Each must say exactly what the one-at-a-time way says."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from urllib.parse import urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from site_src.model import Link, Paper
from site_src.render.feeds import atom_feed, site_urls, sitemap
from site_src.search.inverted import Column
from site_src.search.terms import counted_positions, positioned_terms, suffix, text_terms

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# words lunr splits or trims oddly: hyphens, compounds, stop words, punctuation, the whitespace
# that str.split() and lunr.js disagree on (U+001C..U+001F, U+0085, U+FEFF)
WORDS = st.sampled_from(["RSMamba", "Grad-CAM", "x-ray", "the", "of", "Mamba-RSMamba", "ResNet50", "--", "(a)",
                         "models", "model", "ViTs", "he", "-", "a-b-c", "é∂", "3D", "in.", "MambaMamba"])
SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2028", "\x1c", "\x85", "\ufeff", " - "])


def _one_by_one(text: str) -> dict[str, tuple[int, str]]:
    terms, positions = positioned_terms(text)
    counts = Counter(terms)
    return {t: (counts[t], suffix(positions[t])) for t in counts}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(WORDS, SPACES), max_size=40), min_size=1, max_size=6))
def test_terms_of_many_abstracts_at_once_are_each_ones_own(texts: list[list[tuple[str, str]]]) -> None:
    written = ["".join(w + s for w, s in words) for words in texts]
    found = counted_positions(written)
    assert len(found) == len(written)
    for text, counted in zip(written, found, strict=True):
        assert len(set(counted.terms)) == len(counted.terms)
        assert dict(zip(counted.terms, zip(counted.counts, counted.positions, strict=True))) == _one_by_one(text)


def test_positions_past_the_first_thousand_words_are_written_in_full() -> None:
    text = " ".join(["mamba"] + ["model"] * 5000 + ["mamba", "rare"])
    counted = counted_positions([text, "", "rare"])
    assert [dict(zip(c.terms, c.positions, strict=True)) for c in counted] == [
        {t: suffix(p) for t, p in positioned_terms(t_)[1].items()} for t_ in (text, "", "rare")]
    assert int(dict(zip(counted[0].terms, counted[0].positions))["rare"][1:], 36) == 5002


HOSTILE = st.lists(st.sampled_from(list("aZ &<>\"'\r\n\t\u2028é]") + ["&amp;", "]]>"]), max_size=8).map("".join)


def _as_read(text: str) -> str:
    """Element text as an XML parser hands it back: a raw CR (or CR LF) is a newline."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(HOSTILE, HOSTILE, st.booleans(), st.lists(HOSTILE, max_size=2)), max_size=4),
       HOSTILE, st.booleans())
def test_a_feed_written_as_text_parses_back_to_what_it_was_given(rows, title: str, absolute: bool) -> None:
    papers = [Paper(slug=f"p{i}", title=t, abstract=a, date=dt.date(2024, 1, 1 + i) if dated else None,
                    auto_tags=tuple(f"t{i}{j}" for j, _ in enumerate(tags)))
              for i, (t, a, dated, tags) in enumerate(rows)]
    names = {f"t{i}{j}": name for i, (_, _, _, tags) in enumerate(rows) for j, name in enumerate(tags)}
    data = atom_feed(title=title, subtitle=title, feed_path="tags/x.xml", page_path="tags/x.html", papers=papers,
                     base_url="https://example.org/s/" if absolute else "", tag_names=names, feed_id="urn:x")
    feed = ET.fromstring(data)
    assert (feed.findtext(f"{ATOM}title") or "") == _as_read(title)
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.iter(f"{ATOM}entry")}
    assert len(entries) == len(papers)
    for p in papers:
        entry = entries[f"urn:survey-site:paper:{p.slug}"]
        assert (entry.findtext(f"{ATOM}title") or "") == _as_read(p.title)
        assert [c.get("label") for c in entry.iter(f"{ATOM}category")] == [names[t] for t in p.tags]
        href = entry.find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
        assert href == ("https://example.org/s/" if absolute else "../") + f"papers/{p.slug}.html"


def test_a_paper_without_an_abstract_has_an_empty_summary_element() -> None:
    paper = Paper(slug="x", title="X", abstract="", date=dt.date(2024, 1, 1), links=(Link("code", "https://g/x"),))
    data = atom_feed(title="S", subtitle="", feed_path="feed.xml", page_path="index.html", papers=[paper],
                     base_url="", tag_names={}, feed_id="urn:s")
    assert b"<summary />" in data and b"<subtitle />" in data
    assert ET.fromstring(data).find(f"{ATOM}entry/{ATOM}summary") is not None


def test_sitemap_written_as_text_lists_each_url_escaped() -> None:
    paths = ["index.html", "tags/a&b.html", "authors/<x>.html", "papers/é.html"]
    files = dict(sitemap("https://example.org/s", paths, per_file=3))
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    locs = [loc.text for name in ("sitemap-1.xml", "sitemap-2.xml")
            for loc in ET.fromstring(files[name]).iter(f"{SITEMAP}loc")]
    assert locs == ["https://example.org/s/" + p for p in paths]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [x.text for x in index.iter(f"{SITEMAP}loc")] == [f"https://example.org/s/sitemap-{i}.xml" for i in (1, 2)]


URL_PARTS = st.sampled_from(["a", "B9", ".", "..", "x.html", "-", "_", "%41", "~", "+", ":", "?q", "#f", ";p", "é", "//", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(URL_PARTS, max_size=5).map("/".join), st.lists(URL_PARTS, max_size=3).map("/".join),
       st.sampled_from(["https://example.org", "http://h:8080", "file://", "https://e.org/a;b"]))
def test_site_urls_are_what_urljoin_makes(path: str, under: str, host: str) -> None:
    base = f"{host}/{under}/".replace("///", "//")
    assert site_urls(base, [path, "index.html", "papers/x.html"]) == [
        urljoin(base, p) for p in (path, "index.html", "papers/x.html")]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(WORDS, SPACES), max_size=20), min_size=1, max_size=5), st.booleans())
def test_terms_of_many_names_at_once_are_each_ones_own(texts: list[list[tuple[str, str]]], stop_words: bool) -> None:
    written = ["".join(w + s for w, s in words) for words in texts]
    rows = Column.of_texts(written, stop_words=stop_words).rows()
    assert [dict(zip(r.terms, r.counts, strict=True)) for r in rows] == [
        dict(Counter(text_terms(t, stop_words))) for t in written]


def test_texts_found_a_few_at_a_time_are_found_as_all_at_once(monkeypatch) -> None:
    from site_src.search import terms

    texts = ["RSMamba beats Grad-CAM", "", "the x-ray of x-ray", "Mamba " * 1100 + "rare", "ResNet50 and ViTs"]
    whole = Column.of_texts(texts, positions=True)
    monkeypatch.setattr(terms, "TEXTS_AT_ONCE", 2)
    parts = Column.of_texts(texts, positions=True)
    assert parts.sizes.tolist() == whole.sizes.tolist()
    assert [dict(zip(r.terms, zip(r.counts, r.positions))) for r in parts.rows()] == [
        dict(zip(r.terms, zip(r.counts, r.positions))) for r in whole.rows()]
    assert [dict(zip(r.terms, zip(r.counts, r.positions))) for r in parts.rows()] == [
        dict(zip(c.terms, zip(c.counts, c.positions))) for c in map(terms.counted_text, texts)]
