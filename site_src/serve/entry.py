"""``build.py serve``: build, serve the site on loopback, rebuild and reload on change.

Rebuilds are incremental and keep their cache in memory; it is written to ``.cache/``
once, when the server stops, so a plain ``build`` afterwards is incremental too.
"""
from __future__ import annotations

import argparse
import sys

from site_src.cache.state import load_state, save_state
from site_src.config import Config, load_config
from site_src.errors import Report


def run_server(config: Config, args: argparse.Namespace) -> int:
    from site_src.pipeline import build_site
    from site_src.serve.server import serve

    def build() -> None:
        # site.yaml may have changed: read it again, keeping the command line's overrides
        fresh = load_config(args.config, config.root).with_overrides(
            seeds=args.seeds, content=args.content, out=args.out, templates=args.templates, url=args.url,
            strict=True if args.strict else None)
        report = Report()
        build_site(fresh, report, clean=args.clean and build.calls == 0, persist=False)  # type: ignore[attr-defined]
        build.calls += 1  # type: ignore[attr-defined]
        for warning in report.warnings:
            print(warning, file=sys.stderr)

    build.calls = 0  # type: ignore[attr-defined]
    try:
        serve(config, build, host=args.host, port=args.port)
    finally:
        cache_dir = config.root / config.cache
        save_state(cache_dir, load_state(cache_dir))
    return 0
