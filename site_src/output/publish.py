"""The last stage: render the linked survey and write it, to ``content/`` and to the site.

Every output is rendered through a :class:`~site_src.reads.Reader`, which records what it
read. The record of the last build (its outputs, what each read, and the digests of
what it saw) tells which outputs an edit touches: those that read a field, a paper or
a part of the survey that differs now. New outputs are rendered, vanished ones deleted.
When there is no usable record (a first build, other settings, an output folder that
changed under us) the whole site is rendered into a staging folder and swapped in.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_src.config import Config
from site_src.content.pages import page_as_written
from site_src.content.write import Head, page_path, page_text, stays_in_folder, write_page
from site_src.errors import Report
from site_src.executor import Executor, for_papers
from site_src.files import PROJECT_TEMPLATES, NewFolder, restamp
from site_src.files import stamp as _stamp
from site_src.model import Paper, Survey
from site_src.output.readers import Readers
from site_src.output.static import copy_static, without_static
from site_src.output.write import (
    SITE_MARK,
    SITE_MARK_TEXT,
    FileWriter,
    copy_assets,
    safe_target,
    staging_dir,
    swap_in,
    write_files,
    write_in_place,
)
from site_src.reads import ALL_FIELDS, Reader, Reads, changed_fields, paper_digests, survey_keys
from site_src.render.data import SEARCH_JOB, SEARCH_STATE
from site_src.render.renderer import Renderer
from site_src.search.index import PaperTerms
from site_src.textfile import shown_path

Record = dict[str, Any]  # JSON: what the next build compares against


@dataclass
class Published:
    survey: Survey
    files: int = 0  # site files written
    pages: int = 0  # content pages written
    written: list[str] = field(default_factory=list)  # their paths: the build's own edits of its inputs
    # each page written, by path: (its new stamp, what reading it back gives), so the next
    # build need not read back what this one wrote
    reread: dict[str, tuple[list[int], Paper]] = field(default_factory=dict)
    record: Record = field(default_factory=dict)
    # the record's outputs turned around (content pages, site), for the next build in this process
    readers: tuple[Readers | None, Readers | None] = (None, None)
    # the pieces every output shares (list items, BibTeX entries), with what each read: what the
    # next build of this process may reuse (see Reader.reuse)
    pieces: dict[Any, Any] = field(default_factory=dict)

    @property
    def papers(self) -> int:
        return len(self.survey.papers)


@dataclass(frozen=True)
class Since:
    """What may differ from the last build's record, as the caller knows it; all else is as it was.

    ``papers``: the papers whose fingerprint or citation key may differ (the same papers,
    in the same order, as the last build's); ``pages``: the content pages whose stamp may
    differ. ``readers``: the last build's :attr:`Published.readers`."""

    papers: set[str]
    pages: set[str]
    readers: tuple[Readers | None, Readers | None] = (None, None)


@dataclass(frozen=True)
class Changes:
    """What differs from the last build: per paper, a mask of changed fields; named parts."""

    papers: dict[str, int]
    keys: set[str]

    def touch(self, masks: dict[str, int], keys: Iterable[str]) -> bool:
        if not self.keys.isdisjoint(keys):
            return True
        if masks.keys().isdisjoint(self.papers.keys()):  # in C, over the smaller side: most outputs
            return False
        small, large = (masks, self.papers) if len(masks) < len(self.papers) else (self.papers, masks)
        return any(large.get(slug, 0) & mask for slug, mask in small.items())


def publish(survey: Survey, citekeys: dict[str, str], prints: dict[str, str], config: Config,
            page_stamps: dict[str, tuple[int, int]], last: Record, executor: Executor, report: Report, *,
            settings: str, write_site: bool = True, since: Since | None = None,
            parts: dict[str, str] | None = None, search_terms: Mapping[str, PaperTerms] | None = None,
            pieces: dict[Any, Any] | None = None, heads: Mapping[str, Head] | None = None) -> Published:
    """Content pages and (unless ``write_site`` is false: an ingest) the site; returns the new record.

    ``prints``: per paper, a digest of everything about it (its fields and cross-links);
    equal to the last build's, nothing about it changed. ``since``: what the caller knows
    of what changed since ``last`` (the dev server), so that the rest is not compared;
    ``parts``: the survey's named parts (:func:`survey_keys`), when the caller has them.
    ``search_terms``: see :class:`Renderer`; ``pieces``: the last build's
    :attr:`Published.pieces` (from this process), reused where still true. ``heads``: content
    pages' first parts made earlier (:func:`~site_src.content.write.page_heads`), used for the
    papers they were made of."""
    renderer = Renderer(survey, config, citekeys, search_terms)
    same_settings = last.get("settings") == settings
    last_content, last_site = last.get("content", {}), last.get("site", {})
    if since is not None and ("seen" not in last_content or last_content.get("seen") is not last_site.get("seen")):
        since = None  # the content pages and the site were not last written together
    seen: Record = {}  # made with the content pages: beside the workers, when they render a whole site
    result = Published(survey)
    content = config.root / config.content
    pages: dict[str, list[Any]] = {}
    written: list[str] = []
    restamped: set[str] = set()  # pages whose stamp, as recorded, is not the one this build found
    readers: list[Readers | None] = [None, None] if since is None else list(since.readers)

    def write_content() -> None:
        seen.update(_seen(survey, citekeys, prints, last_content.get("seen", {}), last_site.get("seen", {}),
                          since=None if since is None else since.papers, parts=parts))
        changes = (_changes(last_content["seen"], seen, None if since is None else since.papers)
                   if same_settings and "seen" in last_content else None)
        old = last_content.get("pages", {})
        index, only = readers[0] if since is not None and readers[0] is not None and readers[0].of is old else None, None
        if index is not None and changes is not None and since is not None:
            only = index.touched(changes.papers, changes.keys) | {_page_slug(path) for path in since.pages}
            only |= (survey.by_slug.keys() - old.keys()) | index.restamped
        pages.update(_write_content(renderer, survey, content, page_stamps, old, changes, report, result.reread,
                                    shown_path(content / "papers", config.root), (written, restamped), only,
                                    heads or {}))
        if since is not None:  # the index of this record, for the next build
            made = Readers(pages, 0) if index is None or only is None else index.moved_to(
                pages, only | (old.keys() - pages.keys()))
            made.restamped = restamped
            readers[0] = made

    out = config.root / config.out
    site: Record = last_site
    if not write_site:
        write_content()
    elif (same_settings and "seen" in last_site and last_site.get("out") == _stamp(out / "index.html")
            and (out / "index.html").exists()):
        write_content()
        old = last_site["outputs"]
        index = None
        if since is not None:
            index = readers[1] if readers[1] is not None and readers[1].of is old else Readers(old, 1)
        changes = _changes(last_site["seen"], seen, None if since is None else since.papers)
        if pieces:
            renderer.r.reuse(pieces, lambda reads: changes.touch(reads.masks, reads.keys))
        # a long-lived process whose last build rendered in workers has no state the search job
        # carries: it is made here once (the dev server's idle second pass), not by the next edit
        again = {SEARCH_JOB} if pieces is not None and renderer.r.carried(SEARCH_STATE) is None else set()
        result.files, outputs, remade = _update_site(renderer, out, old, changes, report, index, again)
        if index is not None:
            readers[1] = index.moved_to(outputs, remade)
        restamp(out / "index.html")  # this site is not the one an older record (a cache not saved) describes
        site = {"seen": seen, "outputs": outputs, "out": _stamp(out / "index.html")}
    else:  # the content pages are written in this process while the workers render the site
        result.files, outputs = _write_whole_site(renderer, config, out, executor, report, here=write_content)
        site = {"seen": seen, "outputs": outputs, "out": _stamp(out / "index.html")}
    if write_site:
        result.pieces = renderer.r.pieces()
    result.written = [str(page_path(content, slug)) for slug in written]
    result.pages = len(result.written)
    report.count("pages written", result.pages)
    result.record = {"settings": settings, "content": {"seen": seen, "pages": pages}, "site": site}
    if since is not None:
        result.readers = (readers[0], readers[1] if site is not last_site else None)
    return result


def _page_slug(path: str) -> str:
    return os.path.basename(path).removesuffix(".md")


# ---------------------------------------------------------------------- what changed

def _seen(survey: Survey, citekeys: dict[str, str], prints: dict[str, str], *last: Record,
          since: set[str] | None = None, parts: dict[str, str] | None = None) -> Record:
    """Digests of every paper (whole, and per field) and of every named part of the survey.

    ``since``: the only papers whose digests may differ from ``last``'s (all of whose are the same)."""
    olds = [seen.get("papers", {}) for seen in last]
    papers: dict[str, list[Any]] = {}
    if since is not None:
        papers, olds = dict(olds[0]), []
    for p in (survey.papers if since is None else [survey.by_slug[slug] for slug in since]):
        whole = prints[p.slug] + citekeys.get(p.slug, "")
        for old in olds:
            before = old.get(p.slug)
            if before is not None and before[0] == whole:
                papers[p.slug] = before
                break
        else:
            papers[p.slug] = [whole, paper_digests(survey, citekeys, p.slug)]
    return {"papers": papers, "keys": survey_keys(survey, citekeys) if parts is None else parts}


def _changes(last: Record, seen: Record, since: set[str] | None = None) -> Changes:
    """``since``: the only papers whose digests may differ (the same papers as in ``last``)."""
    old, new = last.get("papers", {}), seen["papers"]
    papers: dict[str, int] = {}
    for slug in new if since is None else since:
        whole, fields = new[slug]
        before = old.get(slug)
        if before is None:
            papers[slug] = ALL_FIELDS
        elif before[0] != whole:
            papers[slug] = changed_fields(before[1], fields)
    for slug in () if since is not None else old.keys() - new.keys():
        papers[slug] = ALL_FIELDS
    old_keys, new_keys = last.get("keys", {}), seen["keys"]
    keys = {k for k in old_keys.keys() | new_keys.keys() if old_keys.get(k) != new_keys.get(k)}
    return Changes(papers, keys)


def _reads_record(reads: Reads) -> list[Any]:
    return [reads.masks, sorted(reads.keys)]


def _stale(entry: list[Any] | None, changes: Changes) -> bool:
    """An output that did not exist, or read something that changed: [paths, masks, keys]."""
    return entry is None or changes.touch(entry[1], entry[2])


# ---------------------------------------------------------------------- content pages

def _write_content(renderer: Renderer, survey: Survey, content: Path, page_stamps: dict[str, tuple[int, int]],
                   last: dict[str, list[Any]], changes: Changes | None, report: Report,
                   reread: dict[str, tuple[list[int], Paper]], shown: str, wrote: tuple[list[str], set[str]],
                   only: set[str] | None = None, heads: Mapping[str, Head] | None = None) -> dict[str, list[Any]]:
    """Each paper's content page, rewritten when what it shows changed or the file is not as we left it.

    A page the user saved while this build ran is left alone (their version wins); it is
    read again by the next build. ``only``: the papers whose pages may need it (the rest
    are as ``last`` records them). ``wrote``: where the slugs of the pages written go, and
    of those whose stamp now is not the one in ``page_stamps``.

    With no pages' folder yet (a first build), the pages are written into a hidden one
    renamed into place when all are there (:class:`~site_src.files.NewFolder`)."""
    written, restamped = wrote
    folder = content / "papers"
    new_folder = None if os.path.lexists(folder) else NewFolder(folder)
    if new_folder is None:
        folder.mkdir(parents=True, exist_ok=True)
    try:
        record = _write_pages(renderer.r, survey, content, page_stamps, last, changes, report, reread, shown,
                              wrote, only, new_folder, heads or {})
        taken = set() if new_folder is None else new_folder.commit()
    except BaseException:
        if new_folder is not None:
            new_folder.discard()
        raise
    for name in sorted(taken):  # saved into a pages' folder made while this build ran
        slug = name.removesuffix(".md")
        target = page_path(content, slug)
        report.notes.append(f"{target}: saved while the build ran; kept as you wrote it (build again to use it)")
        record.pop(slug, None)
        restamped.discard(slug)
        reread.pop(str(target), None)
    if taken:
        written[:] = [slug for slug in written if slug + ".md" not in taken]
    return record


def _write_pages(r: Reader, survey: Survey, content: Path, page_stamps: dict[str, tuple[int, int]],
                 last: dict[str, list[Any]], changes: Changes | None, report: Report,
                 reread: dict[str, tuple[list[int], Paper]], shown: str, wrote: tuple[list[str], set[str]],
                 only: set[str] | None, new_folder: NewFolder | None, heads: Mapping[str, Head]
                 ) -> dict[str, list[Any]]:
    written, restamped = wrote
    folder = content / "papers"
    prefix = os.path.join(folder, "")  # as page_files names them, the keys of page_stamps
    record: dict[str, list[Any]] = {}
    papers = survey.papers
    if only is not None:
        record = {slug: entry for slug, entry in last.items() if slug in survey.by_slug}
        papers = tuple(p for p in papers if p.slug in only)
    for p in papers:
        read_as = page_stamps.get(prefix + p.slug + ".md")  # as this build found it
        before = last.get(p.slug)
        if (changes is not None and before is not None and read_as is not None and before[2] == list(read_as)
                and not changes.touch(before[0], before[1])):
            record[p.slug] = before
            continue
        target = page_path(content, p.slug)
        if not stays_in_folder(p.slug):
            report.error(p.path or str(target), 0, f"slug '{p.slug}' would write outside {folder}")
            continue
        reads = r.recording()
        head = heads.get(p.slug)
        if head is not None and head[0] is p:  # made of this very paper: what it read, then the rest
            reads.paper(p.slug, head[2])
            front, text = page_text(r, p.slug, head[1])
        else:
            front, text = page_text(r, p.slug)
        now: list[int] | None
        if new_folder is None:
            outcome, now = write_page(target, text.encode("utf-8"), read_as)
        elif read_as is None:
            outcome, now = "written", new_folder.create(target.name, text.encode("utf-8"))
        else:  # the page this build read is gone with its folder: deleted, and not written again
            outcome, now = "kept", None
        if outcome == "kept":
            report.notes.append(f"{target}: saved while the build ran; kept as you wrote it (build again to use it)")
            record.pop(p.slug, None)
            continue  # no record: the next build renders it again
        record[p.slug] = [reads.masks, sorted(reads.keys), now]
        if outcome == "written":
            written.append(p.slug)
        if read_as is None or now != list(read_as):
            restamped.add(p.slug)
        if outcome == "written" and now is not None:
            page = page_as_written(front, text, target, os.path.join(shown, target.name))
            if page is not None:
                reread[str(target)] = (now, page)
    return record


# ---------------------------------------------------------------------- the site

def _update_site(renderer: Renderer, out: Path, last: dict[str, list[Any]], changes: Changes, report: Report,
                 readers: Readers | None = None, again: set[str] | None = None
                 ) -> tuple[int, dict[str, list[Any]], set[str]]:
    """Re-render only the outputs that read something that changed (and those named in ``again``);
    drop vanished ones.

    ``readers``: ``last`` turned around, to find those outputs without asking each. Returns
    the files written, the new record, and the outputs re-rendered or gone."""
    names = renderer.job_names()
    again = again or set()
    if readers is None:
        stale = [n for n in names if n in again or _stale(last.get(n), changes)]
        record = {n: last[n] for n in names if n in last}
        gone = set(last) - set(record)
    else:
        now = set(names)
        wanted = readers.touched(changes.papers, changes.keys) | (now - last.keys()) | again
        stale = [n for n in names if n in wanted]
        gone = last.keys() - now
        record = {n: entry for n, entry in last.items() if n not in gone}
    files: list[tuple[str, bytes]] = []
    dropped: list[str] = [path for n in gone for path in last[n][0]]
    for done in renderer.run(stale, names):
        files.extend(done.files)
        record[done.name] = [[path for path, _ in done.files], *_reads_record(done.reads)]
        before = last.get(done.name)
        if before is not None and before[0] != record[done.name][0]:
            dropped += before[0]
    written = write_in_place(out, without_static(files, renderer.config, report))
    if dropped:  # a vanished output, or one that now makes fewer files
        kept = {path for n in names for path in record[n][0]}
        for path in dropped:
            if path not in kept:
                safe_target(out, path).unlink(missing_ok=True)
    report.notes.append(f"incremental: {len(stale)} outputs re-rendered")
    return written, record, set(stale) | gone


def _write_whole_site(renderer: Renderer, config: Config, out: Path, executor: Executor, report: Report,
                      here: Callable[[], None]) -> tuple[int, dict[str, list[Any]]]:
    """A new site beside the old one, swapped in when complete; ``here()`` (the content
    pages) runs in this process meanwhile."""
    staged = staging_dir(out)
    try:
        names = renderer.job_names()
        executor = for_papers(executor, len(renderer.r.papers()))
        shares = _shares(names, executor.workers)

        def render_share(share: list[str]) -> list[Any]:
            record: dict[str, list[Any]] = {}
            writer = FileWriter(staged)
            n = 0
            for done in renderer.run(share, names):
                n += writer.write(done.files)
                record[done.name] = [[path for path, _ in done.files], *_reads_record(done.reads)]
            return [n, record]

        files = 0
        record: dict[str, list[Any]] = {}
        for n, part in executor.map(render_share, shares, here=here):
            files += n
            record.update(part)
        files += write_files(staged, [(".nojekyll", b""), (SITE_MARK, SITE_MARK_TEXT)])
        assets = [PROJECT_TEMPLATES / "assets"]
        if config.templates:
            assets.append(config.root / config.templates / "assets")
        copy_assets(staged, assets)
        copy_static(staged, config, report)  # the user's static/ files, last: they win, with a warning
        swap_in(staged, out)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return files, {n: record[n] for n in names}


DATA_JOBS = ("search", "tag-names", "feed", "robots", "sitemap")
PAGE_CHUNKS = 40  # the paper pages in about this many items, taken by whichever worker is free


def _shares(names: list[str], workers: int) -> list[list[str]]:
    """The jobs of a whole site as the executor's items, in build order within each.

    First the two long ones, one for each worker: the search index with the small data
    files, and the list pages with papers.json and the .bib (beside the search index they
    would make that worker the build's peak of memory: 2.1 GiB at 50,000 papers, against
    1.9). Then the paper pages, most of the work, in chunks that whichever worker is free
    takes, so that the two end together. The content pages are written in the main process
    meanwhile: three processes on two cores, which the system's scheduler keeps both busy."""
    if workers < 2:
        return [names]
    data = [n for n in names if n in DATA_JOBS or n.startswith("feed:")]
    pages = [n for n in names if n.startswith("page:")]
    chosen = set(data) | set(pages)
    rest = [n for n in names if n not in chosen]
    size = max(1, -(-len(pages) // PAGE_CHUNKS))
    return [share for share in (data, rest) if share] + [pages[i : i + size] for i in range(0, len(pages), size)]
