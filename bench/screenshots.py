#!/usr/bin/env python3
"""The README's pictures of the site, from a fresh build of the project's own inputs.

    python bench/screenshots.py            # or: make screenshots

Builds the project (seeds/, content/, site.yaml) into a temporary folder, opens pages in
headless Chromium (Debian's, through Playwright; see tests/browser.py) at a desktop and
a phone width, light and dark, and writes PNGs into docs/screenshots/.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def shots(site: Path) -> list[tuple[str, str, str, dict[str, int]]]:
    """(file name, page, colour scheme, viewport) of every picture."""
    with_graph = max((site / "papers").glob("*.html"), key=lambda p: p.read_text().count('class="nb-node'))
    paper = with_graph.relative_to(site).as_posix()
    return [
        ("home-light.png", "index.html", "light", DESKTOP),
        ("home-dark.png", "index.html", "dark", DESKTOP),
        ("paper-dark.png", paper + "#graph-heading", "dark", DESKTOP),
        ("tags-light.png", "tags/index.html", "light", DESKTOP),
        ("phone-tag-dark.png", "tags/mamba.html", "dark", PHONE),
        ("phone-papers-light.png", "papers/index.html", "light", PHONE),
    ]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "_site"
        subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--quiet", "--clean", "--out", str(site)],
                       cwd=ROOT, check=True)
        OUT.mkdir(parents=True, exist_ok=True)
        with browser_page() as page:
            for name, path, scheme, viewport in shots(site):
                page.set_viewport_size(viewport)
                page.emulate_media(color_scheme=scheme)
                page.goto((site / path.split("#")[0]).as_uri() + ("#" + path.split("#")[1] if "#" in path else ""))
                page.wait_for_load_state("load")
                page.screenshot(path=str(OUT / name))
                print(f"{OUT.relative_to(ROOT) / name}: {path} ({scheme}, {viewport['width']} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
