"""``follow-up``: a follow-up cites the case ID it follows up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NOW, run_rule
from tests.test_ledger import DIFFERENT, ORDER, ORIGINAL
from ticketcheck.case import Case
from ticketcheck.findings import Severity
from ticketcheck.ledger import record

RULE = {"id": "follow-up", "check": "follow-up"}
FRONT = {"category": "a-to-z", "order_id": ORDER}
PLAIN = "The package was delivered on November 3; the proof of delivery is attached."


@pytest.mark.parametrize(
    ("front", "body", "expected"),
    [
        ({}, PLAIN, []),
        ({"follow_up": True}, PLAIN, [("follow_up", None)]),
        ({"follow_up": True, "case_id": "1234567890"}, PLAIN, []),
        ({}, "Following up on my earlier message. " + PLAIN, [("body", 0)]),
        ({}, "Hello. As per my previous case, " + PLAIN, [("body", 7)]),
        ({}, "I am re-opening this. " + PLAIN, [("body", 5)]),
        ({}, "We already submitted the POD. " + PLAIN, [("body", 0)]),
        ({}, "Following up on case 1234567890. " + PLAIN, []),
        ({"case_id": "1234567890"}, "Following up on my earlier message. " + PLAIN, []),
        ({"follow_up": False}, "Following up on my earlier message. " + PLAIN, []),
        ({"subject": "Re-open: claim"}, PLAIN, [("subject", 0)]),
    ],
)
def test_follow_up_without_a_ledger(
    write_case: Callable[..., Case], tmp_path: Path, front: dict[str, Any], body: str,
    expected: list[tuple[str, int | None]],
) -> None:
    case = write_case({**FRONT, **front}, body)
    findings = run_rule(RULE, case, ledger=str(tmp_path / "none.sqlite"))
    assert [(f.rule, f.check, f.location.field, f.location.start) for f in findings] == [
        ("follow-up", "follow-up", field, start) for field, start in expected
    ]
    assert not (tmp_path / "none.sqlite").exists()


@pytest.mark.parametrize(
    ("front", "body", "expected"),
    [
        ({}, ORIGINAL, [("order_id", Severity.ERROR)]),  # same order: an earlier case exists
        ({}, "Following up on my earlier message. " + ORIGINAL, [("body", Severity.ERROR)]),
        ({"case_id": "1111111111"}, ORIGINAL, []),
        ({}, "About case 1111111111: " + ORIGINAL, []),
        ({"case_id": "9999999999"}, ORIGINAL, [("case_id", Severity.WARNING)]),
        ({}, "About case 9999999999: " + ORIGINAL, [("body", Severity.WARNING)]),
        ({}, "Call us at 5551234567. " + ORIGINAL, []),  # cited, but not written as a case ID
        ({}, DIFFERENT, []),  # this very case was recorded: duplicate's finding, not this one
        ({"order_id": "113-1111111-2222222"}, ORIGINAL, []),
        ({"follow_up": False}, ORIGINAL, []),
    ],
)
def test_follow_up_with_a_ledger(
    write_case: Callable[..., Case], tmp_path: Path, front: dict[str, Any], body: str,
    expected: list[tuple[str, Severity]],
) -> None:
    ledger = str(tmp_path / "ledger.sqlite")
    record(write_case(FRONT, DIFFERENT, name="first.md"), "1111111111", ledger, now=NOW)
    findings = run_rule(RULE, write_case({**FRONT, **front}, body), ledger=ledger)
    assert [(f.location.field, f.severity) for f in findings] == expected


def test_messages(write_case: Callable[..., Case], tmp_path: Path) -> None:
    ledger = str(tmp_path / "ledger.sqlite")
    said = write_case(FRONT, "As per my previous case, " + PLAIN)
    (finding,) = run_rule(RULE, said, ledger=ledger)
    assert finding.message == (
        'the case says it follows up an earlier one ("As per my previous case") '
        "but cites no case ID"
    )
    assert finding.hint == (
        "add 'case_id: \"1234567890\"' with the earlier case's ID from the case log"
    )
    assert (finding.location.line, finding.location.column) == (5, 1)

    (finding,) = run_rule(RULE, write_case({**FRONT, "follow_up": True}, PLAIN), ledger=ledger)
    assert finding.message == "the case is marked follow_up: true but cites no case ID"

    (tmp_path / "cases").mkdir()
    record(write_case(FRONT, DIFFERENT, name="cases/first.md"), "1111111111", ledger, now=NOW)
    (finding,) = run_rule(RULE, write_case(FRONT, ORIGINAL), ledger=ledger)
    assert finding.message == (
        f"order {ORDER} already has case 1111111111, submitted on 2026-11-26 12:00 UTC "
        "(cases/first.md); this case cites no case ID"
    )
    assert finding.hint == (
        "reply on case 1111111111, or cite it: add 'case_id: \"1111111111\"' to the front matter"
    )

    cited = write_case({**FRONT, "case_id": "9999999999"}, ORIGINAL)
    (finding,) = run_rule(RULE, cited, ledger=ledger)
    assert finding.message == "case 9999999999 is not in the ledger (ledger.sqlite)"
    assert finding.severity is Severity.WARNING
