"""Live authoring: serve the built site, rebuild on every edit, reload the open pages.

    serve(config, build)   # blocks until Ctrl-C

The site is served by :mod:`serve_http` (never a file outside the output folder) and the
inputs are watched by :mod:`watch`. Each served page gets a small script that listens on
``/__livereload`` (server-sent events): ``reload`` after a good build, ``build-error`` with
the ``path:line: message`` lines after a bad one, shown in an overlay over the last good
site, which stays served. Nothing of this is ever written to the files on disk.
"""
from __future__ import annotations

import errno
import json
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from pathlib import Path

from site_src.config import Config
from site_src.errors import BuildError
from site_src.heap import building
from site_src.serve.httpd import LIVE_PATH, SiteServer, is_loopback, json_for_script
from site_src.serve.watch import Rebuilder, SourceWatcher

Build = Callable[[frozenset[str] | None], None]  # one build; given the files changed since the last, if known

HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream

_CLIENT_JS = """(function () {
  var state = JSON.parse(document.getElementById("livereload-state").textContent);
  var box = null;
  function hide() { if (box) { box.remove(); box = null; } }
  function show(lines) {
    hide();
    box = document.createElement("div");
    box.id = "livereload-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:2147483647;" +
      "max-height:50vh;overflow:auto;padding:1rem 1.25rem;background:#fff4f4;color:#3a0000;" +
      "border:2px solid #b00020;border-radius:6px;box-shadow:0 4px 24px rgba(0,0,0,.25);" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";
    var title = document.createElement("strong");
    title.textContent = "Build failed \\u2014 showing the last good site. Fix the input and save:";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\\u00d7";
    close.setAttribute("aria-label", "Hide build errors");
    close.style.cssText = "float:right;font:inherit;font-size:18px;border:0;background:none;cursor:pointer";
    close.addEventListener("click", hide);
    var list = document.createElement("pre");
    list.style.cssText = "margin:.5rem 0 0;white-space:pre-wrap;word-break:break-word";
    list.textContent = lines.join("\\n");
    box.appendChild(close);
    box.appendChild(title);
    box.appendChild(list);
    document.body.appendChild(box);
  }
  if (state.errors) { show(state.errors); }
  if (!window.EventSource) { return; }
  var source = new EventSource("%(path)s?since=" + state.since);
  source.addEventListener("reload", function () { source.close(); location.reload(); });
  source.addEventListener("build-error", function (event) { show(JSON.parse(event.data)); });
})();"""


class LiveHub:
    """The result of the latest build, numbered, for pages and their event streams."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.seq = 0
        self.errors: tuple[str, ...] | None = None
        self._closed = False

    def build_succeeded(self) -> None:
        self._publish(None)

    def build_failed(self, lines: list[str]) -> None:
        self._publish(tuple(lines) or ("the build failed without a message",))

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _publish(self, errors: tuple[str, ...] | None) -> None:
        with self._cond:
            self.seq += 1
            self.errors = errors
            self._cond.notify_all()

    def snippet(self) -> str:
        with self._cond:
            state = {"since": self.seq, "errors": list(self.errors) if self.errors else None}
        return (f'<script type="application/json" id="livereload-state">{json_for_script(state)}</script>'
                f'<script id="livereload-client">{_CLIENT_JS % {"path": LIVE_PATH}}</script>')

    def stream(self, since: int, write: Callable[[bytes], None], stop: threading.Event) -> None:
        write(b"retry: 1000\n\n")
        while True:
            with self._cond:
                if self.seq <= since and not self._closed and not stop.is_set():
                    self._cond.wait(HEARTBEAT)
                if self._closed or stop.is_set():
                    return
                seq, errors = self.seq, self.errors
            if seq > since:
                write(_event(seq, errors))
                since = seq
            else:
                write(b": still here\n\n")


def _event(seq: int, errors: tuple[str, ...] | None) -> bytes:
    if errors is None:
        return f"id: {seq}\nevent: reload\ndata: {seq}\n\n".encode()
    return f"id: {seq}\nevent: build-error\ndata: {json.dumps(list(errors))}\n\n".encode()


def error_lines(exc: BaseException) -> list[str]:
    """``path:line: message`` lines for a failed build, whatever raised."""
    if isinstance(exc, BuildError):
        return [str(p) for p in exc.problems] or [str(exc)]
    filename, lineno = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    message = getattr(exc, "message", None) or str(exc)
    if filename and lineno:  # e.g. a template syntax error
        return [f"{filename}:{lineno}: {message}"]
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}: " if frames else ""
    return [f"{where}{type(exc).__name__}: {exc} (a bug in the build; the traceback is in the terminal)"]


class LiveServer:
    """The server, the watcher and the rebuild worker, started and stopped together."""

    def __init__(self, config: Config, build: Build, host: str = "127.0.0.1",
                 port: int = 8000) -> None:
        self.config = config
        self._build = build
        self.hub = LiveHub()
        self.server = SiteServer((host, port), config.root / config.out, self.hub)
        self.rebuilder = Rebuilder(self.rebuild)
        self.watcher = SourceWatcher(config, self.rebuilder)
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.1,), name="serve",
                                        daemon=True)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self, initial_build: bool = True) -> LiveServer:
        if initial_build:
            self.rebuild()
        self.rebuilder.start()
        self.watcher.start()
        self._thread.start()
        return self

    def rebuild(self, changed: frozenset[str] | None = None) -> bool:
        """Run the build once, tell the open pages, and say whether it worked.

        ``changed``: the files the watcher saw change since the last build (None: any)."""
        started = time.perf_counter()
        try:
            with building():
                self._build(changed)
        except Exception as exc:  # every failure is shown in the pages and the terminal
            if not isinstance(exc, BuildError):
                traceback.print_exc()
            lines = error_lines(exc)
            _say("build failed; still serving the last good site:\n  " + "\n  ".join(lines))
            self.hub.build_failed(lines)
            return False
        _say(f"built in {time.perf_counter() - started:.2f} s; reloading open pages")
        self.hub.build_succeeded()
        return True

    def wait(self) -> None:
        while self._thread.is_alive():
            self._thread.join(0.5)  # a timeout keeps Ctrl-C deliverable

    def close(self) -> None:
        self.watcher.stop()
        self.rebuilder.close()
        self.server.stopping.set()
        self.hub.close()
        if self._thread.is_alive():
            self.server.shutdown()
        self.server.server_close()


def serve(config: Config, build: Build, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = False) -> None:
    """Build, serve ``config.out`` at http://host:port/, rebuild on change; until Ctrl-C."""
    if not is_loopback(host):
        _say(f"warning: serving on {host}, not loopback: anyone on that network can read the site")
    try:
        live = LiveServer(config, build, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SystemExit(f"port {port} on {host} is in use (choose another with --port)") from None
        raise
    try:
        live.start()
        _say(f"serving {Path(config.out)} at {live.url} (Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(live.url)
        live.wait()
    except KeyboardInterrupt:
        _say("stopped")
    finally:
        live.close()


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
