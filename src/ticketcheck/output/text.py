"""Human output: one grep-able line per finding, the hint indented below it.

``path:line:col: severity: message [rule-id]``; colour only when asked (the CLI asks on a
terminal without ``NO_COLOR``).
"""

from __future__ import annotations

from ..findings import Finding, Severity
from . import Run

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"
_DIM = "\033[2m"


def where(finding: Finding) -> str:
    loc = finding.location
    if loc.line is not None:
        return f"{finding.path}:{loc.line}:{loc.column or 1}"
    return finding.path


def format_text(run: Run) -> str:
    lines: list[str] = []
    for report in run.reports:
        for finding in report.findings:
            severity = str(finding.severity)
            if run.color:
                severity = f"{_COLORS[finding.severity]}{severity}{_RESET}"
            lines.append(f"{where(finding)}: {severity}: {finding.message} [{finding.rule}]")
            if finding.hint:
                hint = f"    hint: {finding.hint}"
                lines.append(f"{_DIM}{hint}{_RESET}" if run.color else hint)
    errors, warnings = run.total(Severity.ERROR), run.total(Severity.WARNING)
    infos = run.total(Severity.INFO)
    cases = len(run.reports)
    summary = f"{cases} case{'s' * (cases != 1)} checked: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
    if infos:
        summary += f", {_count(infos, 'note')}"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"
