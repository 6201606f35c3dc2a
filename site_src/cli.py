"""The command line: parse options, run a stage, print problems as ``path:line: message``."""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_src.config import Config, load_config
from site_src.errors import BuildError, Report

if TYPE_CHECKING:
    from site_src.serve.warm import Warm

WARM_HINT_SECONDS = 3.0  # an incremental build this slow from the command line tells of build.py warm


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=Path(sys.argv[0]).name or "build.py", description="Build a literature-survey website from reading lists.")
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="settings file (default: site.yaml)")
    common.add_argument("--seeds", type=Path, help="folder of source files (default: seeds/)")
    common.add_argument("--content", type=Path, help="folder of Markdown pages (default: content/)")
    common.add_argument("--out", type=Path, help="output folder (default: _site/)")
    common.add_argument("--templates", type=Path, help="your templates, searched before the project's")
    common.add_argument("--base-url", dest="url", help="absolute URL the site is published at")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--keep-going", dest="keep_going", action="store_true",
                        help="build despite unreadable entries (every problem is still listed; exit code 1)")
    common.add_argument("--clean", action="store_true", help="ignore the build cache")
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    common.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    sub.add_parser("build", parents=[common], help="ingest the sources and build the site")
    sub.add_parser("ingest", parents=[common], help="write content/papers/*.md from the sources only")
    serve = sub.add_parser("serve", parents=[common], help="build, serve and rebuild on change")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    sub.add_parser("check", parents=[common], help="build strictly and check every link")
    warm = sub.add_parser("warm", parents=[common],
                          help="keep a build process with the cache in memory: later builds take a fraction of the time")
    warm.add_argument("--idle", type=float, default=30, metavar="MINUTES",
                      help="stop after this many minutes without a build (default 30)")
    warm.add_argument("--stop", action="store_true", help="stop the project's warm build process")
    new = sub.add_parser("new", help="start a survey of your own in a new folder")
    new.add_argument("dir", type=Path)
    new.add_argument("--title", help="the survey's title (default: the folder's name)")
    new.add_argument("--debug", action="store_true", help="show tracebacks")
    new.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    prune = sub.add_parser("prune", parents=[common],
                           help="delete generated pages whose paper is in no source and that hold none of your edits")
    prune.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    suggest = sub.add_parser("suggest-tags", parents=[common],
                             help="propose a taxonomy from your papers' keywords and distinctive terms")
    suggest.add_argument("--write", action="store_true",
                         help="write it to the taxonomy file (the old one is kept as .bak) instead of printing it")
    suggest.add_argument("--max", type=int, default=25, help="at most this many tags (default 25)")
    return p


def make_config(args: argparse.Namespace, root: Path) -> Config:
    config = load_config(args.config, root)
    config = config.with_overrides(seeds=args.seeds, content=args.content, out=args.out,
                                   templates=args.templates, url=args.url)
    if args.strict or args.command == "check":
        config = config.with_overrides(strict=True)
    if getattr(args, "keep_going", False):
        config = config.with_overrides(keep_going=True)
    return config


def print_report(report: Report, quiet: bool) -> None:
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not quiet and report.counts:
        print("; ".join(f"{k}: {v}" for k, v in report.counts.items()), file=sys.stderr)
    for note in report.notes:
        if not quiet:
            print(note, file=sys.stderr)


def main(argv: list[str], root: Path, warm: Warm | None = None) -> int:
    """One command; ``warm``: run by the warm build process, with the memo it holds."""
    args = parser().parse_args(argv)
    report = Report()
    try:
        if args.command == "new":
            return _new(args)
        config = make_config(args, Path.cwd())  # the project is the current folder, as with hugo or mkdocs
        if warm is None and args.command in ("build", "check"):
            from site_src.serve import warm as warm_process
            answered = warm_process.ask(config, warm_process.request(argv))
            if answered is not None:
                return answered
        return _run(args, config, report, warm, argv)
    except BuildError as exc:
        known = {id(p) for p in report.problems}
        for problem in exc.problems:
            if id(problem) not in known:
                report.add(problem)
        print_report(report, args.quiet)
        errors = len(report.errors) or len(exc.problems)
        print(f"build failed: {errors} problem{'s' if errors != 1 else ''}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not bad input: say so plainly
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, config: Config, report: Report, warm: Warm | None = None,
         argv: list[str] | None = None) -> int:
    if args.command in ("build", "check"):
        return _build(args, config, report, warm)
    if args.command == "warm":
        return _warm(args, config, argv or [])
    from site_src.pipeline import build_site

    if args.command == "ingest":
        build_site(config, report, write_site=False, clean=args.clean)
        print_report(report, args.quiet)
        return 0
    if args.command == "prune":
        return _prune(config, report, args)
    if args.command == "suggest-tags":
        return _suggest(config, report, args)
    from site_src.serve.entry import run_server
    return run_server(config, args, lambda argv, held: main(argv, Path.cwd(), held))


def _build(args: argparse.Namespace, config: Config, report: Report, warm: Warm | None) -> int:
    from site_src.start import begin
    clean = args.clean or args.command == "check"
    with begin(config, report, check=True, clean=clean) as checked:
        assert checked is not None
        if checked.papers is not None and not (warm and warm.warming):  # nothing changed: no stage is imported
            print_report(report, args.quiet)
            _say_built(config, checked.papers, 0, {}, args.quiet, warm.name if warm else None)
            return 1 if report.errors else 0
        from site_src.heap import building
        from site_src.pipeline import build_held
        with building():
            if warm is None:
                result = build_held(config, report, checked, clean=clean)
            else:  # the warm process's memo, and only the inputs whose stamps changed are looked at again
                result = build_held(config, report, checked, memo=warm.memo_for(clean),
                                    changed=warm.changed(checked), fork=warm.fork)
    out = config.root / config.out
    if args.command == "check":
        from site_src.output.check import check_links
        problems = check_links(out)
        for p in problems:
            report.add(p)
        print_report(report, args.quiet)
        if report.failed(strict=True):
            print(f"check failed: {len(report.problems)} problems", file=sys.stderr)
            return 1
        print(f"check passed: {result.files} files, every internal link resolves", file=sys.stderr)
        return 0
    print_report(report, args.quiet)
    if config.keep_going and report.errors:
        print(f"built despite {len(report.errors)} problem{'s' if len(report.errors) != 1 else ''} "
              "(--keep-going): what they name is missing from the site", file=sys.stderr)
    _say_built(config, result.papers, result.files, result.timings, args.quiet, warm.name if warm else None)
    slow = result.timings.get("build", 0) > WARM_HINT_SECONDS
    if not warm and not args.quiet and slow and any(n.startswith("incremental:") for n in report.notes):
        print("tip: leave `python build.py warm` running in another terminal: later builds reuse its "
              "cache in memory (see README, 'A warm build process')", file=sys.stderr)
    return 1 if report.errors else 0


def _warm(args: argparse.Namespace, config: Config, argv: list[str]) -> int:
    from site_src.serve import warm
    if args.stop:
        stopped = warm.ask(config, {"stop": True})
        print("stopped the warm build process" if stopped == 0 else "no warm build process runs for this project",
              file=sys.stderr)
        return 0
    # its first build, with its own options: the site is brought up to date, and what the
    # cache holds is decoded now rather than in the first build someone waits for
    first, skip = ["build"], False
    for arg in argv[1:]:
        if skip or arg == "--stop" or arg.startswith("--idle="):
            skip = False
        elif arg == "--idle":
            skip = True
        else:
            first.append(arg)
    return warm.run_warm(config, args.idle, lambda argv, held: main(argv, Path.cwd(), held), first)


def _say_built(config: Config, papers: int, files: int, timings: dict[str, float], quiet: bool,
               by: str | None = None) -> None:
    if quiet:
        return
    out = config.root / config.out
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in timings.items()) or "nothing to do"
    if by:
        timing += f", by {by} (pid {os.getpid()})"
    print(f"built {papers} papers, {files} files written into {out} ({timing})", file=sys.stderr)
    print(f"open {(out / 'index.html').as_uri()}", file=sys.stderr)


def _source_papers(config: Config, report: Report) -> list[Any]:
    from site_src.sources import read_sources
    from site_src.sources.merge import merge_records
    return merge_records(read_sources(config, report), report)


def _new(args: argparse.Namespace) -> int:
    from site_src.scaffold import new_survey
    dest = args.dir if args.dir.is_absolute() else Path.cwd() / args.dir
    title = args.title or dest.name.replace("-", " ").replace("_", " ").strip().capitalize() or "My survey"
    new_survey(dest, title)
    if not args.quiet:
        print(f"started the survey '{title}' in {dest}\n"
              f"next: copy your exported .bib (or CSL-JSON) into {dest / 'seeds'}, then\n"
              f"  cd {dest} && python build.py suggest-tags --write && make site", file=sys.stderr)
    return 0


def _prune(config: Config, report: Report, args: argparse.Namespace) -> int:
    from site_src.content.pages import page_files, read_page
    from site_src.content.sync import annotated, orphaned
    papers = _source_papers(config, report)
    if report.errors:
        raise BuildError(report.errors)  # an unreadable source would make its papers look gone
    pages = {}
    for f in page_files(config.root / config.content, config.root, report):
        page = read_page(f, report)
        if page is not None:
            pages[page.slug] = page
    if report.errors:
        raise BuildError(report.errors)
    gone = orphaned(papers, pages)
    kept = [p for p in gone if annotated(p)]
    deleted = [p for p in gone if not annotated(p)]
    for page in deleted:
        if not args.dry_run:
            (config.root / page.path).unlink()
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {len(deleted)} page{'s' if len(deleted) != 1 else ''} whose paper is in no source", file=sys.stderr)
    for page in kept:
        print(f"{page.path}: kept: holds your notes or tags (delete it yourself, or delete its 'sources' "
              "field to keep it as your own)", file=sys.stderr)
    return 0


def _suggest(config: Config, report: Report, args: argparse.Namespace) -> int:
    from site_src.scaffold import HERE
    from site_src.scaffold.suggest import suggest, taxonomy_text
    papers = _source_papers(config, report)
    tags = suggest(papers, args.max)
    text = taxonomy_text(tags, (HERE / "taxonomy.yaml").read_text(encoding="utf-8"))
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not args.write:
        sys.stdout.write(text)
        return 0
    target = config.root / config.taxonomy
    if target.exists():
        target.replace(target.with_name(target.name + ".bak"))
    target.write_text(text, encoding="utf-8")
    print(f"wrote {len(tags)} suggested tags from {len(papers)} papers into {config.taxonomy}"
          f"{' (the old one is ' + target.name + '.bak)' if target.with_name(target.name + '.bak').exists() else ''};"
          " edit it, then build", file=sys.stderr)
    return 0


def run() -> None:
    """The ``survey-site`` command: the same subcommands as ``build.py``, on the project in the current folder."""
    sys.exit(main(sys.argv[1:], Path.cwd()))
