"""``--format junit``: parses, one testcase per case file, failures at/above ``--fail-on``."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ticketcheck.findings import Finding, Location, Report, Severity
from ticketcheck.output import Run
from ticketcheck.output.junit import format_junit


def finding(rule: str, severity: Severity, line: int = 5, message: str = "bad") -> Finding:
    return Finding(rule=rule, check="placeholder", severity=severity, message=message,
                   hint="fix it", location=Location(line=line, column=2), path="a/x.md")


REPORTS = (
    Report("a/x.md", "a-to-z", (finding("p", Severity.ERROR), finding("w", Severity.WARNING, 7))),
    Report("a/y.md", "a-to-z", ()),
    Report("b/z.md", None, (finding("w", Severity.WARNING),)),
    Report("a/y.md", "a-to-z", ()),  # the same file named twice keeps a unique name
)


def parse(run: Run) -> ET.Element:
    return ET.fromstring(format_junit(run))


@pytest.mark.parametrize(
    ("fail_on", "failures", "failed_names"),
    [(Severity.ERROR, 1, ["a/x.md"]), (Severity.WARNING, 2, ["a/x.md", "b/z.md"])],
)
def test_failures_follow_fail_on(fail_on: Severity, failures: int, failed_names: list[str]) -> None:
    root = parse(Run(REPORTS, fail_on=fail_on))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (
        "4", str(failures), "0",
    )
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["a/x.md", "a/y.md", "b/z.md", "a/y.md (2)"]
    assert [c.get("classname") for c in cases] == [
        "ticketcheck.a-to-z", "ticketcheck.a-to-z", "ticketcheck.uncategorized",
        "ticketcheck.a-to-z",
    ]
    assert [c.get("name") for c in cases if c.find("failure") is not None] == failed_names


def test_failure_carries_the_findings() -> None:
    case = parse(Run(REPORTS)).find("testsuite/testcase")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "1 error in a/x.md: p"
    assert failure.text == "a/x.md:5:2: error: bad [p]\n    hint: fix it"
    # Below --fail-on, a finding is still visible, but does not fail the test.
    out = case.find("system-out")
    assert out is not None and out.text == "a/x.md:7:2: warning: bad [w]\n    hint: fix it"


def test_crash_is_an_error_and_control_characters_are_replaced() -> None:
    crash = Finding(rule="p", check="internal-error", severity=Severity.ERROR,
                    message="internal error in rule p: boom\x00", path="a/x.md")
    root = parse(Run((Report("a/x.md", "a-to-z", (crash,), crashed=True),)))
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("message") == "internal error in rule p: boom\ufffd"
    assert root.get("errors") == "1"
