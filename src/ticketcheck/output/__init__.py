"""Formatters: plain functions from a finished run to the text a user or a tool reads.

Each takes a ``Run`` and returns a string; ``formatter(name)`` finds one by its ``--format`` name.
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


#: ``--format`` name -> (module, function); a module is imported when its format is used:
#: most runs need one, and JUnit's XML library alone costs 3 ms of start-up.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "format_text"),
    "json": ("json_envelope", "format_json"),
    "sarif": ("sarif", "format_sarif"),
    "junit": ("junit", "format_junit"),
    "github": ("github", "format_github"),
}


def formatter(name: str) -> Formatter:
    """The formatter of a ``--format`` name from ``FORMATS``."""
    import importlib

    module, function = FORMATS[name]
    found: Formatter = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return found


def parse_spec(spec: str) -> tuple[str, str | None]:
    """``sarif:out.sarif`` -> ("sarif", "out.sarif"); ``text`` -> ("text", None).

    Raises ``ValueError`` naming the known formats."""
    name, sep, path = spec.partition(":")
    if name not in FORMATS:
        raise ValueError(f"unknown format '{name}' (known: {', '.join(FORMATS)})")
    if sep and not path:
        raise ValueError(f"--format {spec}: give a file after ':' (or drop the ':')")
    return name, path or None
