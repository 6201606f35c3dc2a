#!/usr/bin/env python3
"""CPU time of each data job (search index, papers.json, feeds, BibTeX and CSL, sitemap), in this process.

    python bench/data_jobs.py PROJECT [--runs 3]

Reads PROJECT's survey as a build does (without writing a site), then renders the data jobs
``--runs`` times as a one-shot build's data worker does (nothing kept: every paper's search
terms found, every BibTeX entry made), and as a dev-server build after an addition does (each
paper's search terms and the shared pieces -- BibTeX entries, papers.json and CSL lines --
kept from an earlier build, as :func:`site_src.pipeline.search_terms` and ``Reader.reuse``
keep them; the global weights and every file still made again). Prints the median CPU
seconds of each job, cold and kept. Run it with the code of two commits on the same project
to compare them; the machine's load matters less to CPU time than to wall time.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402
from site_src.render.renderer import Renderer  # noqa: E402
from site_src.search.index import paper_terms  # noqa: E402

DATA = ("search", "tag-names", "papers.json", "feed", "bib:all", "robots", "sitemap")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    project = args.project.resolve()
    os.chdir(project)
    config = load_config(None, project)
    survey = build_site(config, Report(), write_site=False).survey
    assert survey is not None
    names = [n for n in Renderer(survey, config).job_names() if n in DATA or n.startswith("feed:")]
    kept = {p.slug: paper_terms(p) for p in survey.papers}
    earlier = Renderer(survey, config, search_terms=kept)
    for _ in earlier.run(names):
        pass
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.runs):
        for mode in ("cold", "kept"):
            renderer = Renderer(survey, config, search_terms=kept if mode == "kept" else None)
            if mode == "kept":
                renderer.r.reuse(earlier.r.pieces(), lambda reads: False)
            for name in names:
                started = time.process_time()
                renderer.job(name)
                job = "feed:*" if name.startswith("feed:") else name
                times.setdefault((job, mode), []).append(time.process_time() - started)
    print(f"{len(survey.papers)} papers, median CPU seconds over {args.runs} runs")
    print(f"{'job':12s} {'cold':>7s} {'kept':>7s}")
    totals = {"cold": 0.0, "kept": 0.0}
    for job in dict.fromkeys(j for j, _ in times):
        row = {mode: statistics.median(times[job, mode]) for mode in ("cold", "kept")}
        for mode, value in row.items():
            totals[mode] += value
        print(f"{job:12s} {row['cold']:7.2f} {row['kept']:7.2f}")
    print(f"{'total':12s} {totals['cold']:7.2f} {totals['kept']:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
