"""Shared fixtures: a small site made in tmp_path from a dict of files, and the seeds' site."""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

DUMP_HEAD = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 11\n\n"


def dump(*records: tuple[str, str] | tuple[str, str, str]) -> str:
    """A Daily Papers dump: (title, abstract[, meta block]) records after the page furniture."""
    parts = [DUMP_HEAD]
    for rec in records:
        parts.append(f"{rec[0]}\n\n{rec[1]}\n\n")
        if len(rec) == 3:
            parts.append(rec[2] + "\n\n")  # type: ignore[misc]
    return "".join(parts)


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=root, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write ``{relative path: text or bytes}`` under a fresh project folder and return it."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "project"
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        (root / "seeds").mkdir(parents=True, exist_ok=True)
        return root

    return make


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built once per test session into a private copy of the project inputs."""
    root = tmp_path_factory.mktemp("seeds-site")
    shutil.copytree(SEEDS, root / "seeds")
    for name in ("site.yaml", "taxonomy.yaml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, root / name)
    result = run_build(root, "build", "--out", "_site")
    assert result.returncode == 0, result.stderr
    return root


def start_warm(root: Path, *args: str, timeout: float = 120) -> subprocess.Popen[bytes]:
    """``build.py warm`` in ``root``, returned once it serves builds; its messages go to ``root/warm.log``."""
    from site_src.serve.warm import start_in_background

    return start_in_background(root, *args, log=root / "warm.log", timeout=timeout)


def stop_warm(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
