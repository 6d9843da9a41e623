"""``--format junit``: JUnit XML for GitLab and Jenkins test reports.

One ``testcase`` per case file, so a clean case shows as a passing test and "0 failures" is
visible. ``classname`` is ``ticketcheck.<category>`` (GitLab groups by it) and ``name`` is
the case's path, made unique. A case with findings at or above ``--fail-on`` gets one
``failure`` whose message counts them and whose text lists them, one line each (GitLab
shows the text, not the message); findings below the threshold go to ``system-out``. A
case where a check crashed gets an ``error``. Times are 0, so the XML is the same on every
run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..findings import Finding, Report, Severity
from . import Run
from .text import where

# Characters XML 1.0 cannot hold at all, even escaped (a binary case file can put them in
# a message).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def format_junit(run: Run) -> str:
    suites = ET.Element("testsuites", name="ticketcheck")
    suite = ET.SubElement(suites, "testsuite", name="ticketcheck")
    failures = errors = 0
    names: dict[str, int] = {}
    for report in run.reports:
        name = report.path
        names[name] = names.get(name, 0) + 1
        if names[name] > 1:
            name = f"{name} ({names[name]})"
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"ticketcheck.{report.category or 'uncategorized'}",
            name=_clean(name),
            file=_clean(run.repo_path(report.path) or report.path),
            time="0",
        )
        failing = [f for f in report.findings if f.severity.rank >= run.fail_on.rank]
        crashed = [f for f in report.findings if f.check == "internal-error"]
        if crashed:
            errors += 1
            element = ET.SubElement(
                case, "error", type="internal-error", message=_clean(crashed[0].message)
            )
            element.text = _lines(crashed)
        elif failing:
            failures += 1
            element = ET.SubElement(
                case, "failure", type="ticketcheck", message=_counts(report, failing)
            )
            element.text = _lines(failing)
        rest = [f for f in report.findings if f not in failing and f not in crashed]
        if rest:
            ET.SubElement(case, "system-out").text = _lines(rest)
    for element in (suites, suite):
        element.set("tests", str(len(run.reports)))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
        element.set("time", "0")
    suite.set("skipped", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _counts(report: Report, failing: list[Finding]) -> str:
    parts = []
    for severity, noun in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"),
                           (Severity.INFO, "note")):
        count = sum(1 for f in failing if f.severity is severity)
        if count:
            parts.append(f"{count} {noun}{'s' * (count != 1)}")
    rules = sorted({f.rule for f in failing})
    return _clean(f"{', '.join(parts)} in {report.path}: {', '.join(rules)}")


def _lines(findings: list[Finding]) -> str:
    lines = []
    for finding in findings:
        lines.append(f"{where(finding)}: {finding.severity}: {finding.message} [{finding.rule}]")
        if finding.hint:
            lines.append(f"    hint: {finding.hint}")
        if finding.source:
            lines.append(f"    source: {finding.source}")
    return _clean("\n".join(lines))


def _clean(text: str) -> str:
    return _ILLEGAL.sub("\ufffd", text)
