"""``build.py serve``: build, serve the site on loopback, rebuild and reload on change.

The server owns one memo, kept in memory across rebuilds; it is written to ``.cache/``
once, when the server stops, so a plain ``build`` afterwards is incremental too.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from site_src.cache import summary
from site_src.cache.lock import one_build, one_live
from site_src.cache.memo import Memo, load_memo
from site_src.config import Config, load_config
from site_src.errors import Report
from site_src.heap import building
from site_src.serve import warm


def run_server(config: Config, args: argparse.Namespace, answer: Callable[[list[str], warm.Warm], int]) -> int:
    """Serve and rebuild until Ctrl-C; ``answer``: how a command-line build is run here, with
    the server's memo (the command line's builds of the project come to the server meanwhile)."""
    stopped = warm.ask(config, {"stop": True}) == 0
    if stopped:
        print("stopped the project's warm build process: the dev server keeps the cache warm now", file=sys.stderr)
    with one_live(config.root / config.cache, "dev server", wait=stopped):  # wait while it saves the cache
        return _serve(config, args, answer)


def _serve(config: Config, args: argparse.Namespace, answer: Callable[[list[str], warm.Warm], int]) -> int:
    from site_src.pipeline import build_site
    from site_src.serve.server import serve

    cache_dir = config.root / config.cache
    startup = Report()
    code = summary.code_digest()
    with building():  # millions of objects decoded, all of which live on
        held = warm.Warm(Memo(code=code) if args.clean else load_memo(cache_dir, startup, code), code, fork=False,
                         name="the dev server")
    for note in startup.notes:
        print(note, file=sys.stderr)

    def build(changed: frozenset[str] | None = None) -> None:
        # site.yaml may have changed: read it again, keeping the command line's overrides
        fresh = load_config(args.config, config.root).with_overrides(
            seeds=args.seeds, content=args.content, out=args.out, templates=args.templates, url=args.url,
            strict=True if args.strict else None)
        report = Report()
        build_site(fresh, report, memo=held.memo, changed=changed)
        for warning in report.warnings:
            print(warning, file=sys.stderr)

    try:
        with warm.answering(config, held, answer):
            serve(config, build, host=args.host, port=args.port)
    finally:
        with one_build(cache_dir):  # not while a command-line build of the project runs
            held.memo.save(cache_dir)
    return 0
