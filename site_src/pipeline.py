"""The build, top to bottom: sources -> content pages -> linked survey -> site.

    records = read_sources(config)            # seeds: dumps, BibTeX, YAML -> Records
    papers  = merge_records(records)          # one Paper per distinct paper
    papers  = sync_content(papers, pages)     # + the user's own fields and pages
    survey  = link(papers, taxonomy)          # tags, mentions, related, backlinks
    write_pages(survey)                       # content/papers/*.md
    write_site(render(survey), config.out)    # _site/, swapped in atomically
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from site_src.cache import plan as incremental
from site_src.cache.state import (
    CODE_ROOT,
    BuildState,
    load_state,
    load_summary,
    remember,
    save_state,
    stamp,
    tree_digest,
)
from site_src.config import Config
from site_src.content.pages import load_pages, sync_content, write_pages
from site_src.content.pages import papers_dir as content_papers
from site_src.errors import BuildError, Report
from site_src.links.crosslinks import cached_cross_links
from site_src.links.survey import make_survey
from site_src.links.tagging import load_site_taxonomy, tag, tag_infos
from site_src.model import Paper, Survey
from site_src.output.guard import refuse_overlap  # safety:
from site_src.output.static import copy_static, static_digest, without_static  # safety:
from site_src.output.workers import die_with_parent  # safety:
from site_src.output.write import clean_stale, copy_assets, staging_dir, swap_in, write_files, write_in_place
from site_src.render.renderer import PROJECT_TEMPLATES, Renderer
from site_src.sources import read_sources
from site_src.sources.merge import merge_records


@dataclass
class BuildResult:
    survey: Survey | None  # None when nothing changed and nothing was rebuilt
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    papers: int = 0


class _Clock:
    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.t, 4)
        self.t = now


def ingest(config: Config, report: Report, state: BuildState | None = None,
           stamps: dict[str, tuple[int, int]] | None = None) -> list[Paper]:
    """Sources and content pages -> the survey's papers (no tags or links yet)."""
    state = state or BuildState()
    records = read_sources(config, report, state.sources)
    fingerprint = tuple(map(id, records))  # the same record objects: no seed file changed
    if state.merged is not None and state.merged[0] == fingerprint:
        papers, merge_problems, merged = state.merged[1], state.merged[2], state.merged[3]
        report.problems.extend(merge_problems)
        report.count("records merged", merged)
    else:
        mark = len(report.problems)
        papers = merge_records(records, report)
        state.merged = (fingerprint, papers, report.problems[mark:], report.counts.get("records merged", 0))
    pages = load_pages(config.root / config.content, config.root, report, state.pages, stamps)
    if report.errors:
        raise BuildError(report.errors)
    return sync_content(papers, pages, report, state.synced)


def link(papers: list[Paper], config: Config, report: Report, state: BuildState | None = None) -> Survey:
    """Tags from the taxonomy, then cross-links between papers."""
    state = state or BuildState()
    taxonomy = load_site_taxonomy(config)
    papers = tag(papers, taxonomy, config, report, state.tags, state.tagged)
    facets = tuple((f.id, f.name) for f in taxonomy.facets)
    return make_survey(papers, config, tag_infos(papers, taxonomy, config),
                       cached_cross_links(papers, report, state), facets)


def build_site(config: Config, report: Report, *, write_site: bool = True, clean: bool = False,
               persist: bool = True) -> BuildResult:
    """The whole build. With a cache from an earlier build, only what changed is redone."""
    refuse_overlap(config)  # safety: before anything is touched
    clock = _Clock()
    cache_dir = config.root / config.cache
    out = config.root / config.out
    clean_stale(out)  # what a killed build left behind
    settings = settings_digest(config)
    inputs = input_stamps(config)
    summary = load_summary(cache_dir) if not clean else None
    if (write_site and summary is not None and summary.settings == settings and summary.inputs == inputs
            and summary.out_stamp is not None and stamp(out / "index.html") == summary.out_stamp):
        report.problems.extend(summary.problems)
        report.notes.append("nothing changed since the last build")
        clock.lap("check")
        return BuildResult(None, 0, clock.laps, summary.paper_count)
    state = load_state(cache_dir) if not clean else BuildState()
    if state.settings != settings:
        state = BuildState(settings=settings)
    papers = ingest(config, report, state, inputs)
    clock.lap("ingest")
    survey = link(papers, config, report, state)
    clock.lap("link")
    if report.failed(config.strict):
        raise BuildError(report.errors or report.warnings)
    by_slug = dict(survey.by_slug)
    todo = incremental.plan(state.papers, state.links_used, by_slug, survey.links, state.tag_ids, set(survey.tags))
    if not (out / "index.html").exists() or stamp(out / "index.html") != state.out_stamp:
        todo = incremental.Plan(True, "the output folder changed")
    rewritten: list[Path] = []
    write_pages(list(survey.papers), survey.links, config.root / config.content, report,
                only=None if todo.full else todo.content, written_paths=rewritten)
    clock.lap("content")
    result = BuildResult(survey, 0, {}, len(survey.papers))
    if write_site:
        keys = state.bib_keys if not todo.full and not any(j.startswith("bib:") for j in todo.jobs) else None
        renderer = Renderer(survey, config, keys=keys)
        state.bib_keys = renderer.keys
        if todo.full:
            result.files = _write_everything(renderer, config, out, report)  # safety: report
            state.outputs = {"index.html"}  # non-empty: a full site is in place
        else:
            result.files = write_in_place(out, without_static(renderer.run(todo.jobs), config, report))  # safety:
            report.notes.append(f"incremental: {len(todo.jobs)} outputs re-rendered")
        clock.lap("render")
        state.out_stamp = stamp(out / "index.html")
    state.papers, state.links_used, state.tag_ids = by_slug, survey.links, set(survey.tags)
    for path in rewritten:  # ingest rewrote these pages: remember them as they are now
        inputs[str(path)] = stamp(path)  # type: ignore[assignment]
    state.inputs = inputs
    state.problems = list(report.problems)
    state.paper_count = len(survey.papers)
    _forget_gone(state)
    if write_site:
        remember(cache_dir, state)
        if persist:
            save_state(cache_dir, state)
    result.timings = clock.laps
    report.count("papers", len(survey.papers))
    return result


PARALLEL_MIN_PAPERS = 2000  # below this a second process costs more than it saves
_FORKED: tuple[Renderer, Path] | None = None  # what the forked page writer inherits


def _write_share(names: list[str]) -> int:
    assert _FORKED is not None
    renderer, staged = _FORKED
    return write_files(staged, renderer.run(names))


def _write_jobs(renderer: Renderer, staged: Path) -> int:
    """Every output; at scale a forked second process renders half the paper pages."""
    global _FORKED
    names = renderer.job_names()
    pages = [n for n in names if n.startswith("page:")]
    if (len(pages) < PARALLEL_MIN_PAPERS or (os.cpu_count() or 1) < 2
            or "fork" not in multiprocessing.get_all_start_methods()
            or threading.active_count() > 1):  # forking beside other threads (the dev server's) is unsafe
        return write_files(staged, renderer.run())
    # Measured at 10,000 papers: the search index costs about as much as 40% of the paper
    # pages, so the second process takes it with 30% of the pages and this one the rest.
    theirs = ["search", *pages[: len(pages) * 3 // 10]]
    skip = set(theirs)
    _FORKED = (renderer, staged)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:  # safety:
            other = pool.submit(_write_share, theirs)
            mine = write_files(staged, renderer.run([n for n in names if n not in skip]))
            return mine + other.result()
    finally:
        _FORKED = None


def _write_everything(renderer: Renderer, config: Config, out: Path, report: Report) -> int:  # safety: report
    """A full build: a new site beside the old one, swapped in when complete."""
    staged = staging_dir(out)
    try:
        files = _write_jobs(renderer, staged)
        files += write_files(staged, [(".nojekyll", b"")])
        assets = [PROJECT_TEMPLATES / "assets"]
        if config.templates:
            assets.append(config.root / config.templates / "assets")
        copy_assets(staged, assets)
        copy_static(staged, config, report)  # safety: the user's static/ files, last: they win
        swap_in(staged, out)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return files


def settings_digest(config: Config) -> str:
    """What every output depends on: the generator, its templates, the config and taxonomy."""
    h = hashlib.sha1(tree_digest(CODE_ROOT, PROJECT_TEMPLATES).encode())
    if config.templates:
        h.update(tree_digest(config.root / config.templates).encode())
    h.update(static_digest(config).encode())  # safety: a changed static file means a full build
    h.update(repr(config).encode())
    for path in (config.root / config.config_path, config.root / config.taxonomy):
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


def input_stamps(config: Config) -> dict[str, tuple[int, int]]:
    stamps: dict[str, tuple[int, int]] = {}
    for folder in (config.root / config.seeds, content_papers(config.root / config.content)):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_file():
                st = entry.stat()
                stamps[entry.path] = (st.st_mtime_ns, st.st_size)
    return stamps


def _forget_gone(state: BuildState) -> None:
    state.sources.forget_missing(set(state.inputs))
    state.pages.forget_missing(set(state.inputs))
    if len(state.tags) > 2 * max(len(state.papers), 1000):
        state.tags.clear()
