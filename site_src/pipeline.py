"""The build, top to bottom: sources -> content pages -> linked survey -> site.

    records = read_sources(config)            # seeds: dumps, BibTeX, YAML -> Records
    papers  = merge_records(records)          # one Paper per distinct paper
    papers  = sync_content(papers, pages)     # + the user's own fields and pages
    survey  = link(papers, taxonomy)          # tags, mentions, related, backlinks
    write_pages(survey)                       # content/papers/*.md
    write_site(render(survey), config.out)    # _site/, swapped in atomically
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import Config
from .content import load_pages, sync_content, write_pages
from .errors import BuildError, Report
from .mentions import find_mentions
from .merge import merge_records
from .model import CrossLinks, Paper
from .output import clean_stale, copy_assets, staging_dir, swap_in, write_files
from .related import related_papers
from .render import PROJECT_TEMPLATES, Renderer
from .sources import read_sources
from .survey import Survey, TagInfo, apply_tags, make_survey
from .taxonomy import (Taxonomy, assign_tags, breadth_report, check_tag_names, derived_tags, load_taxonomy)


@dataclass
class BuildResult:
    survey: Survey
    files: int = 0
    timings: dict[str, float] = field(default_factory=dict)


class _Clock:
    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.t, 4)
        self.t = now


def ingest(config: Config, report: Report) -> list[Paper]:
    """Sources and content pages -> the survey's papers (no tags or links yet)."""
    records = read_sources(config, report)
    papers = merge_records(records, report)
    pages = load_pages(config.root / config.content, config.root, report)
    if report.errors:
        raise BuildError(report.errors)
    return sync_content(papers, pages, report)


def cross_links(papers: list[Paper], report: Report) -> CrossLinks:
    """Mentions by short name, backlinks, and the most similar papers."""
    found = find_mentions(papers)
    # year, code and collection are facts, not topics: similarity and its reasons use topics only
    similar = related_papers([replace(p, derived_tags=()) for p in papers])
    linked = sum(len(v) for v in found.links.values())
    report.notes.append(f"mentions: {linked} linked, {len(found.ambiguous)} names ambiguous and left unlinked"
                        + (f" ({', '.join(sorted(found.ambiguous)[:8])})" if found.ambiguous else ""))
    return CrossLinks(
        mentions={s: tuple((t, found.via.get((s, t), "")) for t in ts) for s, ts in found.links.items() if ts},
        mentioned_by={s: ts for s, ts in found.mentioned_by.items() if ts},
        related={s: tuple((r.slug, r.reason) for r in rs) for s, rs in similar.items() if rs},
    )


def tag(papers: list[Paper], taxonomy: Taxonomy, config: Config, report: Report) -> list[Paper]:
    """The taxonomy's rules, then the user's additions and vetoes; warnings for what looks wrong."""
    papers = apply_tags(papers, lambda p: assign_tags(taxonomy, p.title, p.abstract), derived_tags)
    collections = sorted({cid for p in papers for cid in p.collections})
    for p in papers:
        for problem in check_tag_names(taxonomy, (*p.user_tags, *p.vetoed_tags), p.path or p.slug, 0,
                                       collections=collections):
            report.add(problem)
    for warning in breadth_report(taxonomy, {p.slug: p.tags for p in papers}):
        report.warn(str(config.taxonomy), 0, warning)
    topical = taxonomy.topical_tags
    untagged = [p for p in papers if not topical & set(p.tags)]
    if untagged:
        report.notes.append(f"tags: {len(untagged)} papers have no topical tag (e.g. {untagged[0].slug}); "
                            f"add a rule to {config.taxonomy} or a my_tags entry")
    return papers


def tag_infos(papers: list[Paper], taxonomy: Taxonomy, config: Config) -> dict[str, TagInfo]:
    titles = {cid: config.collection(cid).title or cid for p in papers for cid in p.collections}
    infos: dict[str, TagInfo] = {}
    every = {t for p in papers for t in p.tags}
    order = [t for f in taxonomy.facets for t in f.tags] + sorted(every)
    for tag_id in order:
        if tag_id not in every or tag_id in infos:
            continue
        described = taxonomy.describe(tag_id, titles)
        facet = taxonomy.facet_of(tag_id)
        if described is None:
            infos[tag_id] = TagInfo(tag_id, tag_id, "", "other", "Other")
        else:
            infos[tag_id] = TagInfo(tag_id, described.name, described.description,
                                    facet.id if facet else "other", facet.name if facet else "Other")
    return infos


def load_site_taxonomy(config: Config) -> Taxonomy:
    path = config.root / config.taxonomy
    if not path.exists():
        return Taxonomy(facets=(), tags={})  # no taxonomy file: only derived tags and the user's own
    return load_taxonomy(path, str(config.taxonomy))


def link(papers: list[Paper], config: Config, report: Report) -> Survey:
    """Tags from the taxonomy, then cross-links between papers."""
    taxonomy = load_site_taxonomy(config)
    papers = tag(papers, taxonomy, config, report)
    facets = tuple((f.id, f.name) for f in taxonomy.facets)
    return make_survey(papers, config, tag_infos(papers, taxonomy, config), cross_links(papers, report), facets)


def build_site(config: Config, report: Report, *, write_site: bool = True) -> BuildResult:
    clock = _Clock()
    papers = ingest(config, report)
    clock.lap("ingest")
    survey = link(papers, config, report)
    clock.lap("link")
    if report.failed(config.strict):
        raise BuildError(report.errors or report.warnings)
    write_pages(list(survey.papers), survey.links, config.root / config.content, report)
    clock.lap("content")
    result = BuildResult(survey)
    if write_site:
        out = config.root / config.out
        clean_stale(out)
        staged = staging_dir(out)
        renderer = Renderer(survey, config)
        try:
            result.files = write_files(staged, renderer.all_pages())
            clock.lap("render")
            result.files += write_files(staged, renderer.data_files())
            result.files += write_files(staged, [(".nojekyll", b"")])
            clock.lap("search")
            assets = [PROJECT_TEMPLATES / "assets"]
            if config.templates:
                assets.append(config.root / config.templates / "assets")
            copy_assets(staged, assets)
            swap_in(staged, out)
        except BaseException:
            import shutil
            shutil.rmtree(staged, ignore_errors=True)
            raise
        clock.lap("write")
    result.timings = clock.laps
    report.count("papers", len(survey.papers))
    return result


def content_root(config: Config) -> Path:
    return config.root / config.content
