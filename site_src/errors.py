"""Input problems, reported as ``path:line: what is wrong (what to do)``.

Stages collect problems into a :class:`Report` instead of raising at the first one,
so a user sees every mistake in one run. Only a problem that makes the rest of the
build meaningless is raised, as :class:`BuildError`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = "warning: " if self.warning else ""
        return f"{where}: {kind}{self.message}"


class SourceError(Exception):
    """One bad input, with the file and line it came from."""

    def __init__(self, path: str | Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.problem = Problem(str(path), line, message)


class BuildError(Exception):
    """The build cannot go on; carries every problem found so far."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Report:
    """Problems and counts gathered across a run."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def error(self, path: str | Path, line: int, message: str) -> None:
        self.problems.append(Problem(str(path), line, message))

    def warn(self, path: str | Path, line: int, message: str) -> None:
        self.problems.append(Problem(str(path), line, message, warning=True))

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def merge(self, other: Report) -> None:
        """Add what ``other`` reported (a memoised step's problems, replayed)."""
        self.replay(other.problems, other.counts, other.notes)

    def replay(self, problems: list[Problem], counts: dict[str, int], notes: list[str]) -> None:
        self.problems.extend(problems)
        for name, n in counts.items():
            self.count(name, n)
        self.notes.extend(notes)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))
