"""The golden site: a handful of papers built and compared with the stored output, file by file.

After a change of output you meant to make, run ``make golden`` and review the diff.
"""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from .make_golden import EXPECTED, INPUT, build_golden, output_files

REGENERATE = "if the change is intended, run `make golden` and review the diff of tests/golden/expected/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_golden(tmp_path_factory.mktemp("golden"))


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def first_difference(expected: dict[str, Path], actual: dict[str, Path]) -> str:
    """A unified diff of the first file whose bytes differ ('' when every file is equal)."""
    for rel in sorted(expected.keys() & actual.keys()):
        old, new = expected[rel].read_bytes(), actual[rel].read_bytes()
        if old == new:
            continue
        old_text, new_text = _text(old), _text(new)
        if old_text is None or new_text is None:
            return f"{rel}: binary file differs ({len(old)} bytes stored, {len(new)} built)"
        diff = difflib.unified_diff(old_text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                    f"expected/{rel}", f"built/{rel}", n=2)
        return "".join(list(diff)[:80])
    return ""


def test_golden_input_is_what_the_brief_promises() -> None:
    seeds = {p.name: p.read_text(encoding="utf-8") for p in (INPUT / "seeds").glob("*.txt")}
    assert len(seeds) == 2
    assert "https://github.com/" in seeds["vision.txt"]  # a code URL
    assert "\\emph{" in seeds["vision.txt"] and "``" in seeds["vision.txt"]  # LaTeX-isms
    assert "\nFeb 19 5\n" in seeds["vision.txt"]  # a date without a year
    hand = list((INPUT / "content" / "papers").glob("*.md"))
    assert len(hand) == 1 and "## Notes" in hand[0].read_text(encoding="utf-8")


def test_the_same_files_are_built(built: Path) -> None:
    assert EXPECTED.is_dir(), f"no stored golden output: run `make golden` ({EXPECTED})"
    expected, actual = output_files(EXPECTED), output_files(built)
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    assert not missing and not extra, f"missing {missing[:10]}, new {extra[:10]}; {REGENERATE}"


def test_every_file_has_the_stored_bytes(built: Path) -> None:
    diff = first_difference(output_files(EXPECTED), output_files(built))
    assert diff == "", f"the golden site changed; {REGENERATE}\n{diff}"


def test_the_golden_site_shows_what_its_input_exercises() -> None:
    """The stored output is only worth comparing with if it holds the cases it was made for."""
    from selectolax.lexbor import LexborHTMLParser

    def page(rel: str) -> LexborHTMLParser:
        return LexborHTMLParser((EXPECTED / "_site" / rel).read_text(encoding="utf-8"))

    glimnet = page("papers/glimnet-glimpse-networks-for-remote-sensing-scene-classification.html")
    assert [a.attributes["href"] for a in glimnet.css("a.code-link")] == ["https://github.com/example/glimnet"]
    sparse = page("papers/sparse-kernels-for-vision-transformers.html")
    abstract = sparse.css_first("section.abstract p")
    assert abstract is not None and "Schölkopf" in abstract.text() and "\\" not in abstract.text()
    assert sparse.css_first("time").attributes["datetime"] == "2025-02-19"  # year from site.yaml
    mamba = page("papers/mamba-backbones-for-medical-image-classification.html")
    assert len(mamba.css(".facts dd.collections a")) == 2  # one paper, two seed files
    assert [a.text() for a in mamba.css("section.mentions a")] == [glimnet.css_first("h1").text()]
    notes = page("papers/my-notes-on-efficient-backbones.html").css_first("section.notes")
    assert notes is not None
    assert notes.css_first("a").attributes["href"] == "glimnet-glimpse-networks-for-remote-sensing-scene-classification.html"
    size = sum(p.stat().st_size for p in EXPECTED.rglob("*") if p.is_file())
    assert size < 1_000_000
