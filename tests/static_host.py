"""A static host like GitHub Pages for a project site: the built folder served under
``/<repo>/``, and the site's own ``404.html`` served, with status 404, for any missing path
at any depth (as Pages does), whatever that path's folder is."""
from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class _Pages(SimpleHTTPRequestHandler):
    site: Path
    prefix: str

    def log_message(self, format: str, *args: Any) -> None:  # quiet in the test output
        pass

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            return str(self.site / ".outside-the-sub-path")  # a name no build writes: missing, so 404
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def pages_host(site: Path, repo: str = "survey") -> Iterator[str]:
    """Serve ``site`` at ``http://127.0.0.1:<port>/<repo>/``; yields that URL."""
    handler = type("Pages", (_Pages,), {"site": site, "prefix": f"/{repo}/"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{repo}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
