"""The search files made again from the last build's after papers come, go or change: the clean build's, byte for byte."""
from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from site_src.config import load_config
from site_src.errors import Report
from site_src.model import Paper
from site_src.pipeline import build_site
from site_src.render.renderer import paper_path
from site_src.search.index import Facets, group_count, paper_terms, search_files, slug_hash
from site_src.search.update import SearchState, search_index


@pytest.fixture(scope="module")
def survey(seeds_site: Path):
    return build_site(load_config(None, seeds_site), Report(), write_site=False).survey


def made(papers: list[Paper], names: dict[str, str], last: SearchState | None = None,
         bibtex: bool = True) -> tuple[dict[str, bytes], SearchState]:
    facets = Facets(tags=[(t, names[t], "", True) for t in sorted(names)],
                    bibtex=(lambda p: f"@misc{{{p.slug},\n  title = {{{p.title}}}\n}}") if bibtex else None)
    files, state = search_index(papers, names, {p.slug: paper_path(p.slug) for p in papers}, facets=facets,
                                terms={p.slug: paper_terms(p) for p in papers}, last=last)
    assert state is not None
    clean = search_files(papers, names, {p.slug: paper_path(p.slug) for p in papers}, facets=facets)
    assert [path for path, _ in files] == [path for path, _ in clean]  # the same files, in the same order
    assert dict(files) == dict(clean)
    return dict(files), state


def colliding(slugs: list[str], stem: str) -> str:
    """A new slug whose hash begins with the same four digits as one of ``slugs``'."""
    heads = {slug_hash(s)[:4] for s in slugs}
    return next(f"{stem}-{i}" for i in range(10 ** 7) if slug_hash(f"{stem}-{i}")[:4] in heads)


def test_additions_removals_and_edits_give_the_clean_build_s_files(survey):
    names = {t: info.name for t, info in survey.tags.items()}
    everyone = sorted(survey.papers, key=lambda p: p.slug)
    papers = sorted(everyone[:250], key=lambda p: (-(p.date.toordinal() if p.date else 0), p.slug))
    files, state = made(papers, names)
    rng = random.Random(7)
    spare = everyone[250:]
    for step in range(14):
        kind = step % 7
        if kind == 0:  # a paper more
            papers = [*papers, spare.pop()]
        elif kind == 1:  # a paper fewer
            papers.pop(rng.randrange(len(papers)))
        elif kind == 2:  # one whose ref collides with a paper's first four digits: both get longer refs
            new = replace(spare.pop(), slug=colliding([p.slug for p in papers], f"collide-{step}"))
            papers.insert(rng.randrange(len(papers)), new)
        elif kind == 3:  # a title, an abstract, the tags edited
            i = rng.randrange(len(papers))
            papers[i] = replace(papers[i], title=papers[i].title + " Quokka", abstract="A wombat. " + papers[i].abstract)
            j = rng.randrange(len(papers))
            papers[j] = replace(papers[j], auto_tags=papers[j].auto_tags[1:])
        elif kind == 4:  # a paper moved in the order, nothing else about it changed
            papers.insert(rng.randrange(len(papers)), papers.pop(rng.randrange(len(papers))))
        elif kind == 5:  # a tag renamed: every paper with it changes
            tag = sorted(names)[step % len(names)]
            names = {**names, tag: names[tag] + " Renamed"}
        else:  # several at once
            papers = [*papers[3:], spare.pop(), spare.pop()]
        last = state
        again, state = made(papers, names, state)
        assert again != files
        kept = [path for path in again if again[path] is last.files.get(path)]
        assert len(kept) > len(again) // 2, kind  # made again from the last build's, not from scratch
        files = again


def test_a_group_count_crossing_a_power_of_two_regroups_every_snippet(survey):
    names = {t: info.name for t, info in survey.tags.items()}
    papers = list(survey.papers)[:200]
    assert group_count(200) == 2 and group_count(201) == 4
    files, state = made(papers, names)
    more, state = made([*papers, list(survey.papers)[250]], names, state)
    assert sum("/snippets-" in path for path in more) == 4
    fewer, _ = made(papers[:150], names, state)
    assert sum("/snippets-" in path for path in fewer) == 2


def test_one_paper_more_rewrites_few_files(survey):
    names = {t: info.name for t, info in survey.tags.items()}
    papers = list(survey.papers)[:300]
    files, state = made(papers, names)
    new = replace(list(survey.papers)[305], slug="a-quokka-paper", title="Quokka Wombat Segmentation",
                  abstract="Quokka and wombat.")
    again, _ = made([*papers, new], names, state)
    changed = {path for path in again if again[path] != files.get(path)}
    assert all(again[path] is state.files[path] for path in again.keys() - changed - {"assets/search-docs.js",
                                                                                      "assets/search/authors.js"})
    assert changed <= {"assets/search-index.js", "assets/search-docs.js", "assets/search/abstract-qu.js",
                       "assets/search/abstract-wo.js", "assets/search/abstract-an.js", "assets/search/authors.js",
                       *(path for path in again if "/snippets-" in path or "/bibtex-" in path)}
    assert sum("/snippets-" in path for path in changed) == 1 and sum("/bibtex-" in path for path in changed) == 1


def test_without_bibtex_or_terms_it_is_the_clean_path(survey):
    names = {t: info.name for t, info in survey.tags.items()}
    papers = list(survey.papers)[:120]
    _, state = made(papers, names)
    made(papers[1:], names, state, bibtex=False)  # every paper's entry gone: every group again
    files, none = search_index(papers, names, {p.slug: paper_path(p.slug) for p in papers})
    assert none is None and dict(files) == dict(search_files(papers, names, {p.slug: paper_path(p.slug) for p in papers}))
