"""A date known only to the year or month stays that precise everywhere it is shown."""
from __future__ import annotations

import json

import bibtexparser
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .conftest import dump, run_build

BIB = """@article{he2016deep,
  title = {Deep Residual Learning for Image Recognition},
  author = {He, Kaiming and Zhang, Xiangyu},
  journal = {CVPR}, year = 2016,
}
@misc{sim2025,
  title = {Alpha: A Model},
  author = {Doe, Jane}, year = 2025, month = feb,
}
"""


def test_year_only_and_month_only_dates(make_site):
    root = make_site({"seeds/refs.bib": BIB,
                      "seeds/list.txt": dump(("Alpha: A Model", "Alpha does things.", "  • 1 authors\n·\nFeb 19, 2025"))})
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr  # 2025-02 and 2025-02-19 agree: the day is kept, no conflict
    resnet = HTMLParser((root / "_site/papers/deep-residual-learning-for-image-recognition.html").read_text())
    time = resnet.css_first(".facts time")
    assert time.text() == "2016" and time.attributes["datetime"] == "2016"
    alpha = HTMLParser((root / "_site/papers/alpha-a-model.html").read_text())
    assert alpha.css_first(".facts time").text() == "Feb 19, 2025"
    page = (root / "content/papers/deep-residual-learning-for-image-recognition.md").read_text()
    assert "\ndate: 2016\n" in page
    entry = bibtexparser.parse_string(resnet.css_first("pre#bibtex").text())  # the entry the page offers
    fields = {f.key: f.value for f in entry.entries[0].fields}
    assert fields["year"] == "2016" and "month" not in fields
    data = {d["slug"]: d for d in json.loads((root / "_site/papers.json").read_text())}
    assert data["deep-residual-learning-for-image-recognition"]["date_precision"] == "year"
    csl = {c["title"]: c for c in json.loads((root / "_site/papers.csl.json").read_text())}
    assert csl["Deep Residual Learning for Image Recognition"]["issued"] == {"date-parts": [[2016]]}
    # a second ingest reads "date: 2016" back as a year and changes nothing
    before = page
    assert run_build(root, "build").returncode == 0
    assert (root / "content/papers/deep-residual-learning-for-image-recognition.md").read_text() == before
