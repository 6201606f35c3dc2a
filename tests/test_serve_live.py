"""The dev server with the real pipeline: edit a page, see it rebuilt and a reload sent;
break its YAML, see the overlay over the last good page; fix it, see the overlay go."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from site_src.cache.memo import Memo
from site_src.config import load_config
from site_src.errors import Report
from site_src.pipeline import build_site
from site_src.serve.server import LiveServer

from .conftest import dump
from .test_serve import EventStream, page_state, raw_get


@pytest.fixture
def live_project(make_site):
    root = make_site({"seeds/a.txt": dump(("Alpha: A Model", "Alpha classifies images."),
                                         ("Beta", "Beta compares with Alpha."))})
    config = load_config(None, root)
    memo = Memo()  # the dev server's: kept in memory across rebuilds
    server = LiveServer(config, lambda changed: build_site(config, Report(), memo=memo, changed=changed), port=0).start()
    yield root, server
    server.close()


def test_edit_rebuilds_the_page_and_sends_reload_within_a_second(live_project: tuple[Path, LiveServer]):
    root, server = live_project
    page = root / "content/papers/alpha-a-model.md"
    state, _ = page_state(server, "/papers/alpha-a-model.html")
    stream = EventStream(server, state["since"])
    try:
        started = time.monotonic()
        page.write_text(page.read_text() + "\nA note made while serving.\n")
        assert stream.next(within=1.0)["event"] == "reload"
        assert time.monotonic() - started < 1.0
        _, tree = page_state(server, "/papers/alpha-a-model.html")
        assert "A note made while serving." in tree.css_first(".notes").text()

        good = page.read_text()
        page.write_text(good.replace("title: 'Alpha: A Model'", "title: [unclosed"))
        event = stream.next(within=1.0)
        assert event["event"] == "build-error"
        errors = json.loads(event["data"])
        assert errors and re.match(r"content/papers/alpha-a-model\.md:[23]: bad YAML", errors[0]), errors
        state, tree = page_state(server, "/papers/alpha-a-model.html")  # the last good page, and the overlay state
        assert tree.css_first("h1").text() == "Alpha: A Model"
        assert state["errors"] == errors

        page.write_text(good)
        assert stream.next(within=1.0)["event"] == "reload"
        state, _ = page_state(server, "/papers/alpha-a-model.html")
        assert state["errors"] is None
    finally:
        stream.close()


def test_traversal_is_refused_by_the_real_site(live_project: tuple[Path, LiveServer]):
    root, server = live_project
    (root.parent / "secret.txt").write_text("secret")
    for target in ("/../secret.txt", "/%2e%2e/secret.txt", "/%252e%252e%252fsecret.txt", "/..%5csecret.txt"):
        status, _, body = raw_get(server, target)
        assert status == 404 and b"secret" not in body
