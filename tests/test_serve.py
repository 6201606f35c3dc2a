"""The live-authoring server: safe static serving, live reload, watching and debouncing.

A tiny fake build writes a small site into a tmp folder (swapped in atomically, as the real
pipeline does), so these tests do not depend on the real pipeline.
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_src.config import Config
from site_src.errors import BuildError, Problem
from site_src.serve.httpd import SiteServer, content_type, is_loopback, resolve_request_path
from site_src.serve.server import LiveServer, error_lines
from site_src.serve.watch import ChangeFilter, Rebuilder

SECRET = "top secret, never served"
PAGE = "<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"


class FakeBuild:
    """Writes ``_site`` from ``seeds/*.txt``; a line ``ERROR`` in a seed fails the build."""

    def __init__(self, root: Path, with_404: bool = True) -> None:
        self.root = root
        self.with_404 = with_404
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, changed: frozenset[str] | None = None) -> None:
        with self.lock:
            self.count += 1
        seeds = sorted((self.root / "seeds").glob("*.txt"))
        problems = [Problem(f"seeds/{s.name}", n, "this line says ERROR (remove it)")
                    for s in seeds for n, line in enumerate(s.read_text().splitlines(), 1) if line == "ERROR"]
        if problems:
            raise BuildError(problems)
        title = " + ".join(s.read_text().splitlines()[0] for s in seeds if s.read_text()) or "empty"
        staged = self.root / "_site.tmp-1"
        shutil.rmtree(staged, ignore_errors=True)
        files = {
            "index.html": PAGE.format(title=title),
            "papers/one/index.html": PAGE.format(title="Paper one"),
            "style.css": "body { color: black }", "app.js": "console.log(1)", "search.json": "{}",
            "logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>", "feed.xml": "<feed/>",
            "sitemap.xml": "<urlset/>", "papers.bib": "@article{a, title={A}}", "notes.txt": "notes",
            "fonts/body.woff2": "wOF2", "a..b.txt": "dots inside a name are fine",
        }
        if self.with_404:
            files["404.html"] = PAGE.format(title="Not here")
        for rel, text in files.items():
            (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            (staged / rel).write_text(text)
        (staged / "leak").symlink_to("../_site_secret")  # a folder outside, by a symlink
        (staged / "leak.txt").symlink_to(self.root / "_site_secret" / "secret.txt")
        (staged / "alias.css").symlink_to("style.css")  # inside: allowed
        out, old = self.root / "_site", self.root / "_site.old-1"
        if out.exists():
            out.rename(old)
        staged.rename(out)
        shutil.rmtree(old, ignore_errors=True)
        # A build that rewrites a content page with the same bytes must not trigger itself.
        (self.root / "content" / "generated.md").write_text("# the same every time\n")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("seeds", "content", "templates", "_site_secret"):
        (tmp_path / folder).mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("First\n")
    (tmp_path / "templates" / "base.html").write_text("<html></html>")
    (tmp_path / "site.yaml").write_text("title: T\n")
    (tmp_path / "_site_secret" / "secret.txt").write_text(SECRET)
    return tmp_path


def _start(server: SiteServer) -> Iterator[SiteServer]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def static(project: Path) -> Iterator[SiteServer]:
    FakeBuild(project)()
    yield from _start(SiteServer(("127.0.0.1", 0), project / "_site"))


@pytest.fixture
def live(project: Path) -> Iterator[tuple[LiveServer, FakeBuild]]:
    build = FakeBuild(project)
    server = LiveServer(Config(root=project), build, port=0).start()
    yield server, build
    server.close()


def raw_get(server: SiteServer | LiveServer, target: bytes | str) -> tuple[int, http.client.HTTPResponse, bytes]:
    """GET with the request target sent byte for byte (no client-side normalising)."""
    host, port = server.server_address[:2] if isinstance(server, SiteServer) else server.server.server_address[:2]
    raw = target.encode("latin-1") if isinstance(target, str) else target
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"GET " + raw + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        resp = http.client.HTTPResponse(sock)
        resp.begin()
        return resp.status, resp, resp.read()


# --- safe static serving --------------------------------------------------------------

TRAVERSALS = [
    "/../_site_secret/secret.txt",
    "/papers/../../_site_secret/secret.txt",
    "/%2e%2e/_site_secret/secret.txt",
    "/%2E%2E%2F_site_secret%2Fsecret.txt",
    "/%2e%2e%2f_site_secret/secret.txt",
    "/%252e%252e%252f_site_secret/secret.txt",
    "/..%5c_site_secret%5csecret.txt",
    "/..\\_site_secret\\secret.txt",
    "/index.html%00.txt",
    b"/index.html\x00",
    "/leak/secret.txt",
    "/leak.txt",
    "/%6c%65%61%6b/secret.txt",  # "leak", encoded: decodes once, still a symlink out
    "http://localhost/../_site_secret/secret.txt",
]


@pytest.mark.parametrize("target", TRAVERSALS, ids=repr)
def test_paths_outside_the_site_are_not_found(static: SiteServer, target: str | bytes) -> None:
    status, _, body = raw_get(static, target)
    assert status == 404
    assert SECRET.encode() not in body


def test_absolute_paths_are_not_found(static: SiteServer, project: Path) -> None:
    secret = project / "_site_secret" / "secret.txt"
    for target in (f"/{secret}", f"//{secret}", "//etc/passwd", "/%2fetc%2fpasswd"):
        status, _, body = raw_get(static, target)
        assert status == 404, target
        assert SECRET.encode() not in body


def test_a_sibling_whose_name_extends_the_site_folder_is_outside(project: Path) -> None:
    FakeBuild(project)()
    root = project / "_site"
    assert resolve_request_path(root, "/leak/secret.txt") is None
    assert resolve_request_path(root, "/alias.css") == (root / "style.css").resolve()
    assert resolve_request_path(root, "/a..b.txt") == (root / "a..b.txt").resolve()


@pytest.mark.parametrize(("path", "expected"), [
    ("/index.html", "text/html"), ("/style.css", "text/css"), ("/app.js", "text/javascript"),
    ("/search.json", "application/json"), ("/logo.svg", "image/svg+xml"),
    ("/feed.xml", "application/atom+xml"), ("/sitemap.xml", "application/xml"),
    ("/papers.bib", "application/x-bibtex"), ("/notes.txt", "text/plain"), ("/fonts/body.woff2", "font/woff2"),
    ("/alias.css", "text/css"),
])
def test_content_types(static: SiteServer, path: str, expected: str) -> None:
    status, resp, _ = raw_get(static, path)
    assert status == 200
    assert resp.getheader("Content-Type", "").split(";")[0] == expected


def test_atom_suffix_is_a_feed() -> None:
    assert content_type(Path("x/updates.atom")) == "application/atom+xml"


def test_folders_redirect_to_their_slash_then_serve_index(static: SiteServer) -> None:
    status, resp, _ = raw_get(static, "/papers/one?x=1")
    assert status == 301
    assert resp.getheader("Location") == "/papers/one/?x=1"
    status, _, body = raw_get(static, "/papers/one/")
    assert status == 200
    assert HTMLParser(body.decode()).css_first("h1").text() == "Paper one"
    status, _, body = raw_get(static, "/")
    assert HTMLParser(body.decode()).css_first("h1").text() == "First"


def test_missing_page_gets_the_sites_404_page(static: SiteServer) -> None:
    status, resp, body = raw_get(static, "/no/such/page")
    assert status == 404
    assert resp.getheader("Content-Type", "").startswith("text/html")
    assert HTMLParser(body.decode()).css_first("title").text() == "Not here"
    assert raw_get(static, "/papers/")[0] == 404  # a folder without index.html


def test_missing_page_is_plain_text_when_the_site_has_no_404(project: Path) -> None:
    FakeBuild(project, with_404=False)()
    for server in _start(SiteServer(("127.0.0.1", 0), project / "_site")):
        status, resp, body = raw_get(server, "/nothing")
        assert status == 404
        assert resp.getheader("Content-Type", "").startswith("text/plain")
        assert b"not found" in body


def test_the_swapped_in_site_is_served(static: SiteServer, project: Path) -> None:
    (project / "seeds" / "a.txt").write_text("Second\n")
    FakeBuild(project)()
    _, _, body = raw_get(static, "/")
    assert HTMLParser(body.decode()).css_first("h1").text() == "Second"


def test_only_loopback_counts_as_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")


# --- live reload ----------------------------------------------------------------------

def page_state(server: LiveServer, path: str = "/") -> tuple[dict, HTMLParser]:
    status, _, body = raw_get(server, path)
    assert status in (200, 404)
    tree = HTMLParser(body.decode())
    state = tree.css_first("script#livereload-state")
    assert state is not None, "the live-reload state is not in the served page"
    return json.loads(state.text()), tree


class EventStream:
    def __init__(self, server: LiveServer, since: int) -> None:
        host, port = server.server.server_address[:2]
        self.sock = socket.create_connection((str(host), port), timeout=5)
        self.sock.sendall(f"GET /__livereload?since={since} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        self.resp = http.client.HTTPResponse(self.sock)
        self.resp.begin()
        assert self.resp.status == 200
        assert self.resp.getheader("Content-Type") == "text/event-stream"

    def next(self, within: float) -> dict[str, str]:
        """The next event (its fields), waiting at most ``within`` seconds."""
        self.sock.settimeout(within)
        fields: dict[str, str] = {}
        while True:
            line = self.resp.fp.readline().decode().rstrip("\n")
            if not line:
                if "event" in fields:
                    return fields
                fields = {}
            elif not line.startswith((":", "retry:")):
                name, _, value = line.partition(": ")
                fields[name] = value

    def close(self) -> None:
        self.resp.close()
        self.sock.close()


def test_served_html_gets_the_script_but_the_file_on_disk_does_not(live: tuple[LiveServer, FakeBuild],
                                                                   project: Path) -> None:
    server, _ = live
    state, tree = page_state(server)
    assert state == {"since": 1, "errors": None}
    assert tree.css_first("script#livereload-client") is not None
    assert tree.css_first("body > script#livereload-client") is not None
    on_disk = HTMLParser((project / "_site" / "index.html").read_text())
    assert on_disk.css_first("script") is None
    _, resp, body = raw_get(server, "/style.css")
    assert body == b"body { color: black }"


def test_edit_reload_error_overlay_and_recovery(live: tuple[LiveServer, FakeBuild], project: Path) -> None:
    server, build = live
    state, _ = page_state(server)
    stream = EventStream(server, state["since"])
    try:
        (project / "seeds" / "a.txt").write_text("Edited\n")
        event = stream.next(within=1.0)
        assert event["event"] == "reload"
        assert HTMLParser(raw_get(server, "/")[2].decode()).css_first("h1").text() == "Edited"

        (project / "seeds" / "a.txt").write_text("Edited\nfine\nERROR\n")
        event = stream.next(within=1.0)
        assert event["event"] == "build-error"
        assert json.loads(event["data"]) == ["seeds/a.txt:3: this line says ERROR (remove it)"]
        state, tree = page_state(server)  # the last good site, with the errors to show at once
        assert tree.css_first("h1").text() == "Edited"
        assert state["errors"] == ["seeds/a.txt:3: this line says ERROR (remove it)"]

        (project / "seeds" / "a.txt").write_text("Fixed\n")
        assert stream.next(within=1.0)["event"] == "reload"
        state, tree = page_state(server)
        assert state["errors"] is None
        assert tree.css_first("h1").text() == "Fixed"
    finally:
        stream.close()


def test_a_page_from_before_the_latest_build_hears_about_it_at_once(live: tuple[LiveServer, FakeBuild]) -> None:
    server, _ = live
    state, _ = page_state(server)
    server.rebuild()  # a build that finished before the page's event stream connected
    stream = EventStream(server, state["since"])
    try:
        assert stream.next(within=1.0)["event"] == "reload"
    finally:
        stream.close()


def test_error_text_cannot_break_out_of_the_page(live: tuple[LiveServer, FakeBuild]) -> None:
    server, _ = live
    evil = "seeds/a.txt:1: </script><script>alert(1)</script> & <!--"
    server.hub.build_failed([evil])
    state, tree = page_state(server)
    assert state["errors"] == [evil]
    assert [s.attributes.get("id") for s in tree.css("script")] == ["livereload-state", "livereload-client"]
    client = tree.css_first("script#livereload-client").text()
    assert "innerHTML" not in client and "textContent" in client


def test_a_failed_first_build_still_shows_its_errors(project: Path) -> None:
    (project / "seeds" / "a.txt").write_text("ERROR\n")
    server = LiveServer(Config(root=project), FakeBuild(project), port=0).start()
    try:
        state, _ = page_state(server, "/")
        assert state["errors"] == ["seeds/a.txt:1: this line says ERROR (remove it)"]
        assert raw_get(server, "/")[0] == 404
    finally:
        server.close()


def test_error_lines_name_the_file_and_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError as exc:
        (line,) = error_lines(exc)
    assert line.startswith(f"{__file__}:") and "ValueError: boom" in line
    assert error_lines(BuildError([Problem("site.yaml", 4, "bad")])) == ["site.yaml:4: bad"]


# --- watching and debouncing ----------------------------------------------------------

def _settle(build: FakeBuild, quiet: float = 1.5, limit: float = 10.0) -> int:
    """Wait until no build has started for ``quiet`` seconds; return the build count."""
    deadline = time.monotonic() + limit
    seen, since = build.count, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if build.count != seen:
            seen, since = build.count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return seen


def test_300_files_written_at_once_make_one_build(live: tuple[LiveServer, FakeBuild], project: Path) -> None:
    _, build = live
    assert build.count == 1
    for i in range(300):
        (project / "seeds" / f"paper{i:03}.txt").write_text(f"Paper {i}\n")
    assert _settle(build) == 2


def test_output_temp_and_swap_files_do_not_rebuild(live: tuple[LiveServer, FakeBuild], project: Path) -> None:
    server, build = live
    server.rebuild()  # writes _site, _site.tmp-1 and content/generated.md again
    for name in ("seeds/.a.txt.swp", "seeds/a.txt~", "seeds/4913", "seeds/.#a.txt", "content/.DS_Store",
                 "content/x.tmp", "README.md", ".cache/x.json", "_site.tmp-9/index.html"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("noise")
    assert _settle(build) == 2


def test_change_filter_knows_the_inputs(project: Path) -> None:
    wanted = ChangeFilter(Config(root=project, templates=Path("my_templates"))).wants
    for rel in ("seeds/a.txt", "content/papers/x.md", "templates/base.html", "my_templates/page.html",
                "site.yaml", "taxonomy.yaml"):
        assert wanted(project / rel), rel
    for rel in ("_site/index.html", ".cache/x", "_site.tmp-3/a.html", "seeds/.a.txt.swp", "seeds/a.txt~",
                "content/4913", "content/.#x.md", "templates/__pycache__/x.pyc", "seeds/.DS_Store",
                "content/x.tmp", "README.md", "build.py"):
        assert not wanted(project / rel), rel


def test_a_change_during_a_build_schedules_exactly_one_more(tmp_path: Path) -> None:
    started, release = threading.Event(), threading.Event()
    runs: list[float] = []

    def slow_build(changed: frozenset[str]) -> None:
        runs.append(time.monotonic())
        started.set()
        release.wait(5)

    rebuilder = Rebuilder(slow_build, quiet=0.02, max_wait=0.2)
    rebuilder.start()
    try:
        first = tmp_path / "a.txt"
        first.write_text("1")
        rebuilder.notify(first)
        assert started.wait(2)
        for i in range(5):  # changes while the build runs
            (tmp_path / f"b{i}.txt").write_text(str(i))
            rebuilder.notify(tmp_path / f"b{i}.txt")
        release.set()
        deadline = time.monotonic() + 2
        while len(runs) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        assert len(runs) == 2
        rebuilder.notify(first)  # same bytes as last seen: nothing to build
        time.sleep(0.3)
        assert len(runs) == 2
    finally:
        release.set()
        rebuilder.close()


def test_a_folder_created_after_start_is_watched(live: tuple[LiveServer, FakeBuild], project: Path) -> None:
    server, build = live
    shutil.rmtree(project / "templates")
    _settle(build, quiet=0.5)
    before = build.count
    os.makedirs(project / "templates")
    time.sleep(0.3)
    (project / "templates" / "page.html").write_text("<p>new</p>")
    assert _settle(build, quiet=0.8) > before


@pytest.mark.browser
def test_a_reader_sees_the_overlay_and_then_the_fixed_page(live: tuple[LiveServer, FakeBuild], project: Path) -> None:
    from .browser import browser_page

    server, _ = live
    with browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url)
        page.wait_for_function("document.querySelector('h1').textContent === 'First'")
        (project / "seeds" / "a.txt").write_text("ERROR\n")
        overlay = page.wait_for_selector("#livereload-overlay", timeout=3000)
        assert "seeds/a.txt:1: this line says ERROR" in overlay.inner_text()
        assert overlay.evaluate("e => getComputedStyle(e).position") == "fixed"
        page.reload()  # a page loaded while the build is failing shows the errors at once
        page.wait_for_selector("#livereload-overlay", timeout=3000)
        assert page.locator("h1").inner_text() == "First"  # the last good site
        (project / "seeds" / "a.txt").write_text("Fixed\n")
        page.wait_for_function("document.querySelector('h1').textContent === 'Fixed'", timeout=3000)
        assert page.locator("#livereload-overlay").count() == 0
        assert errors == []
