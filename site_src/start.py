"""The start of every build, before any stage is imported.

    with begin(config, report, check=True) as checked:
        if checked and checked.papers is not None:
            ...  # nothing changed: the last build's problems were replayed into ``report``
        ...      # build, holding the project's lock

In order: an output folder that is or holds an input is refused before anything is
touched; the project's build lock is taken (one build at a time); what killed builds
left beside the output is tidied; then, for a build that keeps a summary (the command
line's, the warm build process's), the inputs and settings are compared with the last
build's. Nothing here imports numpy, jinja2 or markdown, so a build with nothing to do
costs a few stats, not the half second the stages take to import.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from site_src.cache import summary
from site_src.cache.lock import one_build
from site_src.config import Config
from site_src.errors import Report
from site_src.output.guard import refuse_overlap
from site_src.output.write import clean_stale


@contextmanager
def begin(config: Config, report: Report, *, check: bool, clean: bool = False) -> Iterator[summary.Check | None]:
    """Guard, lock, tidy; then, with ``check``, the summary check (``clean``: a fresh one, not compared).

    Yields None for a build that keeps no summary (the dev server's, an ingest)."""
    refuse_overlap(config)
    with one_build(config.root / config.cache):
        clean_stale(config.root / config.out)
        if not check:
            yield None
        elif clean:
            yield summary.Check(summary.settings_digest(config), summary.input_stamps(config), None)
        else:
            yield summary.check(config, report)
