"""Random edits, each built incrementally in a new process, give the bytes of a clean build.

The generator is driven only through ``build.py`` subprocesses (never its modules), so the
test holds whatever the pipeline, the cache or the renderer look like inside. Each example
makes a small project (a Daily Papers dump, a BibTeX file, a YAML file, hand-written pages,
a taxonomy, ``url:`` set so the sitemap is written), builds it, then applies one to three
edits. After each edit the project's inputs are copied aside, the project is rebuilt with
its cache loaded from disk, the copy is built with ``--clean``, and every file of ``_site/``
and ``content/`` must be byte-identical between the two.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, note, settings
from hypothesis import strategies as st

from .conftest import DUMP_HEAD, ROOT, run_build, start_warm, stop_warm

INPUTS = ("seeds", "content", "site.yaml", "taxonomy.yaml", "mytemplates")
TEMPLATES = ("paper.html", "tag.html", "base.html", "_macros.html", "index.html")

# Papers the sources start with, and papers an edit may add: (title, abstract).
POOL = [
    ("MambaSense: Remote Sensing Scene Classification with State Space Models",
     "We propose MambaSense, a selective state space model for remote sensing scene classification. "
     "Satellite images are split into patches and scanned in four directions."),
    ("Vision Transformers for Chest X-ray Diagnosis",
     "We study vision transformers on chest radiographs for medical image classification. "
     "Pre-training on natural images helps clinical accuracy."),
    ("Segment Anything in Aerial Imagery",
     "Semantic segmentation of aerial and satellite images with a promptable model. "
     "Our code is at https://github.com/example/aerial-sam."),
    ("Calibrated Zero-Shot Classification with CLIP",
     "Zero-shot image classification with CLIP is poorly calibrated. We propose a temperature "
     "rule that fixes it without labels."),
    ("A Survey of Medical Image Segmentation",
     "This survey reviews semantic segmentation methods for medical images: CT, MRI and ultrasound, "
     "with convolutional networks and transformers."),
    ("Efficient State Space Models for Video",
     "A state space model backbone for video recognition that scales linearly with the number of frames."),
    ("Label Noise in Remote Sensing Datasets",
     "We measure label noise in remote sensing image classification benchmarks and release cleaned labels."),
    ("ConvNets Match Vision Transformers at Scale",
     "Convolutional networks trained with the recipes of vision transformers match them on image classification."),
    ("Hyperspectral Segmentation with Selective Scans",
     "A Mamba model with selective scans segments hyperspectral images of crops."),
    ("Few-Shot Learning for Rare Diseases",
     "Few-shot image classification of rare diseases from a handful of clinical images per class."),
    ("Token Pruning for Vision Transformers",
     "We prune tokens of vision transformers to speed up image classification by a third."),
    ("Diffusion Models as Data Augmentation",
     "Synthetic images from diffusion models augment scarce training data for image classification."),
]
TITLE_WORDS = ["Robust", "Scalable", "Simple", "Efficient", "Hierarchical", "Lightweight"]
ABSTRACT_SENTENCES = [
    "Experiments on three benchmarks show consistent gains.",
    "We also study clinical deployment on hospital data.",
    "The model uses a state space model as its backbone.",
    "Results on satellite images confirm the trend.",
    "Code is at https://github.com/example/extra-code.",
]
CODE_URLS = ["https://github.com/example/one", "https://github.com/example/two", "https://gitlab.com/example/three"]
NOTES = ["Read this first.", "Compare with the segmentation survey.", "Weak baselines; **check** table 2.",
         "- a list item\n- another one"]
TAG_IDS = ["mamba", "transformer", "segmentation", "medical", "remote-sensing", "reading-group"]
RULE_WORDS = ["backbone", "satellite", "clinical", "benchmark", "augmentation", "scans"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass
class SourcePaper:
    title: str
    abstract: str
    year: int
    month: int
    day: int
    upvotes: int | None
    code: str | None


@dataclass
class Project:
    """The inputs the test controls as data; content pages are edited on disk."""

    root: Path
    txt: list[SourcePaper] = field(default_factory=list)
    bib: list[SourcePaper] = field(default_factory=list)
    yml: list[SourcePaper] = field(default_factory=list)
    rules: dict[str, list[str]] = field(default_factory=dict)
    templates_set: bool = False

    def sources(self) -> dict[str, list[SourcePaper]]:
        return {"txt": self.txt, "bib": self.bib, "yml": self.yml}

    def write_sources(self) -> None:
        seeds = self.root / "seeds"
        seeds.mkdir(parents=True, exist_ok=True)
        write(seeds / "dump.txt", dump_text(self.txt))
        write(seeds / "refs.bib", bib_text(self.bib))
        write(seeds / "mine.yaml", yaml_text(self.yml))

    def write_taxonomy(self) -> None:
        write(self.root / "taxonomy.yaml", taxonomy_text(self.rules))

    def write_site_yaml(self) -> None:
        text = ("title: Property survey\nauthor: Test Author\nurl: https://example.org/survey/\n"
                "collections:\n  dump:\n    title: A dump\n    year: 2025\n  refs:\n    title: References\n")
        if self.templates_set:
            text += "templates: mytemplates\n"
        write(self.root / "site.yaml", text)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def dump_text(papers: list[SourcePaper]) -> str:
    parts = [DUMP_HEAD]
    for p in papers:
        abstract = p.abstract + (f" Code: {p.code}" if p.code else "")
        date = f"{MONTHS[p.month - 1]} {p.day}, {p.year}" + (f" {p.upvotes}" if p.upvotes is not None else "")
        parts.append(f"{p.title}\n\n{abstract}\n\n  • 4 authors\n·\n{date}\n\n")
    return "".join(parts)


def bib_text(papers: list[SourcePaper]) -> str:
    out = []
    for i, p in enumerate(papers):
        key = "k" + re.sub(r"[^a-z]", "", p.title.lower())[:12] + str(i)
        code = f"  code = {{{p.code}}},\n" if p.code else ""
        out.append(f"@article{{{key},\n  title = {{{p.title}}},\n  author = {{Doe, Jane and Roe, Rick}},\n"
                   f"  journal = {{Journal of Tests}},\n  year = {p.year}, month = {MONTHS[p.month - 1].lower()},\n"
                   f"  abstract = {{{p.abstract}}},\n{code}}}\n")
    return "\n".join(out)


def yaml_text(papers: list[SourcePaper]) -> str:
    items = []
    for p in papers:
        item: dict[str, object] = {"title": p.title, "abstract": p.abstract,
                                   "date": f"{p.year:04d}-{p.month:02d}-{p.day:02d}", "authors": ["Ann Lee", "Bo Li"]}
        if p.upvotes is not None:
            item["upvotes"] = p.upvotes
        if p.code:
            item["code"] = p.code
        items.append(item)
    return yaml.safe_dump(items, sort_keys=False, allow_unicode=True)


def taxonomy_text(rules: dict[str, list[str]]) -> str:
    facets = {"method": ["mamba", "transformer"], "task": ["segmentation"],
              "domain": ["medical", "remote-sensing"], "contribution": ["reading-group"]}
    data = {"facets": [
        {"id": fid, "name": fid.capitalize(), **({"topical": False} if fid == "contribution" else {}),
         "tags": [{"id": tid, "name": tid.replace("-", " ").capitalize(), "description": f"Papers on {tid}.",
                   **({"words": rules[tid]} if rules.get(tid) else {})} for tid in tags]}
        for fid, tags in facets.items()]}
    return yaml.safe_dump(data, sort_keys=False)


HAND_PAGES = {
    "my-own-paper": ("My Own Paper on State Space Models", "2024-05-02",
                     "We describe our state space model for medical image segmentation."),
    "our-workshop-note": ("Our Workshop Note on Remote Sensing", "2023-11-20",
                          "A short note on remote sensing datasets and their labels."),
}


def hand_page(title: str, date: str, abstract: str) -> str:
    return (f"---\ntitle: {title}\ndate: {date}\nauthors:\n- Test Author\nmy_tags:\n- reading-group\n"
            f"not_tags: []\n---\n\n## Abstract\n\n{abstract}\n\n## Notes\n\nMy own notes.\n")


def new_project(root: Path) -> Project:
    def paper(i: int, year: int, upvotes: int | None, code: str | None = None) -> SourcePaper:
        return SourcePaper(POOL[i][0], POOL[i][1], year, 1 + i % 12, 3 + i, upvotes, code)

    project = Project(
        root,
        txt=[paper(0, 2024, 12), paper(1, 2023, None), paper(2, 2024, 3)],
        bib=[paper(3, 2022, None, CODE_URLS[0]), paper(4, 2021, None)],
        yml=[paper(5, 2024, 7, CODE_URLS[1]), paper(6, 2020, None), paper(7, 2022, 40)],
        rules={"mamba": ["mamba", "state space model", "selective scan"], "transformer": ["vision transformer"],
               "segmentation": ["segmentation"], "medical": ["medical", "clinical", "chest"],
               "remote-sensing": ["remote sensing", "satellite", "aerial"], "reading-group": []},
    )
    project.write_sources()
    project.write_taxonomy()
    project.write_site_yaml()
    for slug, (title, date, abstract) in HAND_PAGES.items():
        write(root / "content/papers" / f"{slug}.md", hand_page(title, date, abstract))
    return project


# --- edits -----------------------------------------------------------------------------------
# Each edit is a tuple drawn by hypothesis; the numbers pick among what exists (modulo), so
# every drawn edit applies to every state and shrinks to small, readable examples.

SOURCE = st.sampled_from(["txt", "bib", "yml"])
N = st.integers(0, 50)
EDITS = st.one_of(
    st.tuples(st.just("source_field"), SOURCE, N,
              st.sampled_from(["title_word", "abstract", "date", "upvotes", "code"]), N),
    st.tuples(st.just("hand_date"), N, N),
    st.tuples(st.just("notes"), N, N),
    st.tuples(st.just("my_tags"), N, N),
    st.tuples(st.just("not_tags"), N, N),
    st.tuples(st.just("rule"), N, N),
    st.tuples(st.just("add_paper"), SOURCE, N),
    st.tuples(st.just("remove_paper"), SOURCE, N, st.booleans()),
    st.tuples(st.just("rename_paper"), SOURCE, N, N),
    st.tuples(st.just("template"), N, st.booleans()),
)


def apply_edit(project: Project, edit: tuple) -> str:
    """Change the project's inputs as ``edit`` says; a line saying what was done."""
    kind, *args = edit
    if kind == "source_field":
        src, i, what, v = args
        papers = project.sources()[src]
        if not papers:
            return "no paper to change"
        p = papers[i % len(papers)]
        if what == "title_word":
            p.title = f"{p.title} {TITLE_WORDS[v % len(TITLE_WORDS)]}"
        elif what == "abstract":
            p.abstract = f"{p.abstract} {ABSTRACT_SENTENCES[v % len(ABSTRACT_SENTENCES)]}"
        elif what == "date":
            p.year, p.month, p.day = 2016 + v % 9, 1 + v % 12, 1 + v % 28
        elif what == "upvotes":
            p.upvotes = None if v % 4 == 0 else v
        else:
            p.code = None if v % 4 == 0 else CODE_URLS[v % len(CODE_URLS)]
        project.write_sources()
        return f"{src} paper {p.title!r}: {what} changed"
    if kind == "hand_date":
        slug = sorted(HAND_PAGES)[args[0] % len(HAND_PAGES)]
        path = project.root / "content/papers" / f"{slug}.md"
        text = path.read_text(encoding="utf-8")
        year = re.search(r"(?m)^date: (\d{4})", text).group(1)  # type: ignore[union-attr]
        if args[1] % 3 == 2:  # another year: a year tag may come or go as well
            year = str(2015 + args[1] % 10)
        date = f"{year}-{1 + args[1] % 12:02d}-{1 + args[1] % 28:02d}"
        path.write_text(re.sub(r"(?m)^date: .*$", f"date: {date}", text, count=1), encoding="utf-8")
        return f"{slug}: date {date}"
    if kind in ("notes", "my_tags", "not_tags"):
        pages = sorted((project.root / "content/papers").glob("*.md"))
        path = pages[args[0] % len(pages)]
        text = path.read_text(encoding="utf-8")
        if kind == "notes":
            head, sep, notes = text.partition("\n## Notes\n")
            if args[1] % 3 == 0 and sep:  # replace what is under the heading
                text = head + sep + f"\n{NOTES[args[1] % len(NOTES)]}\n"
            else:
                text = text.rstrip("\n") + f"\n\n{NOTES[args[1] % len(NOTES)]}\n"
            path.write_text(text, encoding="utf-8")
            return f"{path.name}: notes edited"
        tag = TAG_IDS[args[1] % len(TAG_IDS)]
        text, done = toggle_list_item(text, kind, tag)
        path.write_text(text, encoding="utf-8")
        return f"{path.name}: {kind} {done} {tag}"
    if kind == "rule":
        tag = TAG_IDS[args[0] % len(TAG_IDS)]
        word = RULE_WORDS[args[1] % len(RULE_WORDS)]
        if word not in project.rules[tag]:
            project.rules[tag].append(word)
        project.write_taxonomy()
        return f"taxonomy: {tag} also matches {word!r}"
    if kind == "add_paper":
        src, i = args
        used = {p.title for ps in project.sources().values() for p in ps}
        free = [t for t in POOL if t[0] not in used]
        if not free:
            return "no paper left to add"
        title, abstract = free[i % len(free)]
        project.sources()[src].append(SourcePaper(title, abstract, 2019 + i % 6, 1 + i % 12, 1 + i % 28,
                                                  i if i % 2 else None, None))
        project.write_sources()
        return f"{src}: added {title!r}"
    if kind == "remove_paper":
        src, i, delete_page = args
        papers = project.sources()[src]
        if not papers:
            return "no paper to remove"
        gone = papers.pop(i % len(papers))
        project.write_sources()
        if not delete_page:  # the build keeps the page (with a warning) while it exists
            return f"{src}: removed {gone.title!r}, its page kept"
        if not any(p.title == gone.title for ps in project.sources().values() for p in ps):
            for page in (project.root / "content/papers").glob("*.md"):
                if front_matter(page).get("title") == gone.title:
                    page.unlink()
        return f"{src}: removed {gone.title!r} and its page"
    if kind == "rename_paper":
        src, i, v = args
        papers = project.sources()[src]
        if not papers:
            return "no paper to rename"
        p = papers[i % len(papers)]
        old = p.title
        words = p.title.split()
        words[v % len(words)] = words[v % len(words)] + ("s" if v % 2 else "-X")
        p.title = " ".join(words)
        project.write_sources()
        return f"{src}: renamed {old!r} to {p.title!r}"
    if kind == "template":
        i, visible = args
        name = TEMPLATES[i % len(TEMPLATES)]
        target = project.root / "mytemplates" / name
        text = target.read_text(encoding="utf-8") if target.exists() else (ROOT / "templates" / name).read_text(
            encoding="utf-8")
        if visible and "{% block main %}" in text:
            text = text.replace("{% block main %}", "{% block main %}<!-- edited -->", 1)
        else:
            text += "{# edited #}\n"
        write(target, text)
        if not project.templates_set:
            project.templates_set = True
            project.write_site_yaml()
        return f"template {name} edited"
    raise AssertionError(kind)


def front_matter(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n")) or {}


def toggle_list_item(text: str, key: str, item: str) -> tuple[str, str]:
    """Add ``item`` to the front-matter list ``key`` (block or ``[]`` style), or remove it if there."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("- "):
        end += 1
    items = [line[2:].strip() for line in lines[start + 1:end]]
    inline = lines[start][len(key) + 1:].strip()
    if inline.startswith("[") and inline.endswith("]"):
        items += [x.strip() for x in inline[1:-1].split(",") if x.strip()]
    done = "removed" if item in items else "added"
    items = [x for x in items if x != item] if item in items else [*items, item]
    block = [f"{key}: []"] if not items else [f"{key}:", *(f"- {x}" for x in items)]
    return "\n".join(lines[:start] + block + lines[end:]), done


# --- building and comparing ------------------------------------------------------------------

def build(root: Path, *args: str) -> str:
    result = run_build(root, "build", *args)
    assert result.returncode == 0, f"build {' '.join(args)} in {root} failed:\n{result.stderr}"
    return result.stderr


def copy_inputs(root: Path, dest: Path) -> None:
    dest.mkdir(parents=True)
    for name in INPUTS:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(incremental: Path, clean: Path, limit: int = 8) -> str:
    """The files that differ, each with its first differing line (around the first differing character)."""
    out: list[str] = []
    for sub in ("_site", "content"):
        a, b = tree(incremental / sub), tree(clean / sub)
        out += [f"only in the incremental build: {sub}/{name}" for name in sorted(set(a) - set(b))]
        out += [f"only in the clean build: {sub}/{name}" for name in sorted(set(b) - set(a))]
        changed = sorted(n for n in set(a) & set(b) if a[n] != b[n])
        for name in changed[:limit]:
            out.append(f"differs: {sub}/{name}")
            out += ["    " + line for line in first_difference(a[name], b[name])]
        if len(changed) > limit:
            out.append(f"... and {len(changed) - limit} more in {sub}/")
    return "\n".join(out)


def first_difference(incremental: bytes, clean: bytes, width: int = 70) -> list[str]:
    inc = incremental.decode("utf-8", "replace").splitlines()
    cln = clean.decode("utf-8", "replace").splitlines()
    for number, (x, y) in enumerate(zip(inc + [""] * len(cln), cln + [""] * len(inc)), 1):
        if x != y:
            col = next((i for i, (c, d) in enumerate(zip(x, y)) if c != d), min(len(x), len(y)))
            lo = max(0, col - width)
            return [f"line {number}, column {col + 1}:",
                    f"  clean:       ...{y[lo:col + width]!r}",
                    f"  incremental: ...{x[lo:col + width]!r}"]
    return ["(line endings differ)"]


def check_edits(edits: list[tuple], rebuild: Callable[[Path], str] = build) -> None:
    with tempfile.TemporaryDirectory(prefix="incprop-") as tmp:
        project = new_project(Path(tmp) / "project")
        rebuild(project.root)
        for step, edit in enumerate(edits):
            what = apply_edit(project, edit)
            note(f"edit {step + 1}: {edit} -> {what}")
            clean = Path(tmp) / f"clean{step}"
            copy_inputs(project.root, clean)  # before the build rewrites content pages
            log = rebuild(project.root)
            note("  incremental" if "incremental:" in log else "  full rebuild")
            build(clean, "--clean")
            diff = differences(project.root, clean)
            assert not diff, f"after edit {step + 1} ({what}), incremental != clean:\n{diff}"


# No shrinking: each step costs several builds (a failing run shrank for five minutes), and
# a failing example is at most three edits, each written out by note() in the report.
@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(edits=st.lists(EDITS, min_size=1, max_size=3))
def test_incremental_build_matches_clean_build(edits: list[tuple]) -> None:
    check_edits(edits)


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(edits=st.lists(EDITS, min_size=1, max_size=3))
# edits that change a paper's tags and nothing the lists show of it otherwise: a tag from an
# abstract's new sentence, has-code from a code link, a year tag from a date
@example(edits=[("source_field", "txt", 0, "abstract", 2), ("source_field", "bib", 1, "code", 1)])
@example(edits=[("source_field", "yml", 0, "abstract", 3), ("source_field", "txt", 1, "date", 5)])
# one paper edited again and again: each build finds what to re-render through the index of
# who read what that the last build left, itself updated from the outputs it re-rendered
@example(edits=[("notes", 0, 0), ("my_tags", 0, 1), ("not_tags", 0, 2)])
@example(edits=[("my_tags", 1, 0), ("hand_date", 0, 1), ("my_tags", 1, 3)])
@example(edits=[("template", 23, False), ("template", 30, True)])  # a new file hides a bundled template
# papers added and a title changed: the lines of papers.json and papers.csl.json kept from the
# last build are the ones of papers that did not change, citation keys and cross-links included
@example(edits=[("add_paper", "txt", 0), ("source_field", "bib", 0, "title_word", 1), ("add_paper", "bib", 1)])
# the search files made again from the last build's: papers added, removed and renamed (a new
# ref), an abstract and the tags edited, one build after another
@example(edits=[("add_paper", "txt", 2), ("remove_paper", "bib", 0, True), ("rename_paper", "yml", 0, 1)])
@example(edits=[("add_paper", "bib", 3), ("source_field", "txt", 1, "abstract", 2), ("my_tags", 2, 1)])
def test_dev_server_builds_match_clean_build(edits: list[tuple]) -> None:
    """The same, with the dev server's memo kept in memory across the builds (the one exception
    to building through ``build.py``: a server's memory is only reachable in its process), so
    the steps it reuses by identity (``Memo.each``, ``Memo.over``) and what publishing is told
    changed (``Since``, the index of who read what) are checked against a clean build."""
    from site_src.cache.memo import Memo
    from site_src.config import load_config
    from site_src.errors import Report
    from site_src.pipeline import build_site

    memo = Memo()
    seen: dict[str, tuple[int, int]] = {}

    def stamps(root: Path) -> dict[str, tuple[int, int]]:
        return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*")
                if p.is_file() and not {"_site", ".cache"} & set(p.relative_to(root).parts)}

    def serve_build(root: Path) -> str:
        # what the watcher would name: every input file added, changed or removed since the
        # last build ended (the build's own writes are not named: it must account for them)
        now = stamps(root)
        changed = frozenset(k for k in now.keys() | seen.keys() if now.get(k) != seen.get(k)) if seen else None
        report = Report()
        build_site(load_config(None, root), report, memo=memo, changed=changed)  # as site_src/serve/entry.py does
        assert not report.errors, report.errors
        seen.clear()
        seen.update(stamps(root))
        return "\n".join(report.notes)

    check_edits(edits, serve_build)


def test_hand_page_date_updates_sitemap(tmp_path: Path) -> None:
    """A hand-written page's new date moves it in the sitemap's order (newest first) on an incremental build too."""
    project = new_project(tmp_path / "project")
    build(project.root)
    page = project.root / "content/papers/my-own-paper.md"
    page.write_text(page.read_text(encoding="utf-8").replace("date: 2024-05-02", "date: 2024-01-01"), encoding="utf-8")
    clean = tmp_path / "clean"
    copy_inputs(project.root, clean)
    build(project.root)
    build(clean, "--clean")
    assert (project.root / "_site/sitemap.xml").read_bytes() == (clean / "_site/sitemap.xml").read_bytes(), \
        differences(project.root, clean)


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(edits=st.lists(EDITS, min_size=1, max_size=3))
@example(edits=[("template", 23, False), ("rule", 26, 7), ("template", 30, True)])  # a new file hides a bundled one
@example(edits=[("source_field", "txt", 0, "abstract", 2), ("source_field", "bib", 1, "code", 1)])
def test_warm_process_builds_match_clean_build(edits: list[tuple]) -> None:
    """The same through ``build.py warm``: its memo stays in memory, and it looks again only at
    the inputs whose stamps differ from its last build's summary."""
    running: dict[Path, object] = {}

    def warm_build(root: Path) -> str:
        if root not in running:
            running[root] = start_warm(root)
        log = build(root)
        assert "by the warm build process" in log, log
        return log

    try:
        check_edits(edits, warm_build)
    finally:
        for proc in running.values():
            stop_warm(proc)  # type: ignore[arg-type]
