from __future__ import annotations

import pytest

from tests.conftest import run_rule

RULE = {"id": "english-only", "check": "language"}

ENGLISH = (
    "Hello Amazon team, the buyer reports that the parcel did not arrive. UPS tracking "
    "1Z5R89390357567127 shows it delivered on November 3 to the front door. Order "
    "112-4829301-5738201, ASIN B003ZYF3LO, case 1234567890, total $45.99, see "
    "https://www.ups.com/track or write to support@example.com.\n"
    "We ask you to review the claim with the attached proof of delivery.\n"
)


def test_english_case_full_of_ids_has_no_finding(write_case):
    case = write_case({"category": "x", "subject": "Order 112-4829301-5738201 POD"}, ENGLISH)
    assert run_rule(RULE, case) == []


@pytest.mark.parametrize(
    ("foreign", "language"),
    [
        ("Der Kunde hat das Paket am Montag erhalten und ist sehr zufrieden damit.", "German (de)"),
        ("El cliente recibió el paquete el lunes y está muy contento con el producto.", "Spanish (es)"),
        ("包裹已经送到客户家门口。", "Chinese (zh)"),
        ("Посылка была доставлена покупателю в понедельник.", "Russian (ru)"),
    ],
)
def test_one_foreign_sentence_is_found_and_located(write_case, foreign, language):
    body = ENGLISH + foreign + "\nThank you for your help with this claim.\n"
    case = write_case({"category": "x"}, body)
    findings = run_rule(RULE, case)
    assert len(findings) == 1
    [finding] = findings
    assert language in finding.message
    assert finding.message.endswith("not English")
    assert (finding.location.field, finding.location.line) == ("body", 6)
    assert case.body[finding.location.start:finding.location.end].strip(" 。.") in foreign


def test_message(write_case):
    case = write_case({"category": "x"}, "Der Kunde hat das Paket am Montag erhalten und ist zufrieden.\n")
    [finding] = run_rule(RULE, case)
    assert finding.message == "this sentence is in German (de), not English"
    assert (finding.location.line, finding.location.column) == (4, 1)


def test_allowed_languages_and_marketplaces(write_case):
    german = "Der Kunde hat das Paket am Montag erhalten und ist sehr zufrieden damit.\n"
    de_case = write_case({"category": "x", "marketplace": "DE"}, german)
    us_case = write_case({"category": "x", "marketplace": "US"}, german, name="us.md")
    rule = {**RULE, "marketplaces": {"DE": {"allowed": ["en", "de"]}}}
    assert run_rule(rule, de_case) == []
    assert len(run_rule(rule, us_case)) == 1


def test_subject_is_checked(write_case):
    case = write_case({"category": "x", "subject": "Antwort auf die Beschwerde des Kunden zur Bestellung"}, ENGLISH)
    [finding] = run_rule(RULE, case)
    assert finding.location.field == "subject"
    assert finding.location.line == 3


def test_bad_language_code_is_a_rule_error():
    from pydantic import ValidationError

    from ticketcheck.checks.language import Language

    with pytest.raises(ValidationError, match="not a language code"):
        Language.model_validate({**RULE, "allowed": ["english"]})


def test_a_text_wholly_in_another_language_is_capped(write_case):
    sentences = [
        f"Der Kunde hat das Paket Nummer {i} am Montag erhalten und ist sehr zufrieden damit."
        for i in range(30)
    ]
    case = write_case({"category": "x"}, "\n".join(sentences) + "\n")
    findings = run_rule({**RULE, "max-findings": 5}, case)
    assert len(findings) == 6
    assert findings[-1].message == "more of the body is not in English: only the first 5 spans are reported"
    assert findings[-1].location.line == 9  # the sixth sentence: the first not reported
