"""A static file server that never serves anything outside the built site.

The site folder is swapped atomically (a new folder renamed into place), so the server
holds its path and resolves it again on every request, never an open directory handle.
"""
from __future__ import annotations

import ipaddress
import json
import re
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

LIVE_PATH = "/__livereload"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".bib": "application/x-bibtex; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
}
_FEED_NAMES = ("feed.xml", "atom.xml")
_STILL_ENCODED = re.compile(r"%(2e|2f|5c|00|25)", re.IGNORECASE)


def content_type(path: Path) -> str:
    """The Content-Type for a file in the site (atom feeds are named ``feed.xml``)."""
    if path.name.lower() in _FEED_NAMES:
        return "application/atom+xml"
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def resolve_request_path(root: Path, raw_path: str) -> Path | None:
    """The real file or folder inside ``root`` that ``raw_path`` names, or None (a 404).

    The path is percent-decoded exactly once; anything that still looks encoded, or that
    names a parent folder, a backslash or a NUL byte, is refused before the
    file system is asked. The answer is then resolved (following symlinks) and must still
    lie inside the resolved root: ``Path.is_relative_to`` compares whole parts, so a sibling
    ``_site_secret`` is not inside ``_site``.
    """
    target = urlsplit(raw_path).path if raw_path.startswith("/") else None
    if target is None:
        return None  # absolute-form ("http://host/x") or empty request targets
    try:
        decoded = unquote(target, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in decoded or "\\" in decoded or _STILL_ENCODED.search(decoded):
        return None
    parts = [p for p in decoded.split("/") if p]
    if any(p in (".", "..") for p in parts):
        return None
    try:
        base = root.resolve(strict=True)
        real = base.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):  # missing file, symlink loop, name too long
        return None
    return real if real.is_relative_to(base) else None


def inject_before_body_end(html: bytes, snippet: str) -> bytes:
    """Insert ``snippet`` before the last ``</body>`` (appended when there is none)."""
    data = snippet.encode("utf-8")
    at = html.lower().rfind(b"</body>")
    return html + data if at < 0 else html[:at] + data + html[at:]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def with_root_base(html: bytes) -> bytes:
    """The 404 page, served at the missing page's own path, resolving its relative links
    from the site's root (where this server serves it) with a ``<base>`` after ``<head>``."""
    at = html.lower().find(b"<head>")
    if at < 0 or b"<base " in html.lower():
        return html
    at += len(b"<head>")
    return html[:at] + b'\n<base href="/">' + html[at:]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SiteServer(ThreadingHTTPServer):
    """Serves ``site_root`` at ``/``; with ``live`` set, HTML gets the live-reload script."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a page's burst of asset requests, many tabs: never left waiting in the kernel
    idle_timeout = 15.0  # seconds a kept-alive connection may sit silent (each holds a thread)

    def __init__(self, address: tuple[str, int], site_root: Path, live: LiveEndpoint | None = None) -> None:
        self.site_root = site_root
        self.live = live
        self.stopping = threading.Event()  # ends open event streams on shutdown
        super().__init__(address, SiteHandler)

    def allowed_host(self, header: str | None) -> bool:
        """A request names this server in its Host header: a loopback name or the address it was bound to.

        Anything else is refused, so a page on another site whose name was pointed at
        127.0.0.1 (DNS rebinding) cannot read the survey through the visitor's browser."""
        if not header:
            return False
        host = urlsplit("//" + header).hostname or ""
        bound = str(self.server_address[0])
        return is_loopback(host) or host == bound.strip("[]").lower() or (
            bound in ("0.0.0.0", "::") and _is_ip(host))

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection mid-download is normal: no traceback for that."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


class LiveEndpoint(Protocol):
    """What the handler needs from live reload (``serve.LiveHub`` is one)."""

    def snippet(self) -> str:
        """The markup to insert before ``</body>`` of every served page."""
        ...

    def stream(self, since: int, write: Callable[[bytes], None], stop: threading.Event) -> None:
        """Write server-sent events newer than ``since`` until ``stop`` is set."""
        ...


class SiteHandler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "survey-serve"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # a request log drowns out the build messages that matter

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)

    def _respond(self, head: bool) -> None:
        if not self.server.allowed_host(self.headers.get("Host")):
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"this server answers only to its own address\n",
                       CONTENT_TYPES[".txt"], head)
            return
        live = self.server.live
        split = urlsplit(self.path)
        if live is not None and split.path == LIVE_PATH:
            self._event_stream(live, split.query)
            return
        real = resolve_request_path(self.server.site_root, self.path)
        if real is not None and real.is_dir():
            if not split.path.endswith("/"):
                location = split.path + "/" + (f"?{split.query}" if split.query else "")
                self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", head, {"Location": location})
                return
            real = real / "index.html"
            if not real.is_file():
                real = None
        if real is None or not real.is_file():
            self._not_found(head)
            return
        self._send_file(real, HTTPStatus.OK, head)

    def _not_found(self, head: bool) -> None:
        page = resolve_request_path(self.server.site_root, "/404.html")
        if page is not None and page.is_file():
            self._send_file(page, HTTPStatus.NOT_FOUND, head, with_root_base)
        elif self.server.live is not None:
            # A plain page, so a first build that failed can still show its overlay.
            html = b"<!doctype html><title>Not found</title><body><p>404 not found</p></body>"
            self._send(HTTPStatus.NOT_FOUND, self._with_live(html), CONTENT_TYPES[".html"], head)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"404 not found\n", CONTENT_TYPES[".txt"], head)

    def _send_file(self, path: Path, status: HTTPStatus, head: bool,
                   fix: Callable[[bytes], bytes] | None = None) -> None:
        try:
            body = path.read_bytes()
        except OSError:  # swapped away between resolving and reading
            self._send(HTTPStatus.NOT_FOUND, b"404 not found\n", CONTENT_TYPES[".txt"], head)
            return
        kind = content_type(path)
        if kind.startswith("text/html"):
            body = self._with_live(body if fix is None else fix(body))
        self._send(status, body, kind, head)

    def _with_live(self, html: bytes) -> bytes:
        live = self.server.live
        return html if live is None else inject_before_body_end(html, live.snippet())

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _event_stream(self, live: LiveEndpoint, query: str) -> None:
        since = _since(self.headers.get("Last-Event-ID"), query)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.connection.settimeout(None)  # an event stream is silent between builds by design

        def write(chunk: bytes) -> None:
            self.wfile.write(chunk)
            self.wfile.flush()

        try:
            live.stream(since, write, self.server.stopping)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away; nothing to tell


def _since(last_event_id: str | None, query: str) -> int:
    for raw in (last_event_id, dict(p.partition("=")[::2] for p in query.split("&")).get("since")):
        if raw and raw.isdigit():
            return int(raw)
    return 0


def json_for_script(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
