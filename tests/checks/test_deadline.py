"""``deadline``: past the window is an error, close to its end a warning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pydantic
import pytest

from tests.conftest import NOW, ruleset_of, run_rule
from ticketcheck.case import Case
from ticketcheck.findings import Severity

A_TO_Z = {"id": "response-deadline", "check": "deadline", "window-hours": 72}
APPEAL = {"id": "appeal-deadline", "check": "deadline", "field": "granted_at", "window-days": 30}
HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("rule", "front", "expected"),
    [
        (A_TO_Z, {"received_at": NOW - 60 * HOUR}, []),
        (A_TO_Z, {"received_at": NOW - 71 * HOUR}, [Severity.WARNING]),
        (A_TO_Z, {"received_at": NOW - 72 * HOUR}, [Severity.WARNING]),  # the last minute
        (A_TO_Z, {"received_at": NOW - 73 * HOUR}, [Severity.ERROR]),
        (A_TO_Z, {"received_at": NOW + 2 * HOUR}, [Severity.WARNING]),  # in the future
        (A_TO_Z, {}, []),  # no received_at: nothing to count from
        ({**A_TO_Z, "warn-before-hours": 0}, {"received_at": NOW - 71 * HOUR}, []),
        ({**A_TO_Z, "severity": "warning"}, {"received_at": NOW - 73 * HOUR}, [Severity.WARNING]),
        ({**A_TO_Z, "severity": "info"}, {"received_at": NOW - 71 * HOUR}, [Severity.INFO]),
        (APPEAL, {"granted_at": (NOW - 29 * 24 * HOUR).isoformat()}, []),
        (APPEAL, {"granted_at": (NOW - 31 * 24 * HOUR).isoformat()}, [Severity.ERROR]),
        (APPEAL, {"granted_at": "last Tuesday"}, [Severity.ERROR]),
        (APPEAL, {"received_at": NOW - 31 * 24 * HOUR}, []),  # counts from its own field only
    ],
)
def test_deadline(
    write_case: Callable[..., Case], rule: dict[str, Any], front: dict[str, Any],
    expected: list[Severity],
) -> None:
    case = write_case({"category": "a-to-z", **front}, "Hello")
    findings = run_rule(rule, case)
    assert [f.severity for f in findings] == expected
    field = rule.get("field", "received_at")
    assert all((f.rule, f.check, f.location.field) == (rule["id"], "deadline", field)
               for f in findings)


def test_a_naive_received_at_is_utc(write_case: Callable[..., Case]) -> None:
    case = write_case({"category": "a-to-z"}, "Hello")
    naive = case.model_copy(update={"received_at": dt.datetime(2026, 11, 23, 11, 0)})
    (finding,) = run_rule(A_TO_Z, naive)
    assert finding.message.startswith("the response is 73 hours after received_at (2026-11-23 11:00 UTC)")


def test_messages(write_case: Callable[..., Case]) -> None:
    late = write_case({"category": "a-to-z", "received_at": "2026-11-23T11:00:00+00:00"}, "Hi")
    (finding,) = run_rule(A_TO_Z, late)
    assert finding.message == (
        "the response is 73 hours after received_at (2026-11-23 11:00 UTC); the window is 72 hours"
    )
    assert finding.hint == "submit it at once, and say why it is late"
    assert finding.location.line == 3

    close = write_case({"category": "a-to-z", "received_at": "2026-11-23T13:30:00+00:00"}, "Hi")
    (finding,) = run_rule(A_TO_Z, close)
    assert finding.message == (
        "the response is 70 hours 30 minutes after received_at (2026-11-23 13:30 UTC); "
        "the window of 72 hours closes in 1 hour 30 minutes"
    )
    assert finding.hint == "submit it before 2026-11-26 13:30 UTC"

    appeal = write_case({"category": "a-to-z", "granted_at": "2026-10-26T04:00:00-04:00"}, "Hi")
    (finding,) = run_rule(APPEAL, appeal)
    assert finding.message == (
        "the response is 31 days 4 hours after granted_at (2026-10-26 08:00 UTC); "
        "the window is 30 days"
    )


def test_now_comes_from_the_caller(write_case: Callable[..., Case]) -> None:
    case = write_case({"category": "a-to-z", "received_at": "2026-11-23T11:00:00+00:00"}, "Hi")
    assert run_rule(A_TO_Z, case, now=NOW - 10 * HOUR) == []


@pytest.mark.parametrize(
    "options",
    [{}, {"window-hours": 72, "window-days": 3}, {"window-hours": 0}, {"window-hours": -1},
     {"window-hours": 72, "warn-before-hours": -1}],
)
def test_invalid_options(options: dict[str, Any]) -> None:
    with pytest.raises(pydantic.ValidationError):
        ruleset_of({"id": "d", "check": "deadline", **options})
