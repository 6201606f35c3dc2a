"""A researcher's library through the whole build: pages that link to the paper, author pages,
cite-ready exports that parse back, slugs that stay, prune, --keep-going, and a survey of one's own."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
from selectolax.lexbor import LexborHTMLParser

from site_src.config import Config
from site_src.errors import Report
from site_src.sources import csl, records

from .conftest import run_build

LIBRARY = Path(__file__).parent / "data" / "library"
TAXONOMY = """facets:
  - id: topic
    name: Topic
    tags:
      - id: self-supervised
        name: Self-supervised learning
        words: [contrastive pretraining]
      - id: programming-languages
        name: Programming languages
        words: [type polymorphism, functional programming, literate programming]
"""


def html(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def library_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("library")
    shutil.copytree(LIBRARY, root / "seeds")
    (root / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def test_every_titled_entry_reaches_the_site(library_site):
    papers = json.loads((library_site / "_site/papers.json").read_text(encoding="utf-8"))
    assert len(papers) == 17  # 3 + 4 + 2 + 2 + 3 + 3 entries, none of them the same paper
    titles = {p["title"] for p in papers}
    assert "Tidy Data with dplyr and tidyr" in titles and "LaTeX: A Document Preparation System" in titles


def _authors(page: LexborHTMLParser):
    """The paper page's list of authors: the <dd> after the "Authors" <dt>, or None."""
    for dt in page.css("dl.facts dt"):
        if dt.text() == "Authors":
            dd = dt.next
            while dd is not None and dd.tag != "dd":
                dd = dd.next
            return dd
    return None


def _page(site: Path, title: str) -> LexborHTMLParser:
    papers = json.loads((site / "_site/papers.json").read_text(encoding="utf-8"))
    url = next(p["url"] for p in papers if p["title"] == title)
    return html(site / "_site" / url)


def test_paper_page_shows_venue_buttons_and_linked_authors(library_site):
    page = _page(library_site, "End-to-End Object Detection with Transformers")
    assert page.css_first(".venue").text().startswith("Computer Vision - ECCV 2020")
    assert "pp. 213–229" in page.css_first(".venue").text()
    buttons = {a.text(): a.attributes.get("href") for a in page.css(".buttons a")}
    assert buttons["DOI: 10.1007/978-3-030-58452-8_13"] == "https://doi.org/10.1007/978-3-030-58452-8_13"
    bib = page.css_first(".buttons a.bib-button")  # made in the page from its own entry (copy.js)
    assert bib.attributes["data-download"] == "bibtex" and bib.attributes["download"].endswith(".bib")
    assert page.css_first("pre#bibtex").text().startswith("@inproceedings{")
    # DETR's authors wrote no other paper of the library: their names are text, not links
    # to a page that would only repeat this one (an author of two papers has a page)
    names = _authors(page).text()
    assert names.startswith("Nicolas Carion, Francisco Massa")
    assert page.css("dd a.author") == []

    resnet = _page(library_site, "Deep Residual Learning for Image Recognition")
    he = resnet.css_first("dd a.author")
    assert he.text() == "Kaiming He"  # two papers: the explorer's list of them, not a page of his own
    assert he.attributes["href"] == "../search.html?author=kaiming-he"
    assert not (library_site / "_site/authors/kaiming-he.html").exists()

    resnet = _page(library_site, "Deep Residual Learning for Image Recognition")
    buttons = {a.text(): a.attributes.get("href") for a in resnet.css(".buttons a")}
    assert buttons["PDF"] == "https://arxiv.org/pdf/1512.03385"
    assert buttons["arXiv:1512.03385"] == "https://arxiv.org/abs/1512.03385"
    radford = _page(library_site, "Learning transferable visual models from natural language supervision")
    assert _authors(radford).text().endswith("et al.")


def test_an_author_is_linked_wherever_named_exactly_when_they_have_two_papers(library_site):
    """From five papers to their page, with two to four to the explorer's list of their papers."""
    site = library_site / "_site"
    named: dict[str, set[str]] = {}  # author -> the paper pages naming them
    linked: set[str] = set()
    hrefs: dict[str, str] = {}
    for page in (site / "papers").glob("*.html"):
        doc = html(page)
        dd = _authors(doc)
        if dd is None or not dd.text()[0].isalpha() or dd.text().endswith(" authors"):
            continue  # no names, or only a count
        for name in dd.text().removesuffix(" et al.").split(", "):
            named.setdefault(name, set()).add(page.name)
        for a in dd.css("a.author"):
            linked.add(a.text())
            hrefs[a.text()] = a.attributes["href"]
    assert named and linked
    assert linked == {name for name, pages in named.items() if len(pages) >= 2}
    for name, href in hrefs.items():
        if len(named[name]) >= 5:
            assert (site / "papers" / href).resolve().is_file()
        else:
            assert href.startswith("../search.html?author=")


def test_an_author_of_five_papers_has_a_page_with_papers_and_coauthors(make_site):
    papers = "\n".join(f"""  - title: "{title}"
    date: 2020-0{i + 1}-01
    authors: [{authors}]""" for i, (title, authors) in enumerate([
        ("Deep Residual Learning", "Kaiming He, Jian Sun"), ("Mask R-CNN", "Kaiming He, Ross Girshick"),
        ("Momentum Contrast", "Kaiming He, Jian Sun"), ("Focal Loss", "Ross Girshick, Tsung-Yi Lin"),
        ("Masked Autoencoders", "Kaiming He"), ("Group Normalization", "Kaiming He")]))
    root = make_site({"seeds/papers.yaml": "papers:\n" + papers + "\n", "taxonomy.yaml": TAXONOMY})
    assert run_build(root, "build").returncode == 0
    he = html(root / "_site/authors/kaiming-he.html")
    assert he.css_first("h1").text() == "Kaiming He"
    assert sorted(a.text() for a in he.css("a.paper-title")) == ["Deep Residual Learning", "Group Normalization",
                                                                 "Mask R-CNN", "Masked Autoencoders",
                                                                 "Momentum Contrast"]
    coauthors = {a.text(): a.attributes["href"] for a in he.css(".coauthors a.author")}
    assert coauthors == {"Jian Sun": "../search.html?author=jian-sun", "Ross Girshick": "../search.html?author=ross-girshick"}
    assert not (root / "_site/authors/jian-sun.html").exists()
    index = {a.text(): a.attributes["href"] for a in html(root / "_site/authors/index.html").css("a.author")}
    assert index == {"Kaiming He": "../authors/kaiming-he.html", "Jian Sun": "../search.html?author=jian-sun",
                     "Ross Girshick": "../search.html?author=ross-girshick"}


def test_author_index_lists_every_author_with_a_page_by_family_name(library_site):
    index = html(library_site / "_site/authors/index.html")
    names = [a.text() for a in index.css("a.author")]
    assert "Kaiming He" in names
    assert names == sorted(names, key=lambda n: n.split()[-1])
    for a in index.css("a.author"):  # a page from five papers, else the explorer's list
        href = a.attributes["href"]
        assert href.startswith("../search.html?author=") or (library_site / "_site/authors" / href).is_file()
    # Kaiming He wrote two papers of the library, in two files
    he = next(a for a in index.css("a.author") if a.text() == "Kaiming He")
    assert he.attributes["href"] == "../search.html?author=kaiming-he"
    assert he.parent.css_first(".n").text() == "2"


def test_keywords_naming_a_tag_become_the_tag_the_rest_stay_keywords(library_site):
    papers = {p["title"]: p for p in json.loads((library_site / "_site/papers.json").read_text(encoding="utf-8"))}
    simclr = papers["A Simple Framework for Contrastive Learning of Visual Representations"]
    assert "self-supervised" in simclr["tags"]
    assert simclr["keywords"] == ["Computer Science - Machine Learning", "Contrastive learning"]
    page = _page(library_site, "A Simple Framework for Contrastive Learning of Visual Representations")
    assert [k.text() for k in page.css(".keywords .keyword")] == simclr["keywords"]


def test_bibtex_export_keeps_types_and_fields_and_parses_back(library_site):
    text = (library_site / "_site/papers.bib").read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert len(entries) == 17
    detr = entries["DBLP:conf/eccv/CarionMSUKZ20"]
    assert detr.entry_type == "inproceedings"
    fields = {f.key: f.value for f in detr.fields}
    assert fields["pages"] == "213--229" and fields["series"] == "Lecture Notes in Computer Science"
    assert fields["publisher"] == "Springer" and fields["editor"].startswith("Andrea Vedaldi and")
    assert fields["booktitle"].startswith("Computer Vision - ECCV 2020") and "journal" not in fields
    assert entries["backus1957fortran"].entry_type == "book"
    assert entries["Lamport1994"].entry_type == "techreport"
    assert {f.key: f.value for f in entries["radford2021learning"].fields}["author"].endswith(" and others")
    # and it reads back into the same papers
    (library_site / "again").mkdir(exist_ok=True)
    shutil.copy(library_site / "_site/papers.bib", library_site / "again/papers.bib")
    from site_src.sources import bibtex
    report = Report()
    again = bibtex.read(library_site / "again/papers.bib", "papers.bib", Config(root=library_site), report)
    assert report.errors == [] and len(again) == 17
    by_key = {r.key: r for r in again}
    assert dict(by_key["DBLP:conf/eccv/CarionMSUKZ20"].biblio)["pages"] == "213–229"
    assert by_key["radford2021learning"].more_authors


def test_csl_json_export_keeps_types_and_reads_back(library_site):
    items = json.loads((library_site / "_site/papers.csl.json").read_text(encoding="utf-8"))
    by_id = {i["id"]: i for i in items}
    assert by_id["DBLP:conf/eccv/CarionMSUKZ20"]["type"] == "paper-conference"
    assert by_id["DBLP:conf/eccv/CarionMSUKZ20"]["DOI"] == "10.1007/978-3-030-58452-8_13"  # no \_ left
    assert by_id["backus1957fortran"]["type"] == "book" and by_id["wickham2014TidyData"]["issue"] == "10"
    assert csl.is_csl(items)
    report = Report()
    back = records.read(library_site / "_site/papers.csl.json", "papers.csl.json", Config(root=library_site), report)
    assert report.errors == [] and len(back) == 17
    kinds = {r.key: r.kind for r in back}
    assert kinds["DBLP:conf/eccv/CarionMSUKZ20"] == "inproceedings" and kinds["backus1957fortran"] == "book"


# ---------------------------------------------------------------------- pages that stay the user's

BIB = """@inproceedings{lee2021graphs,
  title = {Graphs for Everyone},
  author = {Lee, Ann},
  booktitle = {Proceedings of Graphs},
  year = {2021},
}

@article{kim2020trees,
  title = {Trees Are Graphs Too},
  author = {Kim, Bo},
  journal = {Journal of Trees},
  year = {2020},
}
"""


def test_a_title_edited_in_the_source_keeps_the_page_and_its_notes(make_site):
    root = make_site({"seeds/mine.bib": BIB})
    assert run_build(root, "build").returncode == 0
    page = root / "content/papers/graphs-for-everyone.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMy precious notes.\n", encoding="utf-8")
    (root / "seeds/mine.bib").write_text(BIB.replace("Graphs for Everyone", "Graphs for Everyone, Revisited"),
                                         encoding="utf-8")
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    assert "no longer in any source" not in result.stderr
    assert sorted(p.name for p in (root / "content/papers").iterdir()) == [
        "graphs-for-everyone.md", "trees-are-graphs-too.md"]
    text = page.read_text(encoding="utf-8")
    assert "title: Graphs for Everyone, Revisited" in text and "My precious notes." in text
    shown = html(root / "_site/papers/graphs-for-everyone.html")
    assert shown.css_first("h1").text() == "Graphs for Everyone, Revisited"


def test_gone_papers_are_one_line_and_prune_keeps_what_you_annotated(make_site):
    root = make_site({"seeds/mine.bib": BIB, "seeds/more.bib": BIB.replace("lee2021", "x").replace(
        "kim2020", "y").replace("Graphs for Everyone", "Another One").replace("Trees Are Graphs Too", "A Second")})
    assert run_build(root, "build").returncode == 0
    annotated = root / "content/papers/another-one.md"
    annotated.write_text(annotated.read_text(encoding="utf-8") + "\nKeep me.\n", encoding="utf-8")
    (root / "seeds/more.bib").unlink()
    result = run_build(root, "build")
    assert result.returncode == 0
    gone = [line for line in result.stderr.splitlines() if "no longer in any source" in line]
    assert len(gone) == 1 and gone[0].startswith("content/papers: warning: 2 pages")
    result = run_build(root, "prune")
    assert result.returncode == 0, result.stderr
    assert not (root / "content/papers/a-second.md").exists() and annotated.exists()
    assert "content/papers/another-one.md: kept" in result.stderr


# ---------------------------------------------------------------------- --keep-going

def test_an_unreadable_entry_fails_the_build_unless_keep_going(make_site):
    root = make_site({"seeds/mine.bib": BIB + "\n@misc{notitle,\n  year = {2020},\n}\n"})
    result = run_build(root, "build")
    assert result.returncode == 1 and "seeds/mine.bib:15: entry 'notitle' has no title" in result.stderr
    assert not (root / "_site/index.html").exists()
    result = run_build(root, "build", "--keep-going")
    assert result.returncode == 1 and "seeds/mine.bib:15: entry 'notitle' has no title" in result.stderr
    assert "--keep-going" in result.stderr
    assert len(json.loads((root / "_site/papers.json").read_text(encoding="utf-8"))) == 2


# ---------------------------------------------------------------------- a survey of one's own

@pytest.mark.slow
def test_new_survey_then_suggest_tags_gives_tagged_pages(tmp_path):
    survey = tmp_path / "pl-survey"
    result = subprocess.run([sys.executable, str(Path(__file__).parents[1] / "build.py"), "new", str(survey),
                             "--title", "Programming languages"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for name in ("site.yaml", "seeds/README.md", "taxonomy.yaml", "Makefile", ".github/workflows/pages.yml",
                 "build.py", "site_src/cli.py", "templates/paper.html"):
        assert (survey / name).is_file(), name
    assert "title: Programming languages" in (survey / "site.yaml").read_text(encoding="utf-8")
    assert not list((survey / "content/papers").glob("*.md"))
    lines = []
    for i in range(12):  # a small library of another field
        topic = ["type inference", "garbage collection", "pattern matching"][i % 3]
        lines.append(f"@article{{p{i},\n  title = {{On {topic} in language {i}}},\n  author = {{Doe, Jo}},\n"
                     f"  journal = {{J. Prog. Lang.}},\n  year = {{{2000 + i}}},\n"
                     f"  abstract = {{We study {topic} for a functional language, with {topic} rules.}},\n"
                     f"  keywords = {{{topic}, compilers}},\n}}\n")
    (survey / "seeds/library.bib").write_text("\n".join(lines), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "build.py", *args], cwd=survey, capture_output=True, text=True,
                              timeout=300)

    result = run("suggest-tags", "--write")
    assert result.returncode == 0, result.stderr
    assert "id: type-inference" in (survey / "taxonomy.yaml").read_text(encoding="utf-8")
    result = run("check")
    assert result.returncode == 0, result.stderr
    papers = json.loads((survey / "_site/papers.json").read_text(encoding="utf-8"))
    assert len(papers) == 12
    topical = {"type-inference", "garbage-collection", "pattern-matching"}
    assert all(topical & set(p["tags"]) for p in papers)
