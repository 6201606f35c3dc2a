#!/usr/bin/env python3
"""Time from saving one paper to the dev server's reload event, on an N-paper site.

    python bench/serve_latency.py [N] [--runs 7] [--keep DIR]

Builds a generated corpus once (a cold build, not timed here), starts the live server
with the real pipeline on a free port, then appends a line to one paper's notes and
times how long until the server sends `reload` on its event stream (watch, debounce,
incremental build and notification included). Prints each run and the median.
"""
from __future__ import annotations

import argparse
import http.client
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from site_src.cache.memo import Memo  # noqa: E402
from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402
from site_src.serve.server import LiveServer  # noqa: E402


def next_event(resp: http.client.HTTPResponse) -> str:
    name = ""
    while True:
        line = resp.fp.readline().decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif not line and name:
            return name


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="project folder to reuse (made if missing)")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="serve-bench-"))
    if not (root / "seeds").is_dir():
        subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(args.n), str(root / "seeds")], check=True)
        shutil.copy(ROOT / "taxonomy.yaml", root / "taxonomy.yaml")
    config = load_config(None, root)
    started = time.perf_counter()
    memo = Memo()  # the dev server's: kept in memory across rebuilds
    server = LiveServer(config, lambda changed: build_site(config, Report(), memo=memo, changed=changed), port=0).start()
    print(f"first build (cold or from .cache/): {time.perf_counter() - started:.1f} s")
    host, port = server.server.server_address[:2]
    page = sorted((root / "content/papers").glob("*.md"))[len(list((root / "content/papers").glob("*.md"))) // 2]
    times = []
    try:
        for i in range(args.runs):
            time.sleep(1.5)  # let the watcher settle
            sock = socket.create_connection((str(host), port), timeout=30)
            sock.sendall(f"GET /__livereload?since={server.hub.seq} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
            resp = http.client.HTTPResponse(sock)
            resp.begin()
            t0 = time.perf_counter()
            with page.open("a") as f:
                f.write(f"\nbench note {i}\n")
            event = next_event(resp)
            elapsed = time.perf_counter() - t0
            sock.close()
            times.append(elapsed)
            print(f"run {i + 1}: {event} after {elapsed * 1000:.0f} ms")
    finally:
        server.close()
    print(f"median save-to-reload on {args.n} papers: {statistics.median(times) * 1000:.0f} ms "
          f"(includes the watcher's debounce of 100 ms of quiet)")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
