"""BibTeX in: real-world files (macros, accents, broken and duplicate entries) read with lines."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from site_src.config import Config
from site_src.errors import Report
from site_src.model import Link
from site_src.sources import bibtex

DATA = Path(__file__).parent / "data"
SHOWN = "tests/data/bib_messy.bib"


def read(path: Path, shown: str = SHOWN) -> tuple[list, Report]:
    report = Report()
    records = bibtex.read(path, shown, Config(root=path.parent), report)
    return records, report


@pytest.fixture(scope="module")
def messy() -> tuple[dict, Report]:
    records, report = read(DATA / "bib_messy.bib")
    return {r.title: r for r in records}, report


def test_every_good_entry_is_read_with_decoded_titles(messy):
    by_title, _ = messy
    assert sorted(by_title) == sorted([
        "Müller's GAN: Café Scenes in 3D",
        "Scaling Laws for 50% of Transformers & Friends",
        "A Different Paper Under the Same Key",
        "Attention Is All You Need",
    ])


def test_broken_entry_is_an_error_naming_key_and_line(messy):
    _, report = messy
    broken = [p for p in report.errors if "broken2020" in p.message]
    assert len(broken) == 1
    assert str(broken[0]).startswith(f"{SHOWN}:15: ")


def test_entry_without_title_is_an_error(messy):
    _, report = messy
    assert any(str(p).startswith(f"{SHOWN}:38: ") and "notitle2022" in p.message and "no title" in p.message
               for p in report.errors)
    assert len(report.errors) == 2


def test_duplicate_key_warns_with_both_lines_and_keeps_both(messy):
    by_title, report = messy
    dup = [p for p in report.warnings if "duplicate key" in p.message]
    assert len(dup) == 1
    assert str(dup[0]).startswith(f"{SHOWN}:29: warning: ") and "line 5" in dup[0].message
    keyed = [r for r in by_title.values() if r.key == "muller2023cafe"]
    assert {r.source.line for r in keyed} == {5, 29}


def test_unknown_macro_is_a_warning_with_its_line(messy):
    _, report = messy
    assert any(str(p).startswith(f"{SHOWN}:50: ") and "unknownpub" in p.message for p in report.warnings)


def test_fields_map_to_the_record(messy):
    by_title, _ = messy
    cafe = by_title["Müller's GAN: Café Scenes in 3D"]
    assert cafe.authors == ("Jörg Müller", "Ana de la Cruz", "François Dupont")
    assert cafe.author_count == 3
    assert cafe.venue == ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition 2023")
    assert cafe.date == dt.date(2023, 7, 1)
    assert dict(cafe.ids) == {"doi": "10.1109/CVPR.2023.00042"}
    assert cafe.links == (Link("code", "https://github.com/example/cafe-gan"),)
    assert cafe.source.path == SHOWN and cafe.source.line == 5
    assert cafe.collection == "bib_messy" and cafe.key == "muller2023cafe"

    scaling = by_title["Scaling Laws for 50% of Transformers & Friends"]
    assert scaling.authors == ("John Smith",) and scaling.author_count is None  # "and others"
    assert dict(scaling.ids) == {"arxiv": "2101.00001"}
    assert scaling.date == dt.date(2021, 3, 1)
    assert scaling.abstract == "We study scaling. Code: https://github.com/smith/scaling_laws."
    assert Link("code", "https://github.com/smith/scaling_laws") in scaling.links

    other = by_title["A Different Paper Under the Same Key"]
    assert dict(other.ids) == {"arxiv": "2305.12345"}
    assert other.date == dt.date(2023, 5, 20)
    assert other.links == (Link("project", "https://kim.github.io/other/"),)

    attention = by_title["Attention Is All You Need"]
    assert attention.venue == "Advances in Neural Information Processing Systems 30"
    assert attention.date == dt.date(2017, 12, 4)


def test_bom_and_crlf_change_nothing(tmp_path):
    text = (DATA / "bib_messy.bib").read_text(encoding="utf-8")
    path = tmp_path / "bib_messy.bib"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    plain, plain_report = read(DATA / "bib_messy.bib")
    crlf, crlf_report = read(path)
    assert crlf == plain
    assert [str(p) for p in crlf_report.problems] == [str(p) for p in plain_report.problems]


def test_invalid_utf8_is_reported_not_raised(tmp_path):
    path = tmp_path / "bad.bib"
    path.write_bytes(b"@misc{a,\n  title = {Caf\xe9}\n}\n")
    records, report = read(path, "bad.bib")
    assert records == []
    assert [str(p) for p in report.errors] == ["bad.bib:2: invalid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_month_forms_and_bad_values(tmp_path):
    path = tmp_path / "m.bib"
    path.write_text(
        "@misc{a, title={A}, year={2020}, month={10}}\n"
        "@misc{b, title={B}, year={2020}, month={Sept.}}\n"
        "@misc{c, title={C}, year={2020}, month={Brumaire}}\n"
        "@misc{d, title={D}, year={in press}}\n"
        "@misc{e, title={E}, year={2021}, month=feb, day={30}}\n", encoding="utf-8")
    records, report = read(path, "m.bib")
    dates = {r.title: r.date for r in records}
    assert dates == {"A": dt.date(2020, 10, 1), "B": dt.date(2020, 9, 1), "C": dt.date(2020, 1, 1),
                     "D": None, "E": None}
    assert [str(p).split(": warning: ")[0] for p in report.warnings] == ["m.bib:3", "m.bib:4", "m.bib:5"]


def test_latex_to_text_drops_protective_braces_and_decodes_accents():
    assert bibtex.latex_to_text(r"{\"U}ber {\'e}t{\'e} {\ss} \c{c} {{DNA}} $\alpha$-GAN") == "Über été ß ç DNA α-GAN"
    assert bibtex.latex_to_text(r"keep $x^2$ here", keep_math=True) == "keep $x^2$ here"


def test_expand_joins_macros_and_literals():
    assert bibtex.expand('cvpr # " 2023"', {"cvpr": "CVPR"}) == ("CVPR 2023", [])
    assert bibtex.expand("{a {b} c}", {}) == ("a {b} c", [])
    assert bibtex.expand("nope # {x}", {}) == ("nopex", ["nope"])


def test_repeated_string_and_field_warn_and_later_string_wins(tmp_path):
    path = tmp_path / "r.bib"
    path.write_text('@string{v = "Old"}\n@string{v = "New"}\n'
                    "@misc{a,\n  title = {First},\n  title = {Second},\n  journal = v,\n}\n", encoding="utf-8")
    (record,), report = read(path, "r.bib")
    assert record.title == "First" and record.venue == "New"
    assert [str(p).split(": warning: ")[0] for p in report.warnings] == ["r.bib:2", "r.bib:3"]
    assert "line 1" in report.warnings[0].message and "title" in report.warnings[1].message
