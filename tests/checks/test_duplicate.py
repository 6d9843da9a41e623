"""``duplicate``: a case that repeats a recorded submission, exactly or nearly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic
import pytest

from tests.conftest import NOW, ruleset_of, run_rule
from tests.test_ledger import DIFFERENT, ORDER, ORIGINAL, REWORDED
from ticketcheck.case import Case
from ticketcheck.findings import Severity
from ticketcheck.ledger import record

RULE = {"id": "duplicate", "check": "duplicate"}
FRONT = {"category": "a-to-z", "order_id": ORDER}


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    return str(tmp_path / ".ticketcheck" / "ledger.sqlite")


@pytest.mark.parametrize(
    ("front", "body", "files", "options", "expected"),
    [
        ({}, ORIGINAL, {"pod.pdf": b"%PDF-1"}, {}, "already submitted"),
        ({}, ORIGINAL.replace(". ", ".\n"), {"pod.pdf": b"%PDF-1"}, {}, "already submitted"),
        ({}, REWORDED, {"pod.pdf": b"%PDF-1"}, {}, "69% the same"),
        ({}, ORIGINAL, {"pod.pdf": b"%PDF-2"}, {}, "100% the same"),  # another file, same text
        ({}, DIFFERENT, {"pod.pdf": b"%PDF-1"}, {}, None),
        ({}, REWORDED, {"pod.pdf": b"%PDF-1"}, {"threshold": 0.8}, None),
        ({"order_id": "113-1111111-2222222"}, REWORDED, {"pod.pdf": b"%PDF-1"}, {}, None),
    ],
    ids=["same", "rewrapped", "reworded", "new-file", "different", "threshold", "other-order"],
)
def test_duplicate(
    write_case: Callable[..., Case], ledger: str, front: dict[str, Any], body: str,
    files: dict[str, bytes], options: dict[str, Any], expected: str | None,
) -> None:
    first = write_case({**FRONT, "attachments": ["pod.pdf"]}, ORIGINAL, name="first.md",
                       files={"pod.pdf": b"%PDF-1"})  # fmt: skip
    record(first, "1234567890", ledger, now=NOW)
    case = write_case({**FRONT, **front, "attachments": ["pod2.pdf"]}, body,
                      files={"pod2.pdf": files["pod.pdf"]})  # fmt: skip
    findings = run_rule({**RULE, **options}, case, ledger=ledger)
    if expected is None:
        assert findings == []
    else:
        (finding,) = findings
        assert (finding.rule, finding.check, finding.location.field) == (
            "duplicate", "duplicate", "body"
        )
        assert expected in finding.message
        assert "case 1234567890" in finding.message


def test_recorded_twice_names_the_first(write_case: Callable[..., Case], ledger: str) -> None:
    case = write_case(FRONT, ORIGINAL)
    record(case, "1111111111", ledger, now=NOW.replace(day=20))
    record(case, "2222222222", ledger, now=NOW.replace(day=22))
    (finding,) = run_rule(RULE, case, ledger=ledger)
    assert finding.message == (
        "this case was already submitted on 2026-11-20 12:00 UTC as case 1111111111 (case.md); "
        "1 more recorded submission matches"
    )
    assert finding.hint == (
        "reply on case 1111111111 in the case log (or reopen it) instead of opening a new case"
    )
    assert finding.location.line == 5


def test_near_duplicate_message(write_case: Callable[..., Case], ledger: str) -> None:
    record(write_case(FRONT, ORIGINAL, name="old.md"), "1234567890", ledger, now=NOW)
    (finding,) = run_rule(RULE, write_case(FRONT, REWORDED), ledger=ledger)
    assert finding.message == (
        "this case is 69% the same as case 1234567890, submitted on 2026-11-26 12:00 UTC "
        "(old.md); the limit is 50%"
    )


def test_no_ledger_no_finding_and_no_file(write_case: Callable[..., Case], ledger: str) -> None:
    assert run_rule(RULE, write_case(FRONT, ORIGINAL), ledger=ledger) == []
    assert not Path(ledger).exists()


def test_default_ledger_from_the_environment(
    write_case: Callable[..., Case], ledger: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TICKETCHECK_LEDGER", ledger)
    case = write_case(FRONT, ORIGINAL)
    record(case, "1234567890", now=NOW)
    assert Path(ledger).is_file()
    assert len(run_rule(RULE, case)) == 1


def test_a_broken_ledger_is_a_warning(write_case: Callable[..., Case], tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database" * 200)
    (finding,) = run_rule(RULE, write_case(FRONT, ORIGINAL), ledger=str(broken))
    assert finding.severity is Severity.WARNING
    assert "broken.sqlite" in finding.message


@pytest.mark.parametrize("threshold", [0, -0.1, 1.5, "high"])
def test_invalid_threshold(threshold: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        ruleset_of({**RULE, "threshold": threshold})


def test_default_threshold_matches_the_ledger():
    from ticketcheck import ledger
    from ticketcheck.checks import duplicate

    assert duplicate.DEFAULT_THRESHOLD == ledger.DEFAULT_THRESHOLD
