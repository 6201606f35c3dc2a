"""The build, top to bottom: sources -> merged papers -> content pages -> linked survey -> site.

:func:`build` is the pipeline: each stage is a plain function of its inputs. The
:class:`~site_src.cache.memo.Memo` it is given wraps the costly ones at their boundary,
keyed by digests of what they read; the caller owns it (:func:`build_site` loads it
from ``.cache/`` and saves it; the dev server keeps one in memory). A clean build is
the same code with an empty memo.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import compress
from operator import is_not
from pathlib import Path

import orjson

from site_src.cache import summary
from site_src.cache.memo import Memo, digest, load_memo
from site_src.config import Config
from site_src.content.pages import PageFile, page_files, page_files_again, read_page
from site_src.content.sync import join_page, page_slugs, pages_left
from site_src.content.write import Head, page_heads
from site_src.errors import BuildError, Report
from site_src.executor import Executor, ForkExecutor, SerialExecutor, for_papers
from site_src.files import stamp as _stamp
from site_src.links.crosslinks import LastScan, PaperParts, cross_links, paper_parts
from site_src.links.keywords import aliases, split_keywords
from site_src.links.survey import arrange, assemble
from site_src.links.tagging import check_tags, load_site_taxonomy, tag_infos, tag_paper
from site_src.links.taxonomy import Taxonomy, assign_tags
from site_src.model import Paper, Record, Survey
from site_src.output.publish import Published, Since, publish
from site_src.reads import survey_keys
from site_src.render.cite import bibtex_key, unique_citekeys
from site_src.search.index import PaperTerms, paper_terms
from site_src.sources import read_source, source_files_of
from site_src.sources.merge import group_records, merge_group
from site_src.start import begin


def build(config: Config, memo: Memo, executor: Executor, report: Report, *, settings: str = "",
          write_site: bool = True, changed: frozenset[str] | None = None) -> Published:
    """The whole build: the stages in order, the costly ones memoised at their boundary.

    ``changed``: the files the dev server's watcher saw change since its last build."""
    first = memo.kept("published") is None
    site = build_once(config, memo, executor, report, settings=settings, write_site=write_site, changed=changed)
    if first and memo.in_memory:
        # The dev server's first build: a second pass with nothing changed, while nobody waits
        # for it. The content pages the first wrote (a new project's) are inputs of the next
        # build, which would run every paper's steps again (3 s at 10,000 papers), and the
        # indexes of who read what are made from the first's record; the first edit then
        # costs what later ones do.
        memo.forget_unused()
        try:
            build_once(config, memo, executor, Report(), settings=settings, write_site=write_site,
                       changed=frozenset(), warm_up=True)
        except BuildError:
            pass  # what it found, the next build reports
    return site


def build_once(config: Config, memo: Memo, executor: Executor, report: Report, *, settings: str = "",
               write_site: bool = True, changed: frozenset[str] | None = None, warm_up: bool = False) -> Published:
    """The stages in order (see :func:`build`); ``warm_up``: the dev server's idle second pass."""
    sources = source_files_of(config, report)
    records = [r for f in sources for r in memo.call("source", f.key, partial(read_source, f, config), report)]
    papers = merge(records, digest(*(f.key for f in sources)), memo, report)
    files = find_pages(config, memo, changed, report)
    pages = read_pages(files, memo, report)
    papers = join_content(list(papers), {p.slug: p for _, p in pages}, memo, report)
    taxonomy = memo.call("taxonomy", _file_key(config.root / config.taxonomy), partial(_taxonomy, config), report,
                         persist=False)
    heads: dict[str, Head] = {}  # the content pages' first parts, made while the related papers are found
    survey = link(papers, taxonomy, config, memo, executor, report, warm_up=warm_up,
                  meanwhile=lambda tagged: heads.update(page_heads(tagged)))
    citekeys, slugs, prints = fingerprints(survey, memo, report)
    terms = search_terms(survey, slugs, memo, report)
    stamps = {f.path: f.stamp for f, _ in pages}
    site = publish(survey, citekeys, dict(zip(slugs, prints)), config, stamps, memo.site, executor, report,
                   settings=settings, write_site=write_site, since=since_last(memo, slugs, prints, citekeys, stamps),
                   parts=parts(survey, citekeys, slugs, memo, report), search_terms=terms,
                   pieces=memo.kept("pieces"), heads=heads)
    memo.site = site.record  # what the next build compares against
    memo.keep("published", (site.record, slugs, prints, citekeys, stamps, site.readers))
    memo.keep("pieces", site.pieces)  # made against this record: the next build of this process checks them
    if site.written and memo.kept("page-files") is not None:  # the pages this build wrote, as it left them
        memo.keep("page-files", page_files_again(files, site.written, config.root / config.content, config.root,
                                                 report))
    for path, (stamp, page) in site.reread.items():
        memo.put("page", _page_key(path, stamp), page)
    return site


def merge(records: list[Record], key: str, memo: Memo, report: Report) -> list[Paper]:
    """One paper per distinct paper: the records grouped, then each group merged, again only
    for the groups whose records changed (an added paper is one group more). Cheaper to
    redo than to load from disk: kept in memory only."""
    groups = memo.call("merge", key, partial(group_records, records), report, persist=False)
    slugs = [slug for slug, _ in groups]
    return memo.each("merged", slugs, ([group for _, group in groups], slugs), merge_group, report)


def find_pages(config: Config, memo: Memo, changed: frozenset[str] | None, report: Report) -> list[PageFile]:
    """The content pages; in the dev server, only the ones its watcher saw change are looked at again."""
    content, last = config.root / config.content, memo.kept("page-files")
    files = None if changed is None or last is None else page_files_again(last, changed, content, config.root, report)
    if files is None:
        files = page_files(content, config.root, report)
    memo.keep("page-files", files)  # now: a build that fails later must not lose what this one saw
    return files


def read_pages(files: list[PageFile], memo: Memo, report: Report) -> list[tuple[PageFile, Paper]]:
    before = len(report.errors)
    pages = memo.each("pages", [f.path for f in files], (files,), partial(_read_page, memo), report)
    if len(report.errors) > before:  # even with --keep-going: a page left out would be written over
        raise BuildError(report.errors)
    return [(f, p) for f, p in zip(files, pages) if p is not None]


def _read_page(memo: Memo, file: PageFile, report: Report) -> Paper | None:
    """One page, as read before when its stamp is the same (or as the last build wrote it)."""
    return memo.call("page", _page_key(file.path, file.stamp), partial(read_page, file), report)


def _page_key(path: str, stamp: tuple[int, ...] | list[int]) -> str:
    return f"{path}|{stamp[0]}|{stamp[1]}"


def join_content(papers: list[Paper], pages: dict[str, Paper], memo: Memo, report: Report) -> list[Paper]:
    """Each source paper joined with its content page (see :mod:`site_src.content.sync`)."""
    keys = _slugs(papers)
    marks = memo.each("marks", keys, (papers,), _marks, report)
    page_marks = memo.each("page-marks", list(pages), (list(pages.values()),), _marks, report)
    slugs = memo.over("page-slugs", (marks, page_marks), lambda _: page_slugs(papers, pages), report)
    kept = list(map(slugs.__getitem__, keys))
    joined = memo.each("join", keys, (papers, kept, list(map(pages.get, kept))), join_page, report)
    return joined + pages_left(papers, slugs, pages, report)


def _slugs(papers: list[Paper]) -> list[str]:
    return [p.slug for p in papers]


def _marks(p: Paper, report: Report) -> tuple[object, ...]:
    """All that finding a paper's page reads of it (and of a page)."""
    return (p.slug, p.ids, p.key, p.sources)


def link(papers: list[Paper], taxonomy: Taxonomy, config: Config, memo: Memo, executor: Executor,
         report: Report, warm_up: bool = False, meanwhile: Callable[[list[Paper]], None] | None = None) -> Survey:
    """Tags from the taxonomy's rules and the user's choices, then cross-links between papers.

    ``warm_up``: a long-lived process's idle pass, which makes the scans it keeps (see
    :class:`LastScan`) when its first build took the cross-links from the cache on disk: made
    then, while nobody waits, not by the first addition. ``meanwhile``: work on the tagged
    papers for this process while another finds the related papers (when they are found)."""
    names = memo.call("aliases", taxonomy.digest, lambda _: aliases(taxonomy), report, persist=False)
    rule_tags_in_parallel(papers, taxonomy, memo, executor)
    keys = _slugs(papers)
    papers = memo.each("tag", keys, (papers, [taxonomy] * len(keys), [names] * len(keys)), partial(_tag, memo),
                       report)
    shapes = memo.each("shape", keys, (papers,), _shape, report)
    memo.over("check-tags", (taxonomy, config, shapes), partial(check_tags, papers, taxonomy, config), report)
    if report.failed(config.strict) and not config.keep_going:
        raise BuildError(report.errors or report.warnings)
    topics = memo.each("topics", keys, (papers,), _topics, report)
    # what the cross-links read of each paper alone, kept by the dev server (a one-shot build makes them in its workers)
    link_parts = memo.each("link-parts", keys, (topics,), _link_parts, report) if memo.in_memory else None
    # and what its last scan of abstracts for names found: an addition scans only where it could show
    last_scan = memo.kept("mention-scan") or LastScan() if memo.in_memory else None
    memo.keep("mention-scan", last_scan)
    key = text_key(topics, memo, report)
    if warm_up and last_scan is not None and (last_scan.scan is None or last_scan.related is None):
        cross_links(topics, Report(), parts=link_parts, last=last_scan)  # the same links as the memo's
    links = memo.call("links", key,
                      partial(cross_links, topics, executor=for_papers(executor, len(papers)), parts=link_parts,
                              last=last_scan, meanwhile=None if meanwhile is None else partial(meanwhile, papers)),
                      report)
    infos = memo.over("tag-infos", (taxonomy, config, shapes), lambda _: tag_infos(papers, taxonomy, config), report)
    arranged = memo.over("arrange", (config, infos, shapes), lambda _: arrange(papers, config, infos), report)
    return assemble(papers, arranged, links, tuple((f.id, f.name) for f in taxonomy.facets))


def _link_parts(p: Paper, report: Report) -> PaperParts:
    return paper_parts(p)


def _shape(p: Paper, report: Report) -> tuple[object, ...]:
    """All that checking tags, describing them and arranging the survey read of a paper."""
    return (p.slug, p.path, p.date, p.title, p.collections, p.tags, p.user_tags, p.vetoed_tags)


def _tags_key(taxonomy: Taxonomy, paper: Paper) -> str:
    return digest(taxonomy.digest, paper.title, paper.abstract)


def rule_tags_in_parallel(papers: list[Paper], taxonomy: Taxonomy, memo: Memo, executor: Executor) -> None:
    """The rules' tags of the papers the memo lacks, in one share per worker, into the memo."""
    if for_papers(executor, len(papers)).workers < 2:
        return  # _tag computes them one by one (the dev server: without a digest of every abstract)
    missing = {key: p for p in papers if not memo.has("tags", key := _tags_key(taxonomy, p))}
    if for_papers(executor, len(missing)).workers < 2:
        return
    taxonomy.matcher  # noqa: B018 - built once, before the fork, not once per worker
    items = list(missing.items())
    shares = [items[i::executor.workers] for i in range(executor.workers)]
    for share, tags in zip(shares, executor.map(partial(_assign_share, taxonomy), shares)):
        for (key, _), found in zip(share, tags):
            memo.put("tags", key, tuple(found))


def _assign_share(taxonomy: Taxonomy, share: list[tuple[str, Paper]]) -> list[list[str]]:
    return [list(assign_tags(taxonomy, p.title, p.abstract)) for _, p in share]


def _tag(memo: Memo, paper: Paper, taxonomy: Taxonomy, names: dict[str, str], report: Report) -> Paper:
    """One paper's tags: its keywords that name a tag, the rules' (memoised by its text), its own."""
    from_keywords, keywords = split_keywords(paper.keywords, names)
    assigned = memo.call("tags", _tags_key(taxonomy, paper), partial(_assign, taxonomy, paper.title, paper.abstract),
                         report)
    return tag_paper(paper, tuple(dict.fromkeys(assigned + from_keywords)), report, keywords)


def _topics(paper: Paper, report: Report) -> Paper:
    return replace(paper, derived_tags=())  # year, code and collection are facts, not topics


def fingerprints(survey: Survey, memo: Memo, report: Report) -> tuple[dict[str, str], list[str], list[str]]:
    """Per paper: its citation key, and a digest of all else an output can read of it (with the slugs, in order)."""
    links, papers = survey.links, list(survey.papers)
    slugs = _slugs(papers)
    prints = memo.each("fingerprint", slugs, (papers, list(map(links.mentions.get, slugs)),
                                              list(map(links.mentioned_by.get, slugs)),
                                              list(map(links.related.get, slugs))), _fingerprint, report)
    own = memo.each("citekey", slugs, (papers,), _citekey, report)
    citekeys = memo.over("citekeys", (slugs, own), lambda _: unique_citekeys(zip(slugs, own)), report)
    return citekeys, slugs, prints


def parts(survey: Survey, citekeys: dict[str, str], slugs: list[str], memo: Memo, report: Report) -> dict[str, str]:
    """The survey's named parts as publishing compares them: again only when the groups, the
    order or someone's authors changed."""
    authors = memo.each("authors", slugs, (list(survey.papers),), _authors, report)
    return memo.over("survey-keys", (survey.tags, survey.tagged, survey.collections, survey.facets, slugs, authors,
                                     citekeys), lambda _: survey_keys(survey, citekeys), report)


def _authors(paper: Paper, report: Report) -> tuple[str, ...]:
    return paper.authors


def since_last(memo: Memo, slugs: list[str], prints: list[str], citekeys: dict[str, str],
               stamps: dict[str, tuple[int, int]]) -> Since | None:
    """What differs from the site the last build of this process published, found without a pass
    in Python over every paper: the fingerprints that are not the very same objects (each step
    hands back its last result for equal inputs), and the pages whose stamps differ. None from
    the command line, after a failed build, or when papers were added, removed or reordered."""
    last = memo.kept("published")
    if last is None or last[0] is not memo.site or last[1] != slugs:
        return None
    _, _, old_prints, old_citekeys, old_stamps, readers = last
    papers = {slugs[i] for i in compress(range(len(slugs)), map(is_not, old_prints, prints))}
    if citekeys is not old_citekeys:
        papers |= {slug for slug in slugs if citekeys.get(slug) != old_citekeys.get(slug)}
    return Since(papers, {path for path, _ in old_stamps.items() ^ stamps.items()}, readers)


def search_terms(survey: Survey, slugs: list[str], memo: Memo, report: Report) -> dict[str, PaperTerms] | None:
    """Each paper's search terms, kept between the dev server's builds: an added paper changes
    every weight in the index but no other paper's terms. A one-shot build leaves them to the search job."""
    if not memo.in_memory:
        return None
    terms = memo.each("search-terms", slugs, (list(survey.papers),), _paper_terms, report)
    return dict(zip(slugs, terms, strict=True))


def _paper_terms(paper: Paper, report: Report) -> PaperTerms:
    return paper_terms(paper)


def _fingerprint(paper: Paper, mentions: object, mentioned_by: object, related: object, report: Report) -> str:
    """orjson writes the paper's fields in C, several times faster than ``repr``; text it refuses
    (a lone surrogate, from a JSON seed's ``"\\ud800"``) goes through ``repr``."""
    whole = (paper, mentions, mentioned_by, related)
    try:
        return digest(orjson.dumps(whole))
    except orjson.JSONEncodeError:
        return digest(repr(whole))


def _citekey(paper: Paper, report: Report) -> str:
    return bibtex_key(paper)


def _taxonomy(config: Config, report: Report) -> Taxonomy:
    return load_site_taxonomy(config)


def _file_key(path: Path) -> str:
    return f"{path}|{_stamp(path)}"


def _assign(taxonomy: Taxonomy, title: str, abstract: str, report: Report) -> tuple[str, ...]:
    return assign_tags(taxonomy, title, abstract)


def text_key(papers: list[Paper], memo: Memo, report: Report) -> str:
    """A digest of everything cross-links are computed from (one digest per paper, memoised)."""
    own = memo.each("text", _slugs(papers), (papers,), _text_digest, report)
    return memo.over("text-key", (own,), lambda _: digest(*sorted(own)), report)


def _text_digest(p: Paper, report: Report) -> str:
    return digest(p.slug, p.title, p.abstract, *p.tags, "\x01")


# ---------------------------------------------------------------------- the caller's side

@dataclass
class BuildResult:
    survey: Survey | None  # None when nothing changed and nothing was rebuilt
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    papers: int = 0


def build_site(config: Config, report: Report, *, write_site: bool = True, clean: bool = False,
               memo: Memo | None = None, changed: frozenset[str] | None = None) -> BuildResult:
    """One build for the tests, the dev server and the command line's other subcommands.

    Without ``memo`` the memo is loaded from the cache folder and saved back (``clean``
    starts empty), and the last build's summary is checked first: nothing changed, nothing
    is done. With one (the dev server's, kept in memory) it is used and updated, and no
    summary is kept. ``changed``: the files the dev server's watcher saw change since its
    last build (None: look at every input)."""
    started = time.perf_counter()
    with begin(config, report, check=memo is None and write_site, clean=clean) as checked:
        if checked is not None and checked.papers is not None:
            return BuildResult(None, 0, {"check": round(time.perf_counter() - started, 4)}, checked.papers)
        return build_held(config, report, checked, write_site=write_site, clean=clean, memo=memo, changed=changed,
                          started=started)


def build_held(config: Config, report: Report, checked: summary.Check | None, *, write_site: bool = True,
               clean: bool = False, memo: Memo | None = None, changed: frozenset[str] | None = None,
               fork: bool | None = None, started: float | None = None) -> BuildResult:
    """The build, once :func:`site_src.start.begin` (whose lock the caller holds) found something to do.

    ``checked``: that summary check, saved anew after the build (None: keep no summary).
    ``memo``: one kept in memory by a long-lived process (the dev server, the warm build
    process); without, it is loaded from the cache folder and saved back. ``fork``: render
    with two forked workers; by default only when the memo is this build's own, since the
    dev server runs threads, beside which forking is unsafe."""
    started = time.perf_counter() if started is None else started
    cache_dir = config.root / config.cache
    own = memo is None
    settings = checked.settings if checked else summary.settings_digest(config)
    if memo is None:
        memo = Memo(code=summary.code_digest()) if clean else load_memo(cache_dir, report, summary.code_digest())
        memo.in_memory = False  # this process ends with the build: nothing to reuse by identity
    fork = own if fork is None else fork
    executor: Executor = ForkExecutor(2) if fork and (os.cpu_count() or 1) >= 2 else SerialExecutor()
    result = build(config, memo, executor, report, settings=settings, write_site=write_site, changed=changed)
    memo.forget_unused()
    papers = result.papers
    if own and write_site:
        memo.save(cache_dir)
    if checked is not None and write_site:
        summary.save(config, checked, result.written, papers, report)
    report.count("papers", papers)
    return BuildResult(result.survey, result.files, {"build": round(time.perf_counter() - started, 4)}, papers)


__all__ = ["BuildResult", "Record", "build", "build_held", "build_site"]
