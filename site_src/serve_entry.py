"""``build.py serve``: build, then serve the site and rebuild on change."""
from __future__ import annotations

import argparse
import functools
import http.server

from .config import Config
from .errors import Report


def run_server(config: Config, args: argparse.Namespace) -> int:
    from .pipeline import build_site

    build_site(config, Report())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(config.root / config.out))
    with http.server.ThreadingHTTPServer((args.host, args.port), handler) as httpd:
        print(f"serving on http://{args.host}:{args.port}/")
        httpd.serve_forever()
    return 0
