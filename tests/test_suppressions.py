"""Inline suppressions, front-matter ``ignore:``, and the findings about suppressions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import NOW, ruleset_of
from ticketcheck.case import load_case
from ticketcheck.engine import check

PLACEHOLDER = {"id": "placeholder", "check": "placeholder"}
LENGTH = {"id": "body-length", "check": "text-length", "field": "body", "max-chars": 10000}
RULES = ruleset_of(PLACEHOLDER, LENGTH)


def findings(tmp_path: Path, text: str, name: str = "case.md") -> list[tuple[str, int | None]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = check(load_case(path), RULES, now=NOW)
    return [(f.rule, f.location.line) for f in report.findings]


FRONT = "---\ncategory: a-to-z\n---\n"  # the body starts on line 4


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("Order {{x}}.\n", [("placeholder", 4)], id="no-suppression"),
        pytest.param(
            '<!-- ticketcheck: disable=placeholder reason="sample" -->\nOrder {{x}}.\n',
            [],
            id="next-line",
        ),
        pytest.param(
            '<!-- ticketcheck: disable=placeholder reason="sample" -->\n\nOrder {{x}}.\n',
            [],
            id="next-line-skips-blank",
        ),
        pytest.param(
            'Order {{x}}. <!-- ticketcheck: disable=placeholder reason="sample" -->\n',
            [],
            id="same-line-after-text",
        ),
        pytest.param(
            '<!-- ticketcheck: disable=placeholder reason="sample" -->\nA {{x}}.\nB {{y}}.\n',
            [("placeholder", 6)],
            id="next-line-only",
        ),
        pytest.param(
            '<!-- ticketcheck: disable=placeholder reason="quoted" -->\nA {{x}}.\nB {{y}}.\n'
            "<!-- ticketcheck: enable=placeholder -->\nC {{z}}.\n",
            [("placeholder", 8)],
            id="block",
        ),
        pytest.param(
            "<!-- ticketcheck: disable-next-line=placeholder reason='sample' -->\nA {{x}}.\n",
            [],
            id="disable-next-line",
        ),
        pytest.param(
            '<!-- ticketcheck: disable=body-length,placeholder reason="both" -->\nA {{x}}.\n',
            [("unused-suppression", 4)],
            id="two-rules-one-unused",
        ),
        pytest.param(
            "<!-- ticketcheck: disable=placeholder -->\nA {{x}}.\n",
            [("invalid-suppression", 4)],
            id="no-reason",
        ),
        pytest.param(
            '<!-- ticketcheck: disable=placeholder reason="" -->\nA {{x}}.\n',
            [("invalid-suppression", 4)],
            id="empty-reason",
        ),
        pytest.param(
            '<!-- ticketcheck: disable=placeholder reason="sample" -->\nNothing here.\n',
            [("unused-suppression", 4)],
            id="unused",
        ),
        pytest.param(
            "<!-- ticketcheck: enable=placeholder -->\nA {{x}}.\n",
            [("invalid-suppression", 4), ("placeholder", 5)],
            id="enable-without-disable",
        ),
        pytest.param(
            "<!-- ticketcheck: please be quiet -->\nA {{x}}.\n",
            [("invalid-suppression", 4), ("placeholder", 5)],
            id="unreadable",
        ),
        pytest.param(
            '<!-- ticketcheck: disable=placeholdr reason="typo" -->\nA {{x}}.\n',
            [("unused-suppression", 4), ("placeholder", 5)],
            id="unknown-rule",
        ),
    ],
)
def test_inline_suppressions(tmp_path: Path, body: str, expected: list[tuple[str, int]]) -> None:
    assert findings(tmp_path, FRONT + body) == expected


def test_messages(tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    path.write_text(
        FRONT + "<!-- ticketcheck: disable=placeholdr reason=\"x\" -->\nA {{x}}.\n"
        "<!-- ticketcheck: disable=placeholder -->\nB {{y}}.\n",
        encoding="utf-8",
    )
    report = check(load_case(path), RULES, now=NOW)
    by_rule = {f.rule: f for f in report.findings}
    unused, invalid = by_rule["unused-suppression"], by_rule["invalid-suppression"]
    assert unused.message == (
        "suppression of placeholdr suppresses nothing: rule set test has no rule "
        "'placeholdr' (did you mean 'placeholder'?)"
    )
    assert (unused.check, str(unused.severity)) == ("case-file", "warning")
    assert invalid.message == "suppression of placeholder has no reason"
    assert (invalid.check, str(invalid.severity), invalid.location.line) == (
        "case-file", "error", 6,
    )
    assert invalid.hint == 'say why the finding is acceptable: reason="..."'


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        pytest.param("ignore: [placeholder]\n", [], id="ignored"),
        pytest.param("ignore: placeholder\n", [], id="ignored-as-text"),
        pytest.param(
            "ignore: [placeholder, body-length]\n", [("unused-suppression", 3)], id="one-unused"
        ),
        pytest.param(
            "ignore:\n  - nonsense\n", [("unused-suppression", 4), ("placeholder", 6)], id="unknown"
        ),
    ],
)
def test_front_matter_ignore(tmp_path: Path, front: str, expected: list[tuple[str, int]]) -> None:
    text = "---\ncategory: a-to-z\n" + front + "---\nA {{x}}.\n"
    assert findings(tmp_path, text) == expected


def test_yaml_comment_in_front_matter(tmp_path: Path) -> None:
    text = (
        "---\ncategory: a-to-z\n"
        '# ticketcheck: disable=placeholder reason="a sample subject"\n'
        "subject: Claim {{order}}\n---\nPlain body.\n"
    )
    assert findings(tmp_path, text) == []


def test_yaml_case_file(tmp_path: Path) -> None:
    text = (
        "category: a-to-z\n"
        "subject: Claim {{order}}  # ticketcheck: disable=placeholder reason=\"sample\"\n"
        "body: Plain body.\n"
    )
    assert findings(tmp_path, text, name="claim.case.yaml") == []


def test_markdown_heading_is_not_a_directive(tmp_path: Path) -> None:
    text = FRONT + "# ticketcheck: disable=placeholder\nA {{x}}.\n"
    assert findings(tmp_path, text) == [("placeholder", 5)]


def test_switched_off_rule_makes_its_suppression_unused(tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    path.write_text(FRONT + '<!-- ticketcheck: disable=placeholder reason="x" -->\nA {{x}}.\n')
    rules = ruleset_of({**PLACEHOLDER, "enabled": False})
    report = check(load_case(path), rules, now=NOW)
    assert [f.message for f in report.findings] == [
        "suppression of placeholder suppresses nothing: the rule is switched off"
    ]
