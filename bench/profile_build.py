"""Profile one build of a project folder: where the time goes, by function.

    python bench/profile_build.py PROJECT [--sort cumulative|tottime] [--limit N] [--save FILE]

Runs the same build as ``build.py build`` in PROJECT (a folder with ``seeds/``, and
optionally ``site.yaml``, ``taxonomy.yaml`` and ``content/``) under cProfile, prints the
stage timings, then the top functions. ``--save`` keeps the raw stats for ``pstats`` or
snakeviz. Times under the profiler are inflated (about 2x for pure-Python loops), so
compare them with each other, not with an unprofiled build.

From 2,000 papers the build shares work with a forked worker, which cProfile does not
see: ``--serial`` runs every share in this one process, so the profile holds all the work
(the CPU seconds to cut), not only this process's part of the wall time.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("project", type=Path)
    p.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime", "ncalls"])
    p.add_argument("--limit", type=int, default=40)
    p.add_argument("--save", type=Path, help="write the raw profile here")
    p.add_argument("--serial", action="store_true", help="every share in this process (see above)")
    args = p.parse_args(argv)
    if args.serial:
        from site_src import pipeline
        from site_src.executor import SerialExecutor

        pipeline.ForkExecutor = lambda workers=2: SerialExecutor()  # type: ignore[assignment,misc]
    project = args.project.resolve()
    os.chdir(project)  # the build reads the project from the current folder, as build.py does
    config = load_config(None, project)
    report = Report()
    profiler = cProfile.Profile()
    result = profiler.runcall(build_site, config, report)
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    print(f"profiled build of {project}: {result.files} files ({timing})")
    if args.save:
        profiler.dump_stats(args.save)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.limit)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
