"""Formatters: plain functions from a finished run to the text a user or a tool reads.

Each takes a ``Run`` and returns a string; ``FORMATS`` maps ``--format`` names to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..checks import Check
from ..findings import Report, Severity


@dataclass(frozen=True)
class Run:
    """Everything a formatter may show: the reports in order and the rules that ran."""

    reports: tuple[Report, ...]
    rules: dict[str, Check] = field(default_factory=dict)
    color: bool = False

    def total(self, severity: Severity) -> int:
        return sum(report.count(severity) for report in self.reports)


Formatter = Callable[[Run], str]


def formats() -> dict[str, Formatter]:
    """The formatters by ``--format`` name (imported on use: most runs need only one)."""
    from .json_envelope import format_json
    from .text import format_text

    return {"text": format_text, "json": format_json}
