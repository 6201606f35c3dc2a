"""The same papers as plain Markdown sites for Hugo, MkDocs and Pelican.

Every tool gets the same pages: one per paper (title, date, tags in front matter; the
abstract, author count, upvotes and code links as the body), one per tag, and a home
page listing every paper. Tags come from ``TAG_RULES``, a keyword rule that is the same
for every tool. Hugo and Pelican make the tag pages from the front matter; MkDocs has no
taxonomy, so its tag pages are written as Markdown here.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from site_src.model import Paper

TAG_RULES: dict[str, tuple[str, ...]] = {
    "diffusion": ("diffusion",),
    "transformers": ("transformer", "vit", "attention"),
    "language-models": ("language model", "llm"),
    "vision-language": ("vision-language", "clip", "multimodal"),
    "classification": ("classif",),
    "segmentation": ("segment",),
    "detection": ("detection", "detector"),
    "medical": ("medical", "clinical", "histopath", "patholog"),
    "remote-sensing": ("remote sensing", "satellite"),
    "few-shot": ("few-shot", "few shot"),
    "zero-shot": ("zero-shot", "zero shot"),
    "continual-learning": ("continual", "incremental"),
    "self-supervised": ("self-supervised", "contrastive"),
    "benchmark": ("benchmark", "dataset"),
    "state-space": ("mamba", "state space"),
    "quantum": ("quantum",),
    "efficiency": ("efficient", "lightweight", "pruning", "quantiz"),
    "robustness": ("robust", "adversarial", "corruption"),
    "generation": ("generative", "generation", "gan"),
    "interpretability": ("interpretab", "explainab"),
}


def tags_for(paper: Paper) -> list[str]:
    text = f"{paper.title} {paper.abstract}".lower()
    return [tag for tag, words in TAG_RULES.items() if any(w in text for w in words)]


def body(paper: Paper) -> str:
    facts = []
    if paper.author_count:
        facts.append(f"{paper.author_count} authors")
    if paper.upvotes is not None:
        facts.append(f"{paper.upvotes} upvotes")
    lines = [paper.abstract, ""]
    if facts:
        lines += [", ".join(facts), ""]
    for url in paper.code_urls:
        lines.append(f"- Code: <{url}>")
    return "\n".join(lines) + "\n"


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # JSON strings are valid YAML scalars


@dataclass(frozen=True)
class OtherSite:
    name: str
    folder: Path
    out: Path
    command: Callable[[str], list[str]]  # the tool's executable -> its build command


def _fresh(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


HUGO_CONFIG = """baseURL = "/"
title = "Survey benchmark"
relativeURLs = true
[taxonomies]
tag = "tags"
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }} | {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a> <a href="{{ "/tags/" | relURL }}">Tags</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ with .Date }}{{ .Format "2006-01-02" }}{{ end }}</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "home.html": """{{ define "main" }}<h1>{{ site.Title }}</h1>
<ul>{{ range site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
}


def write_hugo(papers: list[Paper], folder: Path) -> OtherSite:
    _fresh(folder)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (folder / "layouts" / "index.html").write_text(HUGO_LAYOUTS["home.html"], encoding="utf-8")
    pages = folder / "content" / "papers"
    pages.mkdir(parents=True)
    for p in papers:
        front = [f"title: {_yaml_str(p.title)}", f"tags: {json.dumps(tags_for(p))}"]
        if p.date:
            front.append(f"date: {p.date.isoformat()}")
        (pages / f"{p.slug}.md").write_text("---\n" + "\n".join(front) + "\n---\n\n" + body(p), encoding="utf-8")
    out = folder / "public"
    return OtherSite("Hugo", folder, out,
                     lambda exe: [exe, "--source", str(folder), "--destination", str(out),
                                   "--quiet", "--noBuildLock"])


MKDOCS_CONFIG = """site_name: Survey benchmark
docs_dir: docs
site_dir: site
nav:
  - Home: index.md
  - Tags: tags/index.md
"""


def write_mkdocs(papers: list[Paper], folder: Path) -> OtherSite:
    _fresh(folder)
    (folder / "mkdocs.yml").write_text(MKDOCS_CONFIG, encoding="utf-8")
    docs = folder / "docs"
    (docs / "papers").mkdir(parents=True)
    (docs / "tags").mkdir()
    tagged: dict[str, list[Paper]] = {}
    for p in papers:
        tags = tags_for(p)
        for t in tags:
            tagged.setdefault(t, []).append(p)
        front = [f"title: {_yaml_str(p.title)}", f"tags: {json.dumps(tags)}"]
        if p.date:
            front.append(f"date: {p.date.isoformat()}")
        links = " ".join(f"[{t}](../tags/{t}.md)" for t in tags)
        text = "---\n" + "\n".join(front) + f"\n---\n\n# {p.title}\n\n{links}\n\n" + body(p)
        (docs / "papers" / f"{p.slug}.md").write_text(text, encoding="utf-8")
    home = ["# Survey benchmark", ""] + [f"- [{p.title}](papers/{p.slug}.md)" for p in papers]
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    index = ["# Tags", ""] + [f"- [{t}]({t}.md) ({len(ps)})" for t, ps in sorted(tagged.items())]
    (docs / "tags" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    for t, ps in tagged.items():
        lines = [f"# {t}", ""] + [f"- [{p.title}](../papers/{p.slug}.md)" for p in ps]
        (docs / "tags" / f"{t}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "site"
    return OtherSite("MkDocs", folder, out,
                     lambda exe: [exe, "build", "--quiet", "--config-file",
                                   str(folder / "mkdocs.yml")])


PELICAN_CONFIG = """SITENAME = "Survey benchmark"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE = "fs"
RELATIVE_URLS = True
DEFAULT_PAGINATION = False
"""


def write_pelican(papers: list[Paper], folder: Path) -> OtherSite:
    _fresh(folder)
    (folder / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    content = folder / "content"
    content.mkdir()
    for p in papers:
        head = [f"Title: {p.title}", f"Slug: {p.slug}", "Category: papers", f"Tags: {', '.join(tags_for(p))}"]
        if p.date:
            head.append(f"Date: {p.date.isoformat()}")
        (content / f"{p.slug}.md").write_text("\n".join(head) + "\n\n" + body(p), encoding="utf-8")
    out = folder / "output"
    return OtherSite("Pelican", folder, out,
                     lambda exe: [exe, str(content), "--settings", str(folder / "pelicanconf.py"),
                                   "--output", str(out), "--quiet", "--delete-output-directory"])


WRITERS: dict[str, Callable[[list[Paper], Path], OtherSite]] = {
    "hugo": write_hugo, "mkdocs": write_mkdocs, "pelican": write_pelican,
}
