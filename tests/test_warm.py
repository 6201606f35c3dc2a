"""The warm build process: ``build.py warm`` keeps the cache in memory, ``build.py build`` uses it.

Every test drives real processes (``build.py warm`` and ``build.py build``) over the real
socket; the site it makes is compared with one built without it.
"""
from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import dump, run_build, start_warm, stop_warm

PAPERS = dump(
    ("MambaSense: Remote Sensing with State Space Models",
     "We propose a selective state space model for remote sensing scene classification."),
    ("Vision Transformers for Chest X-ray Diagnosis",
     "We study vision transformers on chest radiographs. Compare with MambaSense."),
    ("Segment Anything in Aerial Imagery",
     "Semantic segmentation of aerial images. Our code is at https://github.com/example/aerial-sam."),
)
SERVED = "by the warm build process"


@pytest.fixture
def project(make_site) -> Path:
    return make_site({"seeds/001_papers.txt": PAPERS})


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def append_note(root: Path, text: str) -> Path:
    page = sorted((root / "content/papers").glob("*.md"))[0]
    with page.open("a", encoding="utf-8") as f:
        f.write(f"\n{text}\n")
    return page


def test_builds_are_served_by_the_warm_process_and_make_the_same_site(project: Path, tmp_path: Path):
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    warm = start_warm(project)
    try:
        first = run_build(project, "build")
        assert first.returncode == 0, first.stderr
        assert SERVED in first.stderr
        page = append_note(project, "My own note, written while the warm process runs.")
        second = run_build(project, "build")
        assert second.returncode == 0, second.stderr
        assert SERVED in second.stderr and "incremental:" in second.stderr
        assert "My own note" in page.read_text(encoding="utf-8")
        unchanged = run_build(project, "build")
        assert SERVED in unchanged.stderr and "nothing changed since the last build" in unchanged.stderr
    finally:
        stop_warm(warm)
    assert run_build(twin, "build").returncode == 0  # the same inputs and edit, without a warm process
    append_note(twin, "My own note, written while the warm process runs.")
    plain = run_build(twin, "build")
    assert plain.returncode == 0 and SERVED not in plain.stderr
    for sub in ("_site", "content"):
        assert tree(project / sub) == tree(twin / sub), sub
    assert "My own note" in (project / "_site/papers").joinpath(page.stem + ".html").read_text(encoding="utf-8")


def test_problems_reach_the_command_line_with_file_and_line(project: Path):
    warm = start_warm(project)
    try:
        bad = project / "seeds/broken.bib"
        bad.write_text("@article{ok,\n  title = {Fine},\n  year = 2024\n}\n\n@article{broken,\n  title = {Never closed\n",
                       encoding="utf-8")
        result = run_build(project, "build")
        assert result.returncode == 1
        assert "broken.bib:" in result.stderr and "build failed" in result.stderr
        assert "Traceback" not in result.stderr
        bad.unlink()
        again = run_build(project, "build")
        assert again.returncode == 0 and SERVED in again.stderr
    finally:
        stop_warm(warm)


def test_a_socket_left_by_a_killed_warm_process_is_passed_over(project: Path):
    warm = start_warm(project)
    warm.kill()
    warm.wait()
    assert (project / ".cache/warm.sock").exists()  # nobody answers it now
    result = run_build(project, "build")
    assert result.returncode == 0, result.stderr
    assert SERVED not in result.stderr and "built 3 papers" in result.stderr
    again = start_warm(project)  # and a new one replaces it
    try:
        append_note(project, "After the restart.")
        assert SERVED in run_build(project, "build").stderr
    finally:
        stop_warm(again)


def test_stop_saves_the_cache_so_the_next_plain_build_has_nothing_to_do(project: Path):
    assert run_build(project, "build").returncode == 0
    warm = start_warm(project)
    try:
        append_note(project, "Edited before the stop.")
        assert SERVED in run_build(project, "build").stderr
        memo = next((project / ".cache").glob("build-*.json"))
        before = memo.stat().st_mtime_ns
        stopped = run_build(project, "warm", "--stop")
        assert stopped.returncode == 0 and "stopped the warm build process" in stopped.stderr
        assert warm.wait(60) == 0
    finally:
        stop_warm(warm)
    assert memo.stat().st_mtime_ns > before
    assert not (project / ".cache/warm.sock").exists()
    after = run_build(project, "build")
    assert SERVED not in after.stderr and "nothing changed since the last build" in after.stderr
    again = run_build(project, "warm", "--stop")
    assert "no warm build process runs" in again.stderr


def test_the_socket_is_its_owners_only(project: Path):
    warm = start_warm(project)
    try:
        mode = stat.S_IMODE((project / ".cache/warm.sock").stat().st_mode)
        assert mode & 0o077 == 0, oct(mode)
    finally:
        stop_warm(warm)


def ask(project: Path, message: dict[str, object]) -> tuple[int | None, str]:
    """What the warm process answers ``message``, as the command line sees it."""
    import io

    from site_src.config import load_config
    from site_src.serve import warm

    said = io.StringIO()
    old = os.getcwd()
    os.chdir(project)
    try:
        status = warm.ask(load_config(None, project), message, said)
    finally:
        os.chdir(old)
    return status, said.getvalue()


def test_a_command_line_of_another_generator_version_stops_it_without_saving(project: Path):
    assert run_build(project, "build").returncode == 0
    memo = next((project / ".cache").glob("build-*.json"))
    before = memo.stat().st_mtime_ns
    warm = start_warm(project)
    try:
        status, said = ask(project, {"argv": ["build"], "cwd": str(project), "code": "another version"})
        assert status is None and "another version of the generator" in said and "building here" in said
        assert warm.wait(60) == 0
    finally:
        stop_warm(warm)
    assert memo.stat().st_mtime_ns == before  # its memo would be of no use to the other version


def test_a_request_for_another_folder_is_refused(project: Path, tmp_path: Path):
    warm = start_warm(project)
    try:
        from site_src.version import code_digest
        status, said = ask(project, {"argv": ["build"], "cwd": str(tmp_path), "code": code_digest()})
        assert status is None and "serves the project in" in said
        status, said = ask(project, {"nonsense": 1})
        assert status is None and "could not be read" in said
        assert warm.poll() is None  # still serving
        assert SERVED in run_build(project, "build").stderr
    finally:
        stop_warm(warm)


def test_an_idle_warm_process_stops_by_itself_and_saves_the_cache(project: Path):
    warm = start_warm(project, "--idle", "0.02")  # 1.2 s
    try:
        assert warm.wait(60) == 0
    finally:
        stop_warm(warm)
    assert "no build for" in (project / "warm.log").read_text(encoding="utf-8")
    assert next((project / ".cache").glob("build-*.json")).exists()


def test_a_second_long_lived_builder_is_refused(project: Path):
    warm = start_warm(project)
    try:
        second = subprocess.run([sys.executable, str(Path(__file__).parent.parent / "build.py"), "warm"],
                                cwd=project, capture_output=True, text=True, timeout=60)
        assert second.returncode != 0
        assert "already runs for this project" in second.stderr and "Traceback" not in second.stderr
        assert warm.poll() is None
    finally:
        stop_warm(warm)


def test_the_dev_server_takes_over_and_answers_command_line_builds(project: Path, tmp_path: Path):
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    warm = start_warm(project)
    log = project / "serve.log"
    serve = subprocess.Popen([sys.executable, str(Path(__file__).parent.parent / "build.py"), "serve", "--port", "0"],
                             cwd=project, stdout=subprocess.DEVNULL, stderr=log.open("w", encoding="utf-8"))
    try:
        assert warm.wait(60) == 0
        deadline = time.monotonic() + 120
        while "serving" not in log.read_text(encoding="utf-8"):
            assert serve.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.1)
        assert "stopped the project's warm build process" in log.read_text(encoding="utf-8")
        append_note(project, "Saved while the dev server runs.")
        answered = run_build(project, "build")
        assert answered.returncode == 0, answered.stderr
        assert "by the dev server" in answered.stderr
        refused = run_build(project, "warm")  # a warm process beside it: refused, the server goes on
        assert refused.returncode != 0 and "dev server" in refused.stderr
        status, said = ask(project, {"stop": True})  # only Ctrl-C stops the dev server
        assert status is None and said.startswith("the dev server: it answers this project's builds")
        assert serve.poll() is None
    finally:
        serve.send_signal(signal.SIGINT)
        try:
            serve.wait(60)
        except subprocess.TimeoutExpired:
            serve.kill()
        stop_warm(warm)
    assert run_build(twin, "build").returncode == 0
    append_note(twin, "Saved while the dev server runs.")
    assert run_build(twin, "build").returncode == 0
    for sub in ("_site", "content"):
        assert tree(project / sub) == tree(twin / sub), sub


SYSTEM_PYTHON = Path("/usr/bin/python3")  # one every user may run, unlike a virtualenv under /root


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0 or not SYSTEM_PYTHON.exists(),
                    reason="needs root (to connect as another user) and a system Python")
def test_another_users_build_is_refused_even_through_an_open_socket(make_site):
    shared = Path(tempfile.mkdtemp(prefix="warm-uid-"))
    try:
        shared.chmod(0o755)
        root = shared / "project"
        (root / "seeds").mkdir(parents=True)
        (root / "seeds/001_papers.txt").write_text(PAPERS, encoding="utf-8")
        warm = start_warm(root)
        try:
            sock = root / ".cache/warm.sock"
            (root / ".cache").chmod(0o755)
            sock.chmod(0o666)  # as if the mode had been loosened: the peer's uid is still checked
            client = (f"import json, socket; s = socket.socket(socket.AF_UNIX); s.connect({str(sock)!r}); "
                      "s.sendall(json.dumps({'stop': True}).encode() + b'\\n'); print(s.makefile().readline())")
            other = subprocess.run([str(SYSTEM_PYTHON), "-c", client], capture_output=True, text=True, timeout=30,
                                   user=65534, cwd="/")
            assert "its owner's builds" in other.stdout, other.stdout + other.stderr
            assert warm.poll() is None  # not stopped by the other user
        finally:
            stop_warm(warm)
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_a_slow_incremental_build_tells_of_the_warm_process(project: Path, monkeypatch, capsys):
    from site_src import cli
    monkeypatch.chdir(project)
    monkeypatch.setattr(cli, "WARM_HINT_SECONDS", 0.0)  # every build is "slow"
    assert cli.main(["build"], project) == 0
    assert "tip:" not in capsys.readouterr().err  # a cold build: no tip
    append_note(project, "An edit.")
    assert cli.main(["build"], project) == 0
    assert "build.py warm" in capsys.readouterr().err
