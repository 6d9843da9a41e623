from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.conftest import run_rule
from ticketcheck.checks.required_section import RequiredSection

POA = {"id": "poa", "check": "required-section"}

ROOT = ("Our listing for B003ZYF3LO described the charger as compatible with every laptop "
        "model. The description was copied from the supplier's catalogue without review, and "
        "our team did not check compatibility claims against the manufacturer's specification "
        "sheet before publishing, so buyers with older models received chargers that did not fit.")
ACTIONS = ("We removed the compatibility claim from the listing, refunded all 14 buyers who "
           "reported the problem, and audited the remaining 37 listings against the "
           "manufacturers' specification sheets, correcting six of them.")
PREVENT = ("Every new or edited listing is now checked against the manufacturer's specification "
           "by a second team member before it goes live, and we review all listings each "
           "quarter against current specifications.")


def _plan(style: str, *, root: str = ROOT, actions: str = ACTIONS, prevent: str = PREVENT) -> str:
    heads = ("Root cause", "Corrective actions", "Preventive measures")
    parts = list(zip(heads, (root, actions, prevent), strict=True))
    if style == "markdown":
        return "\n\n".join(f"## {h}\n\n{t}" for h, t in parts if t)
    if style == "bold":
        return "\n\n".join(f"**{h}**\n{t}" for h, t in parts if t)
    if style == "label":
        return "\n\n".join(f"{h}: {t}" for h, t in parts if t)
    if style == "numbered":
        return "\n".join(f"{i}. {h}\n{t}" for i, (h, t) in enumerate(parts, 1) if t)
    # Phrases only, no headings.
    return (f"Dear Seller Performance team,\n\nThe root cause of the complaints: {root}\n\n"
            f"To resolve this, {actions}\n\nTo prevent this from happening again, {prevent}")


@pytest.mark.parametrize("style", ["markdown", "bold", "label", "numbered", "phrases"])
def test_a_complete_plan_passes(write_case, style):
    assert run_rule(POA, write_case({"category": "account-health"}, _plan(style))) == []


@pytest.mark.parametrize("style", ["markdown", "bold", "label", "numbered"])
@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("root", "the body has no root cause section"),
        ("actions", "the body has no corrective actions section"),
        ("prevent", "the body has no preventive measures section"),
    ],
)
def test_a_missing_section_is_named(write_case, style, missing, message):
    body = _plan(style, **{missing: ""})
    [finding] = run_rule(POA, write_case({"category": "account-health"}, body))
    assert (finding.rule, finding.check, finding.location.field) == ("poa", "required-section", "body")
    assert finding.message == message


@pytest.mark.parametrize("style", ["markdown", "bold", "label"])
def test_a_thin_section_is_located_at_its_heading(write_case, style):
    body = _plan(style, root="We made a mistake.")
    case = write_case({"category": "account-health"}, body)
    [finding] = run_rule(POA, case)
    assert finding.message == "the root cause section is 4 words; at least 40 are expected"
    assert finding.hint == (
        "explain specifically why the problem happened (which process failed, and how)"
    )
    # The front matter is 3 lines, so the body's first line is line 4.
    assert (finding.location.field, finding.location.line, finding.location.column) == ("body", 4, 1)
    assert finding.location.start == 0


def test_sections_end_at_the_next_heading_of_any_kind(write_case):
    body = _plan("markdown", prevent="We will be careful.") + "\n\n## Supporting documents\n\n" + ROOT
    [finding] = run_rule(POA, write_case({"category": "account-health"}, body))
    assert finding.message.startswith("the preventive measures section is 4 words")


def test_a_label_line_with_a_value_is_not_a_boundary(write_case):
    body = _plan("markdown").replace(ROOT, "Order ID: 112-4829301-5738201\n" + ROOT)
    assert run_rule(POA, write_case({"category": "account-health"}, body)) == []


def test_a_phrase_in_mid_sentence_does_not_open_a_section(write_case):
    body = f"## Root cause\n\n{ROOT} We hope to resolve this soon and going forward be better."
    findings = run_rule(POA, write_case({"category": "account-health"}, body))
    assert [f.message for f in findings] == [
        "the body has no corrective actions section",
        "the body has no preventive measures section",
    ]


def test_custom_sections_and_field(write_case):
    rule = {**POA, "field": "subject",
            "sections": [{"name": "summary", "headings": ["summary"], "min-words": 2}]}
    case = write_case({"category": "x", "subject": "Summary: two words"}, "")
    assert run_rule(rule, case) == []
    case = write_case({"category": "x", "subject": "Summary: one"}, "")
    [finding] = run_rule(rule, case)
    assert finding.message == "the summary section is 1 word; at least 2 are expected"


def test_options_are_validated():
    with pytest.raises(ValidationError):
        RequiredSection.model_validate({**POA, "sections": []})
    with pytest.raises(ValidationError):
        RequiredSection.model_validate({**POA, "sections": [{"name": "x", "min-words": -1}]})
