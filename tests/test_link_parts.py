"""Cross-links made from what a caller kept of each paper are the ones made from the papers."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from site_src.config import load_config
from site_src.errors import Report
from site_src.links.crosslinks import cross_links, paper_parts
from site_src.pipeline import build_site


def test_links_from_kept_parts_are_the_links_made_from_the_papers(seeds_site: Path):
    survey = build_site(load_config(None, seeds_site), Report(), write_site=False).survey
    papers = [replace(p, derived_tags=()) for p in survey.papers]
    parts = [paper_parts(p) for p in papers]
    made = cross_links(papers, Report())
    assert made.mentions and made.related  # the seeds mention each other and are alike
    assert cross_links(papers, Report(), parts=parts) == made
    # one paper gone, the others' parts kept as they were: links follow the survey as it is now
    fewer = cross_links(papers[1:], Report())
    assert cross_links(papers[1:], Report(), parts=parts[1:]) == fewer
    assert fewer != made
