from __future__ import annotations

import pytest

from tests.conftest import run_rule


@pytest.mark.parametrize(
    ("count", "options", "messages"),
    [
        (5, {}, []),
        (6, {}, ["the case has 6 attachments; the limit is 5"]),
        (0, {"min": 1}, ["the case has 0 attachments; at least 1 is needed"]),
        (2, {"min": 3, "max": None}, ["the case has 2 attachments; at least 3 are needed"]),
    ],
)
def test_count(write_case, count, options, messages):
    names = [f"f{i}.pdf" for i in range(count)]
    case = write_case({"category": "x", "attachments": names}, files=dict.fromkeys(names, b"%PDF"))
    findings = run_rule({"id": "count", "check": "attachment-count", **options}, case)
    assert [f.message for f in findings] == messages
    assert all(f.location.field == "attachments" for f in findings)
