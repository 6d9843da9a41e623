"""Formatters: plain functions from a finished run to the text a user or a tool reads.

Each takes a ``Run`` and returns a string; ``formats()`` maps ``--format`` names to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..checks import Check
from ..findings import Report, Severity


@dataclass(frozen=True)
class Run:
    """Everything a formatter may show: the reports in order and the rules that ran."""

    reports: tuple[Report, ...]
    rules: dict[str, Check] = field(default_factory=dict)
    color: bool = False
    #: The lowest severity that fails the run (``--fail-on``): JUnit fails a case on it.
    fail_on: Severity = Severity.ERROR
    #: The repository root that CI tools resolve file paths against (SARIF's %SRCROOT%,
    #: GitHub annotations); None means the working directory.
    srcroot: Path | None = None

    def total(self, severity: Severity) -> int:
        return sum(report.count(severity) for report in self.reports)

    def repo_path(self, path: str) -> str | None:
        """``path`` relative to the repository root, with ``/``; None when outside it."""
        root = (self.srcroot or Path.cwd()).resolve()
        try:
            rel = Path(path).resolve().relative_to(root)
        except (ValueError, OSError):
            return None
        return str(PurePosixPath(*rel.parts))


Formatter = Callable[[Run], str]


def formats() -> dict[str, Formatter]:
    """The formatters by ``--format`` name (imported on use: most runs need only one)."""
    from .github import format_github
    from .json_envelope import format_json
    from .junit import format_junit
    from .sarif import format_sarif
    from .text import format_text

    return {
        "text": format_text,
        "json": format_json,
        "sarif": format_sarif,
        "junit": format_junit,
        "github": format_github,
    }


def parse_spec(spec: str) -> tuple[str, str | None]:
    """``sarif:out.sarif`` -> ("sarif", "out.sarif"); ``text`` -> ("text", None).

    Raises ``ValueError`` naming the known formats."""
    name, sep, path = spec.partition(":")
    known = formats()
    if name not in known:
        raise ValueError(f"unknown format '{name}' (known: {', '.join(known)})")
    if sep and not path:
        raise ValueError(f"--format {spec}: give a file after ':' (or drop the ':')")
    return name, path or None
