"""``--format github``: GitHub Actions workflow commands, shown as annotations on the PR.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message``; info becomes
``notice``. The message escapes ``%``, CR and LF; property values also escape ``:`` and
``,`` (GitHub's own escaping, from ``@actions/core``). ``file`` is relative to the
repository root, which is where GitHub looks for it. Columns are given only for a span on
one line: GitHub ignores them otherwise.
"""

from __future__ import annotations

from ..findings import Finding, Severity
from . import Run

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(run: Run, finding: Finding) -> str:
    loc = finding.location
    props = [("file", run.repo_path(finding.path) or finding.path)]
    if loc.line is not None:
        props.append(("line", str(loc.line)))
        one_line = loc.end_line is None or loc.end_line == loc.line
        if loc.column and one_line:
            props.append(("col", str(loc.column)))
        if loc.end_line is not None:
            props.append(("endLine", str(loc.end_line)))
            if loc.end_column and one_line:
                props.append(("endColumn", str(loc.end_column)))
    props.append(("title", f"{finding.rule} ({finding.check})"))
    message = finding.message
    if finding.hint:
        message += f"\nhint: {finding.hint}"
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{_COMMAND[finding.severity]} {joined}::{escape_data(message)}"


def format_github(run: Run) -> str:
    lines = [annotation(run, f) for report in run.reports for f in report.findings]
    errors, warnings = run.total(Severity.ERROR), run.total(Severity.WARNING)
    cases = len(run.reports)
    lines.append(
        f"ticketcheck: {cases} case{'s' * (cases != 1)} checked: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )
    return "\n".join(lines) + "\n"
