"""The renderer's short cuts keep what a page says: escaping as Jinja's own, a template file
checked once a build yet an edit seen by the next build, every field a page reads noted."""
from __future__ import annotations

import os
from dataclasses import fields

import jinja2
from markupsafe import Markup

from site_src.config import load_config
from site_src.errors import Report
from site_src.model import Paper
from site_src.pipeline import build_site
from site_src.reads import _DERIVED, _MASK, PaperRead, Reads
from site_src.render.env import _Environment

from .conftest import dump

EVERY_OUTPUT = ("{{ text }}|{{ safe }}|{{ number }}|{{ nothing }}|{{ text ~ safe }}|{{ text | upper }}"
                "|{% macro item(x) %}<i>{{ x }}</i>{% endmacro %}{{ item(text) }}|{{ item(safe) }}"
                "|{% set held %}<b>{{ text }}</b>{% endset %}{{ held }}|{% filter lower %}{{ text }}{% endfilter %}"
                "|{% autoescape false %}{{ text }}{% endautoescape %}|{{ gone }}|{{ words | join(', ') }}")


def test_templates_escape_every_kind_of_value_as_jinja_does():
    values = dict(text="<script>alert('x') & \"y\"</script>", safe=Markup("<em>kept</em>"), number=42,
                  nothing=None, gone=jinja2.Undefined(), words=["<a>", Markup("<b>")])
    ours = _Environment(autoescape=True).from_string(EVERY_OUTPUT).render(**values)
    jinjas = jinja2.Environment(autoescape=True).from_string(EVERY_OUTPUT).render(**values)
    assert ours == jinjas
    shown = ours.split("|")
    assert shown[0] == "&lt;script&gt;alert(&#39;x&#39;) &amp; &#34;y&#34;&lt;/script&gt;"
    assert shown[1] == "<em>kept</em>" and shown[7] == "<i><em>kept</em></i>" and shown[2] == "42"


def test_a_build_checks_a_template_file_once_and_the_next_build_sees_it_edited(make_site, monkeypatch):
    papers = [(f"Paper number {i} on lunar craters", f"We count craters, take {i}.") for i in range(6)]
    root = make_site({"seeds/a.txt": dump(*papers), "site.yaml": "title: Craters\ntemplates: mytemplates\n",
                      "mytemplates/base.html": "<title>{{ title }}</title>{% block main %}{% endblock %}\n"})
    base = str(root / "mytemplates/base.html")
    checks: list[str] = []
    getmtime = os.path.getmtime

    def counted(path: str) -> float:
        checks.append(os.fspath(path))
        return getmtime(path)

    monkeypatch.setattr(os.path, "getmtime", counted)
    report = Report()
    build_site(load_config(None, root), report)
    assert not report.errors
    pages = sorted((root / "_site/papers").glob("paper-number-*.html"))
    assert len(pages) == 6 and all(p.read_text().startswith("<title>Paper number") for p in pages)
    assert checks.count(base) <= 1  # Jinja alone checks it at every page that extends it

    (root / "mytemplates/base.html").write_text("<title>Edited: {{ title }}</title>{% block main %}{% endblock %}\n")
    os.utime(root / "mytemplates/base.html", (1, 1))  # a different time, however fast the edit
    build_site(load_config(None, root), Report())
    assert all(p.read_text().startswith("<title>Edited: Paper number") for p in pages)


def test_every_field_a_template_reads_is_noted_for_its_paper():
    paper = Paper(slug="p", title="T", abstract="A")
    for name in (*(f.name for f in fields(Paper)), *_DERIVED):
        reads = Reads()
        assert getattr(PaperRead(paper, reads), name) == getattr(paper, name)
        assert reads.masks == ({"p": _MASK[name]} if _MASK[name] else {"p": 0}), name
