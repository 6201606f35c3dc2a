"""The package installs like a tool: a `survey-site` command that works outside this repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, dump, run_build

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The project installed from a wheel into a folder of its own (its dependencies are this venv's)."""
    target = tmp_path_factory.mktemp("installed")
    source = tmp_path_factory.mktemp("source") / "survey-site"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv*", ".git", "_site*", ".cache", "node_modules", "__pycache__", "build", "*.egg-info", "bench"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--target", str(target), str(source)], check=True, capture_output=True, text=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    return target / "bin" / "survey-site", env


def test_the_command_has_the_build_py_subcommands(installed, tmp_path: Path):
    command, env = installed
    result = subprocess.run([str(command), "--help"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: survey-site")
    for sub in ("build", "ingest", "serve", "check"):
        assert sub in result.stdout


def test_the_command_builds_a_project_outside_the_repository_like_build_py(installed, tmp_path: Path):
    command, env = installed
    project = tmp_path / "my-survey"
    (project / "seeds").mkdir(parents=True)
    (project / "seeds/list.txt").write_text(dump(("Alpha Mamba Model", "Alpha is a mamba model for images."),
                                                 ("Beta Vision Transformer", "Beta compares with Alpha Mamba.")))
    (project / "site.yaml").write_text('title: "My survey"\n')
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    result = subprocess.run([str(command), "build"], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "_site/index.html").exists() and (project / "_site/assets").is_dir()
    assert run_build(twin, "build").returncode == 0
    assert _tree(project / "_site") == _tree(twin / "_site")
    assert _tree(project / "content") == _tree(twin / "content")


def test_new_starts_a_survey_the_installed_command_builds(installed, tmp_path: Path):
    command, env = installed
    result = subprocess.run([str(command), "new", "their-survey", "--title", "Programs that prove"], cwd=tmp_path,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    survey = tmp_path / "their-survey"
    assert (survey / "site.yaml").exists() and (survey / "taxonomy.yaml").exists() and (survey / "seeds").is_dir()
    assert not (survey / "site_src").exists()  # an installed generator is depended on, not copied
    (survey / "seeds/mine.yaml").write_text("- {title: Verified Compilers at Scale, abstract: We prove a compiler "
                                            "correct., date: 2024-05-01}\n")
    result = subprocess.run([str(command), "build"], cwd=survey, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (survey / "_site/papers/verified-compilers-at-scale.html").exists()
