"""Tags for every paper: the taxonomy's rules, the derived facets, the user's own choices.

Also the warnings a researcher acts on: a tag name not in the taxonomy, a tag on too
many papers to help, a paper with no topical tag.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from site_src.config import Config
from site_src.errors import Report
from site_src.links.taxonomy import (
    Taxonomy,
    breadth_report,
    check_tag_names,
    derived_tags,
    load_taxonomy,
    tag_id_problem,
)
from site_src.model import Paper, TagInfo


def tag(papers: list[Paper], assigned: Mapping[str, tuple[str, ...]], taxonomy: Taxonomy, config: Config,
        report: Report) -> list[Paper]:
    """The taxonomy's rules (``assigned``: each paper's tags from :func:`assign_tags`), then the
    user's additions and vetoes; warnings for what looks wrong."""
    papers = [tag_paper(p, assigned[p.slug], report) for p in papers]
    check_tags(papers, taxonomy, config, report)
    return papers


def tag_paper(paper: Paper, assigned: tuple[str, ...], report: Report,
              keywords: tuple[str, ...] | None = None) -> Paper:
    """One paper with the rules' tags and its derived facts (year, code, collections); a
    ``my_tags``/``not_tags`` entry that cannot be a tag id is an error, and dropped.
    ``keywords``: the source's keywords that named no tag, when some did."""
    paper = _valid_user_tags(paper, report)
    return replace(paper, auto_tags=assigned, derived_tags=derived_tags(paper),
                   keywords=paper.keywords if keywords is None else keywords)


def check_tags(papers: list[Paper], taxonomy: Taxonomy, config: Config, report: Report) -> None:
    """Warnings across the survey: unknown tag names, tags too broad to help, untagged papers."""
    collections = sorted({cid for p in papers for cid in p.collections})
    for p in papers:
        if not (p.user_tags or p.vetoed_tags):
            continue
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


def _valid_user_tags(paper: Paper, report: Report) -> Paper:
    """The paper without ``my_tags``/``not_tags`` entries that cannot be tag ids, each one an error:
    a tag id becomes a file name and a URL (``javascript:alert(1)`` or ``index`` must never)."""
    bad = {t for t in (*paper.user_tags, *paper.vetoed_tags) if tag_id_problem(t)}
    if not bad:
        return paper
    for field, tags in (("my_tags", paper.user_tags), ("not_tags", paper.vetoed_tags)):
        for t in tags:
            if t in bad:
                report.error(paper.path or paper.slug, 0, f"{field}: {tag_id_problem(t)}")
    return replace(paper, user_tags=tuple(t for t in paper.user_tags if t not in bad),
                   vetoed_tags=tuple(t for t in paper.vetoed_tags if t not in bad))


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
                                    facet.id if facet else "other", facet.name if facet else "Other",
                                    topical=facet.topical if facet else True)
    return infos


def load_site_taxonomy(config: Config) -> Taxonomy:
    path = config.root / config.taxonomy
    if not path.exists():
        return Taxonomy(facets=(), tags={})  # no taxonomy file: only derived tags and the user's own
    return load_taxonomy(path, str(config.taxonomy))
