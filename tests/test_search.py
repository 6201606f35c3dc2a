"""Search: inverted indexes with lunr's weights written in Python, split into a title index and abstract shards."""
from __future__ import annotations

import json
import math
import re
import shutil
from collections import Counter
from itertools import chain
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lunr.builder import Builder

from site_src.abstract import plain
from site_src.config import load_config
from site_src.errors import Report
from site_src.model import Paper
from site_src.pipeline import build_site
from site_src.render.renderer import paper_path
from site_src.search.index import (
    FIRST_RESULT_FILES,
    Column,
    FieldTerms,
    index_term,
    index_terms,
    paper_refs,
    paper_terms,
    payload,
    search_fields,
    search_files,
    shard_key,
    term_indexes,
)
from site_src.search.inverted import K1, Inverted, bm25, field_lengths, idf
from site_src.search.terms import positioned_terms, text_terms

from .browser import browser_page

ROOT = Path(__file__).resolve().parent.parent
LUNR_JS = ROOT / "templates/assets/vendor/lunr/lunr.min.js"
QUERIES = ["mamba", "remote sensing", "whole slide image", "diffusion segmentation", "zero-shot", "survey",
           "medical imag", "transformer classification"]


@pytest.fixture(scope="module")
def survey(seeds_site: Path):
    report = Report()
    return build_site(load_config(None, seeds_site), report, write_site=False).survey


@pytest.fixture(scope="module")
def files(survey) -> dict[str, bytes]:
    papers = list(survey.papers)
    names = {t: info.name for t, info in survey.tags.items()}
    return dict(search_files(papers, names, {p.slug: paper_path(p.slug) for p in papers}))


@pytest.fixture(scope="module")
def site(seeds_site: Path, files: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seeds' site with this module's search files in it (what render.py writes);
    a copy, since other modules' tests use the shared site as the build made it."""
    out = tmp_path_factory.mktemp("search-site") / "_site"
    shutil.copytree(seeds_site / "_site", out)
    for path, data in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    return out


def loaded(data: bytes) -> dict:
    """The JSON a data file assigns (``window.X = {...};`` or ``(...)[key] = {...};``)."""
    text = data.decode("utf-8")
    return json.loads(text[text.index("= ", text.index("]") if text.startswith("(") else 0) + 2:].rstrip().rstrip(";"))


def seed_terms(papers: list[Paper]) -> dict[str, list[list[str]]]:
    """Each field's terms, per paper, repeats kept."""
    return {"title": [index_terms(p.title) for p in papers],
            "abstract": [index_terms(plain(p.abstract)) for p in papers]}


def seed_fields(papers: list[Paper]) -> list[FieldTerms]:
    terms = seed_terms(papers)
    return [FieldTerms("title", 10, Column.of_terms(terms["title"])),
            FieldTerms("abstract", 1, Column.of_terms(terms["abstract"]))]


def lunr_py_index(fields: list[FieldTerms], docs: dict[str, list[list[str]]], refs: list[str]) -> dict:
    """lunr.py's own builder over the same terms (its pipeline emptied: the terms are final)."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for f in fields:
        builder.field(f.name, boost=f.boost)
    for i, ref in enumerate(refs):
        builder.add({"id": ref, **{f.name: docs[f.name][i] for f in fields}})
    return builder.build().serialize()  # type: ignore[no-any-return]


def weights(index: dict) -> dict[str, dict[str, float]]:
    """lunr.py's serialized index -> {"field/ref": {term: weight}}."""
    names = {posting["_index"]: term for term, posting in index["invertedIndex"]}
    return {key: {names[v[i]]: v[i + 1] for i in range(0, len(v), 2)} for key, v in index["fieldVectors"] if v}


def our_weights(indexes: dict[str, Inverted], fields: list[FieldTerms], refs: list[str],
                only: dict[str, Inverted] | None = None) -> dict[str, dict[str, float]]:
    """Our indexes -> the same shape, each posting string decoded and weighed as explorer.js does
    (idf from the term's postings in every index; ``only``: the indexes whose postings are given)."""
    n, doc = len(refs), {r: i for i, r in enumerate(refs)}
    with_term: Counter[str] = Counter()
    for index in indexes.values():
        for term, posting in zip(index.terms, index.postings, strict=True):
            with_term[term] += len(posting.split(" "))
    lengths = [field_lengths(f, n) for f in fields]
    out: dict[str, dict[str, float]] = {}
    for index in (indexes if only is None else only).values():
        for term, posting in zip(index.terms, index.postings, strict=True):
            for entry in posting.split(" "):
                ref, rest = entry.split(":")
                f, count = fields[int(rest[0])], int(rest[1:].split("@")[0], 36)
                length = lengths[int(rest[0])]
                weight = bm25(idf(n, np.array([with_term[term]])), np.array([count]), length[[doc[ref]]],
                              float(length.sum()) / n, f.b, f.boost)[0]
                out.setdefault(f"{f.name}/{ref}", {})[term] = weight / 1000
    return out


def test_index_weights_are_what_lunr_py_builds(survey):
    papers = list(survey.papers)
    refs = paper_refs([p.slug for p in papers])
    fields = seed_fields(papers)
    ours = term_indexes(fields, refs)
    theirs = lunr_py_index(fields, seed_terms(papers), refs)
    assert ours[""].terms == [t for t, _ in theirs["invertedIndex"]]
    ours_w, theirs_w = our_weights(ours, fields, refs), weights(theirs)
    assert ours_w.keys() == theirs_w.keys()
    for key in ours_w:
        assert ours_w[key].keys() == theirs_w[key].keys()
        assert all(abs(ours_w[key][t] - theirs_w[key][t]) <= 0.0011 for t in ours_w[key]), key


def test_shards_hold_each_abstract_term_once_with_global_weights(survey):
    papers = list(survey.papers)
    refs = paper_refs([p.slug for p in papers])
    fields = seed_fields(papers)
    one = term_indexes(fields, refs)
    whole = our_weights(one, fields, refs)
    split = term_indexes(fields, refs, split={"abstract": shard_key})
    assert {e.split(":")[1][0] for p in split[""].postings for e in p.split(" ")} == {"0"}  # titles only
    seen: Counter[str] = Counter()
    for name, index in split.items():
        terms = index.terms
        assert terms == sorted(terms)
        for posting in index.postings:  # by ref, then field
            entries = posting.split(" ")
            assert entries == sorted(entries, key=lambda e: (e.split(":")[0], e.split(":")[1][0]))
        seen.update(terms if name else [])
        assert all(shard_key(t) == name for t in terms) if name else True
        for key, w in our_weights(split, fields, refs, only={name: index}).items():
            assert w == {t: s for t, s in whole[key].items() if t in w}  # same weight as in one index
    assert set(seen) == set(fields[1].column.terms) and max(seen.values()) == 1


def test_terms_are_what_lunr_js_makes_of_the_same_words(survey):
    words = sorted({w for p in survey.papers for w in re.split(r"[\s\-]+", (p.title + " " + plain(p.abstract)).lower())
                    if w})
    with browser_page() as page:
        page.add_script_tag(path=str(LUNR_JS))
        js = page.evaluate("""ws => ws.map(w => {
            const t = lunr.stopWordFilter(lunr.trimmer(new lunr.Token(w)));
            return t ? lunr.stemmer(t).toString() : ""; })""", words)
    differ = [(w, index_term(w), j) for w, j in zip(words, js, strict=True) if index_term(w) != j]
    assert differ == []  # e.g. lunr.py stems "survey" to "survei", lunr.js to "survey"


def test_terms_kept_from_an_earlier_build_give_the_same_files(survey, files):
    """The dev server hands the index each paper's terms as an earlier build made them: the
    files are the ones made from the papers themselves, weights over the whole survey included."""
    papers = list(survey.papers)
    names = {t: info.name for t, info in survey.tags.items()}
    kept = {p.slug: paper_terms(p) for p in papers}
    again = dict(search_files(papers, names, {p.slug: paper_path(p.slug) for p in papers}, terms=kept))
    assert again == files
    fewer = papers[1:]  # the same kept terms, one paper gone: weights follow the survey, not the terms
    alone = dict(search_files(fewer, names, {p.slug: paper_path(p.slug) for p in fewer}))
    assert dict(search_files(fewer, names, {p.slug: paper_path(p.slug) for p in fewer}, terms=kept)) == alone
    assert alone["assets/search-index.js"] != files["assets/search-index.js"]


@given(st.text(alphabet=st.sampled_from(list("aAzZ09-_.,;:()[]@ \t\n\u00a0\u2028é∂")), max_size=60),
       st.booleans())
def test_terms_without_positions_are_the_positioned_terms(text: str, stop_words: bool):
    assert text_terms(text, stop_words) == positioned_terms(text, stop_words)[0]


def test_data_files_cannot_close_a_script_tag():
    paper = Paper(slug="x", title="</script><script>alert(1)</script> & \u2028", abstract="a <!-- b --> c")
    out = dict(search_files([paper], {}, {"x": "papers/x.html"}))
    for data in out.values():
        assert b"<" not in data and b">" not in data and "\u2028".encode() not in data
    assert loaded(out["assets/search-docs.js"])["docs"][0][0] == paper.title


def test_payload_counts_lunr_and_every_shard(files):
    sizes = payload(files.items(), ROOT / "templates")
    assert sizes.files == len(files)
    assert sizes.first_result_gzip > (ROOT / "templates" / FIRST_RESULT_FILES[0]).stat().st_size // 4
    assert sizes.total_gzip > sizes.first_result_gzip > 0
    assert 0 < sizes.largest_shard_gzip < sizes.total_gzip


@pytest.mark.browser
def test_typed_query_ranks_a_title_match_first(site: Path):
    with browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((site / "search.html").as_uri())
        page.locator("#q").fill("remote sensing mamba")
        page.wait_for_selector("#results li .snippet")
        first = page.locator("#results li").first
        assert "RSMamba" in first.locator("a.paper-title").inner_text()
        assert first.locator(".meta .tag").count() > 0  # the tags the paper has
        assert first.locator(".snippet").inner_text()
        assert "q=remote+sensing+mamba" in page.url
        assert errors == []


@pytest.mark.browser
def test_a_word_only_in_an_abstract_finds_its_paper_from_disk(site: Path, survey, files):
    primary = set(loaded(files["assets/search-index.js"])["terms"])
    counts: Counter[str] = Counter(t for p in survey.papers for t in set(index_terms(plain(p.abstract))))
    word, paper = next((w, p) for p in survey.papers for w in sorted(set(plain(p.abstract).lower().split()))
                       if w.isalpha() and len(w) > 7 and counts[index_term(w)] == 1
                       and not any(t.startswith(index_term(w)[:5]) for t in primary))
    with browser_page() as page:
        page.goto((site / "search.html").as_uri() + "?q=" + word)
        assert word not in page.evaluate("Object.keys(window.SEARCH_SHARDS || {})")
        page.wait_for_function("document.querySelectorAll('#results li').length > 0")
        assert page.locator("#q").input_value() == word
        assert paper.title in page.locator("#results li a.paper-title").all_inner_texts()
        loaded_shards = page.evaluate("Object.keys(window.SEARCH_SHARDS || {})")
        assert shard_key(index_term(word)) in loaded_shards and len(loaded_shards) <= 2


def old_weights(fields: list[FieldTerms], n: int) -> dict[tuple[str, int, str], int]:
    """(term, paper, field) -> the weight the index stored before its postings held term counts:
    lunr's BM25 times 1000, rounded, idf from the term's postings over every field, k1 1.2, each
    field's b and boost, the field's average length over every paper."""
    with_term = Counter(chain.from_iterable(f.column.terms for f in fields))
    out = {}
    for f in fields:
        rows = f.column.rows()
        length = [sum(r.counts) for r in rows]
        avg = sum(length) / n
        for doc, row in enumerate(rows):
            norm = K1 * (1 - f.b + f.b * (length[doc] / avg)) if avg else K1
            for term, count in zip(row.terms, row.counts, strict=True):
                weight = math.log1p(abs((n - with_term[term] + 0.5) / (with_term[term] + 0.5)))
                out[(term, doc, f.name)] = math.floor(weight * ((K1 + 1) * count) / (norm + count) * f.boost * 1000 + 0.5)
    return out


@pytest.mark.browser
def test_the_explorer_weighs_each_posting_as_the_index_did_in_python(site: Path, survey):
    """The explorer computes lunr's BM25 from term counts, field lengths and postings: each weight
    is the one Python computed (and the old index stored) for the same paper, field and term."""
    papers = list(survey.papers)
    fields = search_fields(papers, {t: info.name for t, info in survey.tags.items()}, {p.slug: p.tags for p in papers})
    expected = old_weights(fields, len(papers))
    refs = paper_refs([p.slug for p in papers])
    names = [f.column.terms[:4] for f in fields if f.name in ("authors", "venue", "names", "keywords")]
    terms = sorted({*chain.from_iterable(map(index_terms, QUERIES)), *chain.from_iterable(names), "x", "3d", "2"})
    with browser_page() as page:
        page.goto((site / "search.html").as_uri())
        for term in terms:
            page.wait_for_function("t => window.explorerWeights(t) !== null", arg=term)
            got = {(ref, field): w for ref, field, w in page.evaluate("t => window.explorerWeights(t)", term)}
            want = {(refs[doc], field): w for (t, doc, field), w in expected.items() if t == term}
            assert got == want, term
    assert len([k for k in expected if k[0] in terms]) > 500  # many postings, in every field kind
    assert {k[2] for k in expected if k[0] in terms} >= {"title", "abstract", "tags", "names"}  # (no author names)


def test_refs_are_the_papers_own_and_stay_when_papers_come_and_go():
    slugs = [f"paper-{i}" for i in range(3000)]
    refs = paper_refs(slugs)
    assert len(set(refs)) == len(refs) and min(map(len, refs)) == 4
    assert not any(b.startswith(a) for a, b in zip(sorted(refs), sorted(refs)[1:]))  # none a prefix of another
    more = paper_refs([*slugs, "one-more-paper", "and-another"])
    moved = [s for s, a, b in zip(slugs, refs, more, strict=False) if a != b]
    assert len(moved) <= 2  # only a paper whose hash begins as a new one's
    fewer = paper_refs(slugs[::2])
    assert all(a == b or len(b) < len(a) for a, b in zip(refs[::2], fewer, strict=True))
    longer = [r for r in refs if len(r) > 4]
    assert longer and all(any(o != r and o[:len(r) - 1] == r[:-1] for o in refs) for r in longer)


def test_one_paper_more_changes_its_own_snippet_file_and_the_postings_of_its_terms(survey, files):
    papers = list(survey.papers)
    names = {t: info.name for t, info in survey.tags.items()}
    new = papers[5].__class__(slug="a-new-paper", title="Quokka Segmentation", abstract="A wombat met a quokka.")
    more = [*papers, new]
    again = dict(search_files(more, names, {p.slug: paper_path(p.slug) for p in more}))
    changed = sorted(path for path in again if again[path] != files.get(path))
    snippets = [path for path in changed if "/snippets-" in path]
    assert len(snippets) == 1 and b"wombat" in again[snippets[0]]
    shards = {path.rsplit("-", 1)[1].removesuffix(".js") for path in changed if "/abstract-" in path}
    assert shards == {shard_key(t) for t in ("wombat", "met", "quokka")}  # its abstract's terms' shards
    old, now = loaded(files["assets/search-index.js"]), loaded(again["assets/search-index.js"])
    differ = {t for t, p in zip(now["terms"], now["postings"], strict=True)
              if dict(zip(old["terms"], old["postings"], strict=True)).get(t) != p}
    assert differ == {"quokka", "segment"}  # its title's terms, and no other posting
