#!/usr/bin/env python3
"""The search job after a one-paper addition, removal or edit: made again from the last build's files, or from scratch.

    python bench/search_update.py PROJECT [--runs 5]

Reads PROJECT's survey as a build does (without writing a site). For each change (a paper
added: the survey without it, then with it; one removed; one's abstract edited), makes the
search files of the survey before the change with each paper's terms kept (as the dev server
keeps them, :func:`site_src.pipeline.search_terms`), then times making those of the survey
after it ``--runs`` times each way: from the files and state of the build before
(:func:`site_src.search.update.search_index` with ``last``, what the dev server's search job
does) and clean (``last`` None, what the first build and the command line do). BibTeX entries
come from the renderer, made once before the timing (as the dev server's kept pieces hand them
out). Prints median wall seconds and the number of files whose bytes changed (the ones the
writer writes). Numbers, not assertions.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.model import Paper  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402
from site_src.render.renderer import Renderer, paper_path  # noqa: E402
from site_src.search.index import Facets, paper_terms  # noqa: E402
from site_src.search.update import search_index  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    project = args.project.resolve()
    os.chdir(project)
    config = load_config(None, project)
    survey = build_site(config, Report(), write_site=False).survey
    assert survey is not None
    renderer = Renderer(survey, config)
    names = {t: info.name for t, info in survey.tags.items()}
    entries: dict[str, str] = {}

    def bibtex(p: Paper) -> str:
        if p.slug not in entries:
            entries[p.slug] = renderer.entry(p.slug).citation(renderer.keys[p.slug])
        return entries[p.slug]

    facets = Facets(tags=[(t, names[t], "", True) for t in sorted(names)], bibtex=bibtex)
    papers = list(survey.papers)
    terms = {p.slug: paper_terms(p) for p in papers}
    middle = len(papers) // 2
    edited = replace(papers[middle], abstract=papers[middle].abstract + " One more sentence.")
    terms[edited.slug + "#edited"] = paper_terms(edited)
    changes = {
        "addition": (papers[:middle] + papers[middle + 1:], papers),
        "removal": (papers, papers[:middle] + papers[middle + 1:]),
        "edit": (papers, [*papers[:middle], edited, *papers[middle + 1:]]),
    }
    print(f"{len(papers)} papers, median wall seconds of the search job over {args.runs} runs")
    print(f"{'change':10s} {'kept':>7s} {'clean':>7s} {'files':>6s} {'changed':>8s}")
    for change, (before, after) in changes.items():
        def made(ps: list[Paper], last: object = None, edit: bool = False) -> tuple:
            kept = {p.slug: terms[p.slug + "#edited"] if edit and p is edited else terms[p.slug] for p in ps}
            return search_index(ps, names, {p.slug: paper_path(p.slug) for p in ps}, facets=facets, terms=kept,
                                last=last)  # type: ignore[arg-type]
        old_files, state = made(before)
        times: dict[str, list[float]] = {"kept": [], "clean": []}
        for _ in range(args.runs):
            for mode in ("kept", "clean"):
                started = time.perf_counter()
                files, _ = made(after, state if mode == "kept" else None, edit=change == "edit")
                times[mode].append(time.perf_counter() - started)
        old = dict(old_files)
        changed = sum(1 for path, data in files if old.get(path) != data)
        print(f"{change:10s} {statistics.median(times['kept']):7.3f} {statistics.median(times['clean']):7.3f} "
              f"{len(files):6d} {changed:8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
