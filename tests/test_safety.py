"""The build never loses a user's files: guarded output folder, atomic swap, static files, no pickle run."""
from __future__ import annotations

import json
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_src.config import Config, load_config
from site_src.errors import BuildError, Report
from site_src.files import replace_if_unchanged, write_atomic
from site_src.output import write
from site_src.output.check import check_links
from site_src.output.guard import refuse_overlap
from site_src.output.static import copy_static, static_files
from site_src.render.renderer import PROJECT_TEMPLATES
from site_src.serve.watch import ChangeFilter

from .conftest import ROOT, dump, run_build
from .test_atomic import big_dump, tree

# -- file primitives -------------------------------------------------------------------------


def test_replace_if_unchanged_replaces_a_file_still_as_expected(tmp_path: Path):
    target = tmp_path / "page.md"
    target.write_bytes(b"old")
    assert replace_if_unchanged(target, b"new", b"old")
    assert target.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["page.md"]


def test_replace_if_unchanged_keeps_the_users_edit(tmp_path: Path):
    target = tmp_path / "page.md"
    target.write_bytes(b"edited by hand")
    assert not replace_if_unchanged(target, b"new", b"old")
    assert target.read_bytes() == b"edited by hand"
    assert os.listdir(tmp_path) == ["page.md"]


def test_replace_if_unchanged_does_not_recreate_a_file_deleted_meanwhile(tmp_path: Path):
    target = tmp_path / "page.md"
    assert not replace_if_unchanged(target, b"new", b"old")
    assert os.listdir(tmp_path) == []


def test_replace_if_unchanged_with_none_creates_only_a_new_file(tmp_path: Path):
    target = tmp_path / "page.md"
    assert replace_if_unchanged(target, b"first", None)
    assert target.read_bytes() == b"first"
    assert not replace_if_unchanged(target, b"second", None)
    assert target.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["page.md"]


def test_write_atomic_is_still_importable_from_output_write(tmp_path: Path):
    assert write.write_atomic is write_atomic
    write.write_atomic(tmp_path / "a", b"x")
    assert (tmp_path / "a").read_bytes() == b"x"


# -- the output folder never swallows an input -------------------------------------------------


def project(make_site) -> Path:
    return make_site({
        "seeds/list.txt": dump(("Alpha Model", "Alpha does things.")),
        "content/papers/mine.md": "---\ntitle: Mine\n---\n\nMy notes.\n",
        "site.yaml": "title: Mine\n",
        "taxonomy.yaml": "facets: []\n",
        "static/CNAME": "survey.example.org\n",
        "my_templates/base.html": "{{ 1 }}",
    })


@pytest.mark.parametrize("out", [".", "content", "seeds", "content/papers", ".."])
def test_an_output_folder_overlapping_an_input_is_refused_before_anything_is_touched(make_site, out):
    root = project(make_site)
    before = tree(root.parent)
    result = run_build(root, "build", "--out", out)
    assert result.returncode == 1, result.stderr
    assert f"{out}: the output folder " in result.stderr
    assert "build failed: 1 problem" in result.stderr
    assert tree(root.parent) == before


@pytest.mark.parametrize("out, what", [("static", "is the static folder"), ("static/sub", "lies inside the static folder"),
                                       (".cache", "is the cache folder"), ("site.yaml", "is the config file"),
                                       ("taxonomy.yaml", "is the taxonomy file"), ("my_templates", "is the templates folder"),
                                       ("my_templates/x", "lies inside the templates folder"), ("..", "contains the project folder")])
def test_every_input_is_guarded(make_site, out, what):
    root = project(make_site)
    config = load_config(None, root).with_overrides(out=Path(out), templates=Path("my_templates"))
    with pytest.raises(BuildError) as caught:
        refuse_overlap(config)
    assert [str(p).split(" /")[0] for p in caught.value.problems] == [f"{out}: the output folder {what}"]


def test_out_in_site_yaml_is_refused_too(make_site):
    root = project(make_site)
    (root / "site.yaml").write_text("out: .\n", encoding="utf-8")
    before = tree(root)
    result = run_build(root, "build")
    assert result.returncode == 1
    assert ".: the output folder is the project folder" in result.stderr
    assert tree(root) == before


def test_an_output_folder_holding_someone_elses_files_is_refused(make_site):
    """`--out docs` where docs/ holds the user's own pages: refused, nothing touched; a new or
    empty folder, and a site this program built (marked, or from before the mark), are built into."""
    root = project(make_site)
    (root / "docs").mkdir()
    (root / "docs/index.html").write_text("<p>my own home page</p>", encoding="utf-8")
    (root / "docs/report.pdf").write_bytes(b"%PDF-1.4 mine")
    before = tree(root)
    result = run_build(root, "build", "--out", "docs")
    assert result.returncode == 1, result.stderr
    assert "docs: the output folder holds files this program did not write (e.g. report.pdf)" in result.stderr
    assert tree(root) == before
    (root / "empty").mkdir()
    for out in ("new", "empty"):
        result = run_build(root, "build", "--out", out)
        assert result.returncode == 0, result.stderr
        assert (root / out / "index.html").is_file() and (root / out / write.SITE_MARK).is_file()
        (root / out / "notes.txt").write_text("a stray file in a site of ours", encoding="utf-8")
        (root / "seeds/list.txt").write_text(dump(("Beta Model", "Beta does other things.")), encoding="utf-8")
        result = run_build(root, "build", "--out", out, "--clean")  # the whole site replaced again
        assert result.returncode == 0, result.stderr
    (root / "new" / write.SITE_MARK).unlink()  # a site built before the mark existed
    assert run_build(root, "build", "--out", "new", "--clean").returncode == 0


def test_an_output_folder_that_is_a_symlink_to_an_input_is_refused(make_site):
    root = project(make_site)
    (root / "_site").symlink_to(root / "content")
    before = tree(root)
    result = run_build(root, "build")
    assert result.returncode == 1
    assert "_site: the output folder is the content folder" in result.stderr
    assert tree(root) == before


def test_the_projects_own_templates_and_a_file_are_refused(tmp_path: Path):
    with pytest.raises(BuildError, match="project's templates"):
        refuse_overlap(Config(root=tmp_path, out=PROJECT_TEMPLATES / "assets"))
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(BuildError, match="is a file"):
        refuse_overlap(Config(root=tmp_path, out=Path("notes.txt")))
    refuse_overlap(Config(root=tmp_path, out=Path("_site")))
    refuse_overlap(Config(root=tmp_path, out=tmp_path.parent / "elsewhere"))


# -- staging folders, swap and recovery ------------------------------------------------------


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def marked(folder: Path, pid: int, state: str, started: float = 1.0, page: str = "site") -> Path:
    folder.mkdir()
    (folder / "index.html").write_text(page, encoding="utf-8")
    (folder / write.MARKER).write_text(json.dumps({"pid": pid, "started": started, "state": state}))
    return folder


def test_clean_stale_removes_only_marked_folders_of_dead_builds(tmp_path: Path):
    out = tmp_path / "_site"
    out.mkdir()
    gone = dead_pid()
    foreign = [tmp_path / "_site.old-x", tmp_path / f"_site.tmp-{gone}", tmp_path / "_site.old-123"]
    for folder in foreign:
        folder.mkdir()
        (folder / "keep.txt").write_text("someone else's", encoding="utf-8")
    (foreign[2] / write.MARKER).write_text(json.dumps({"pid": 456, "started": 1, "state": "old"}))  # pid mismatch
    ours = [marked(tmp_path / f"_site.tmp-{gone}0", gone * 10, "staging"),
            marked(tmp_path / f"_site.old-{gone}1", gone * 10 + 1, "old")]
    running = marked(tmp_path / f"_site.tmp-{os.getppid()}", os.getppid(), "staging")
    write.clean_stale(out)
    for folder in foreign:
        assert (folder / "keep.txt").read_text(encoding="utf-8") == "someone else's"
    assert not any(folder.exists() for folder in ours)
    assert running.exists()


def test_recovery_puts_back_the_complete_copy_when_the_site_is_missing(tmp_path: Path):
    out = tmp_path / "_site"
    gone = dead_pid()
    marked(tmp_path / f"_site.old-{gone}", gone, "old", started=1, page="old site")
    marked(tmp_path / f"_site.tmp-{gone}", gone, "complete", started=1, page="new site")
    write.clean_stale(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new site"
    assert os.listdir(tmp_path) == ["_site"]
    assert not (out / write.MARKER).exists()


def test_recovery_never_deletes_the_only_complete_copy(tmp_path: Path):
    out = tmp_path / "_site"
    gone = dead_pid()
    marked(tmp_path / f"_site.old-{gone}", gone, "old", page="old site")
    marked(tmp_path / f"_site.tmp-{gone}0", gone * 10, "staging", page="half")
    write.clean_stale(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "old site"
    assert sorted(os.listdir(tmp_path)) == ["_site"]


def test_a_marker_left_in_the_live_site_is_removed(tmp_path: Path):
    out = marked(tmp_path / "_site", dead_pid(), "complete")
    write.clean_stale(out)
    assert os.listdir(out) == ["index.html"]


@pytest.mark.parametrize("exchange", [True, False])
def test_swap_in_replaces_the_site_and_leaves_no_marker_or_copy(tmp_path: Path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setenv("SURVEY_SITE_NO_EXCHANGE", "1")
    out = tmp_path / "_site"
    for page in ("first", "second"):
        staged = write.staging_dir(out)
        assert json.loads((staged / write.MARKER).read_text())["state"] == "staging"
        (staged / "index.html").write_text(page, encoding="utf-8")
        write.swap_in(staged, out)
        assert os.listdir(tmp_path) == ["_site"]
        assert os.listdir(out) == ["index.html"]
        assert (out / "index.html").read_text(encoding="utf-8") == page


def test_a_symlinked_output_folder_is_swapped_where_it_points(tmp_path: Path):
    real = tmp_path / "www"
    real.mkdir()
    (real / "index.html").write_text("old", encoding="utf-8")
    out = tmp_path / "project" / "_site"
    out.parent.mkdir()
    out.symlink_to(real)
    staged = write.staging_dir(out)
    (staged / "index.html").write_text("new", encoding="utf-8")
    write.swap_in(staged, out)
    assert out.is_symlink() and (out / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["project", "www"]


def complete(out: Path, published: bool = True) -> None:
    """``out`` holds a whole site; ``published``: as a finished build leaves it, without our marker
    (a build killed right after its swap leaves the marker, which the next build removes)."""
    assert (out / "index.html").is_file(), "the site is missing or half-written"
    assert not check_links(out)
    assert not published or not (out / write.MARKER).exists()


def start(root: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "-q", *args], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **env})


def kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()  # type: ignore[union-attr]


def small_project(make_site) -> Path:
    root = make_site({"seeds/list.txt": dump(("Alpha Model", "Alpha does things."), ("Beta Model", "Beta too."))})
    assert run_build(root, "build").returncode == 0
    return root


@pytest.mark.parametrize("point, env", [("swap", {}), ("swapped", {}),
                                        ("swap", {"SURVEY_SITE_NO_EXCHANGE": "1"}),
                                        ("half-swapped", {"SURVEY_SITE_NO_EXCHANGE": "1"})])
def test_a_build_killed_in_the_swap_leaves_a_complete_site(make_site, point, env):
    root = small_project(make_site)
    proc = start(root, "--clean", SURVEY_SITE_PAUSE_AT=point, **env)
    try:
        line = proc.stderr.readline().decode()  # type: ignore[union-attr]
        assert line == f"paused at {point}\n", line + proc.stderr.read().decode()  # type: ignore[union-attr]
    finally:
        kill(proc)
    if point == "half-swapped":  # two renames have a gap; the next build puts the site back first
        assert not (root / "_site").exists()
        write.clean_stale(root / "_site")
    complete(root / "_site", published=False)
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    complete(root / "_site")
    assert sorted(p.name for p in root.iterdir()) == [".cache", "_site", "content", "seeds"]


def test_a_build_killed_at_random_moments_always_leaves_a_complete_site(make_site):
    root = make_site({"seeds/big.txt": big_dump(400)})
    began = time.monotonic()
    assert run_build(root, "build").returncode == 0
    took = time.monotonic() - began
    complete(root / "_site")
    whole = tree(root / "_site")  # every build of these seeds writes these bytes
    rng = random.Random(11)
    for _ in range(5):
        proc = start(root, "--clean")
        time.sleep(rng.uniform(0.1, took * 1.1))
        finished = proc.poll() is not None
        kill(proc)
        now = tree(root / "_site")
        now.pop(write.MARKER, None)  # left when killed right after the swap
        if now != whole:
            complete(root / "_site", published=finished)
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    assert tree(root / "_site") == whole
    assert sorted(p.name for p in root.iterdir()) == [".cache", "_site", "content", "seeds"]


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def living(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has stopped: only its exit code is left


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or (os.cpu_count() or 1) < 2,
                    reason="needs Linux /proc and two CPUs (the build forks a renderer only then)")
def test_a_killed_build_takes_its_render_worker_with_it(make_site):
    root = make_site({"seeds/big.txt": big_dump(2100)})
    proc = start(root)
    try:
        deadline = time.monotonic() + 240
        workers: set[int] = set()
        while not workers:
            assert proc.poll() is None, "the build ended before it forked a renderer"
            assert time.monotonic() < deadline, "no render worker appeared"
            workers = children(proc.pid)
            time.sleep(0.01)
        time.sleep(0.3)  # let it render
        assert proc.poll() is None
    finally:
        kill(proc)
    deadline = time.monotonic() + 1.5
    while any(living(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(living(pid) for pid in workers), "a render worker outlived the killed build"


# -- a planted cache file is never executed -----------------------------------------------------


class Planted:
    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self):
        return (os.system, (f"touch '{self.proof}'",))


def test_a_planted_cache_file_is_never_executed(make_site, tmp_path: Path):
    root = make_site({"seeds/list.txt": dump(("Alpha Model", "Alpha does things."))})
    proof = tmp_path / "executed"
    payload = pickle.dumps(Planted(proof))
    names = [f"{kind}-v{v}.{ext}" for kind in ("build", "summary", "state", "cache") for v in range(1, 6)
             for ext in ("pickle", "json", "msgpack", "db")]
    (root / ".cache").mkdir()
    for name in [*names, "build.pickle", "summary.pickle", "cache.json", "cache.msgpack", "cache.db", "cache.sqlite"]:
        (root / ".cache" / name).write_bytes(payload)
    result = run_build(root, "build")
    assert not proof.exists(), "a file in .cache/ ran code when it was read"
    assert result.returncode == 0, result.stderr


# -- static files -------------------------------------------------------------------------------


def static_site(make_site) -> Path:
    return make_site({
        "seeds/list.txt": dump(("Alpha Model", "Alpha does things.")),
        "static/CNAME": "survey.example.org\n",
        "static/docs/slides/talk.pdf": b"%PDF-1.4\x00\xff\xfe binary",
        "static/favicon.ico": b"\x00\x00\x01\x00",
        "static/.secret": "hidden",
        "static/.git/config": "hidden",
    })


def test_static_files_are_copied_byte_for_byte(make_site):
    root = static_site(make_site)
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    site = root / "_site"
    for rel in ("CNAME", "docs/slides/talk.pdf", "favicon.ico"):
        assert (site / rel).read_bytes() == (root / "static" / rel).read_bytes()
    assert not (site / ".secret").exists() and not (site / ".git").exists()
    assert (site / "index.html").is_file() and not (site / write.MARKER).exists()


def test_a_changed_static_file_is_published_by_the_next_build(make_site):
    root = static_site(make_site)
    assert run_build(root, "build").returncode == 0
    (root / "static/CNAME").write_text("other.example.org\n", encoding="utf-8")
    (root / "static/robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    assert (root / "_site/CNAME").read_text(encoding="utf-8") == "other.example.org\n"
    assert (root / "_site/robots.txt").read_text(encoding="utf-8") == "User-agent: *\n"


def test_a_static_file_overrides_a_generated_one_with_a_warning(make_site):
    root = static_site(make_site)
    (root / "static/index.html").write_text("<!doctype html><title>mine</title>", encoding="utf-8")
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    assert "static/index.html: warning: overrides the generated index.html" in result.stderr
    assert (root / "_site/index.html").read_text(encoding="utf-8") == "<!doctype html><title>mine</title>"
    (root / "seeds/more.txt").write_text(dump(("Gamma Model", "Gamma as well.")), encoding="utf-8")
    result = run_build(root, "build")  # an incremental build must not write the generated page back
    assert result.returncode == 0, result.stderr
    assert (root / "_site/index.html").read_text(encoding="utf-8") == "<!doctype html><title>mine</title>"


def test_symlinks_out_of_static_are_skipped_with_a_warning(tmp_path: Path):
    root = tmp_path / "project"
    (root / "static/inner").mkdir(parents=True)
    (tmp_path / "private.txt").write_text("not for publishing", encoding="utf-8")
    (tmp_path / "private").mkdir()
    (root / "static/inner/a.txt").write_text("a", encoding="utf-8")
    (root / "static/leak.txt").symlink_to(tmp_path / "private.txt")
    (root / "static/leakdir").symlink_to(tmp_path / "private")
    (root / "static/alias.txt").symlink_to(root / "static/inner/a.txt")
    (root / "static/inner/loop").symlink_to(root / "static")
    report = Report()
    found = static_files(Config(root=root), report)
    assert [rel for rel, _ in found] == ["alias.txt", "inner/a.txt"]
    assert sorted(str(p) for p in report.warnings) == [
        "static/leak.txt: warning: skipped: a symlink pointing outside the static folder",
        "static/leakdir: warning: skipped: a symlink pointing outside the static folder"]


def test_a_static_file_where_the_site_has_a_folder_is_an_error(tmp_path: Path):
    root = tmp_path / "project"
    (root / "static").mkdir(parents=True)
    (root / "static/papers").write_text("clash", encoding="utf-8")
    staged = tmp_path / "staged"
    (staged / "papers").mkdir(parents=True)
    with pytest.raises(BuildError, match="static/papers: the generated site has a folder papers"):
        copy_static(staged, Config(root=root), Report())


def test_the_static_setting_and_the_watcher(tmp_path: Path):
    (tmp_path / "site.yaml").write_text("static: public\n", encoding="utf-8")
    config = load_config(None, tmp_path)
    assert config.static == Path("public")
    wants = ChangeFilter(config).wants
    assert wants(tmp_path / "public/CNAME")
    assert wants(tmp_path / "public/docs/slides/talk.pdf")
    assert wants(tmp_path / "public/favicon.ico")


def test_a_second_build_waits_for_the_first_instead_of_writing_beside_it(make_site):
    """Two builds of one project at once (a terminal's and the dev server's, or two terminals):
    the second says what it waits for and starts when the first is done; the site is whole."""
    root = small_project(make_site)
    (root / "seeds/list.txt").write_text(dump(("Alpha Model", "Alpha does things."), ("Beta Model", "Beta too."),
                                                             ("Gamma Model", "Gamma does more.")),
                                         encoding="utf-8")
    first = start(root, "--clean", SURVEY_SITE_PAUSE_AT="swap", SURVEY_SITE_PAUSE_SECONDS="3")
    try:
        line = first.stderr.readline().decode()  # type: ignore[union-attr]
        assert line == "paused at swap\n", line
        began = time.monotonic()
        second = subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], cwd=root,
                                capture_output=True, text=True, timeout=120)
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            kill(first)
    assert second.returncode == 0, second.stderr
    assert "waiting for another build of this project to finish (pid " in second.stderr
    assert time.monotonic() - began >= 1.5, "the second build did not wait for the first"
    complete(root / "_site")
    titles = {p.name for p in (root / "_site/papers").iterdir()}
    assert "gamma-model.html" in titles, titles  # the first build's work, not undone by the second


def test_an_incremental_write_never_goes_through_a_symlink_in_the_live_site(tmp_path: Path):
    """The dev server's writes into the live site: a file or a folder there that is a symlink
    out of it (put there by hand, or by another tool) stops the write before anything is written."""
    site, outside = tmp_path / "_site", tmp_path / "private"
    (site / "papers").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.html").write_text("mine", encoding="utf-8")
    (site / "papers" / "a.html").symlink_to(outside / "secret.html")
    (site / "tags").symlink_to(outside)
    for rel in ("papers/a.html", "tags/secret.html"):
        with pytest.raises(BuildError, match="outside the output folder"):
            write.write_in_place(site, [("index.html", b"new"), (rel, b"overwritten")])
    assert (outside / "secret.html").read_text(encoding="utf-8") == "mine"
    assert not (site / "index.html").exists()  # refused as a whole: not half a build's files
    assert write.write_in_place(site, [("index.html", b"new"), ("papers/b.html", b"b")]) == 2
    assert (site / "papers" / "b.html").read_bytes() == b"b"
