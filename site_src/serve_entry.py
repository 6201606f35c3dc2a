"""``build.py serve``: build, serve the site on loopback, rebuild and reload on change."""
from __future__ import annotations

import argparse
import sys

from .config import Config, load_config
from .errors import Report


def run_server(config: Config, args: argparse.Namespace) -> int:
    from .pipeline import build_site
    from .serve import serve

    def build() -> None:
        # site.yaml may have changed: read it again, keeping the command line's overrides
        fresh = load_config(args.config, config.root).with_overrides(
            seeds=args.seeds, content=args.content, out=args.out, templates=args.templates, url=args.url,
            strict=True if args.strict else None)
        report = Report()
        build_site(fresh, report)  # a BuildError shows in the browser as an overlay
        for warning in report.warnings:
            print(warning, file=sys.stderr)

    serve(config, build, host=args.host, port=args.port)
    return 0
