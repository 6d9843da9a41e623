from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ticketcheck.tracking import (
    CARRIERS,
    carrier_name,
    check_tracking,
    find_tracking_numbers,
    normalize_tracking,
    tracking_carriers,
)
from ticketcheck.tracking_formats import FORMATS

DATA = Path(__file__).parent / "data" / "tracking" / "test_numbers.json"
SHARED = Path("/work/shared/reference/tracking")
# The courier files' codes, as ticketcheck carriers.
COURIER_CARRIERS = {
    "ups": "ups",
    "usps": "usps",
    "fedex": "fedex",
    "dhl": "dhl",
    "amazon": "amazon-logistics",
    "ontrac": "ontrac",
    "lasership": "ontrac",
    "s10": "s10",
}


def _cases(entries: list[dict[str, Any]]) -> list[Any]:
    return [
        pytest.param(e["carrier"], number, expected, id=f"{e['format']}-{expected}-{number}")
        for e in entries
        for expected in ("valid", "invalid")
        for number in e[expected]
    ]


def _assert_conformance(carrier: str, number: str, expected: str) -> None:
    if expected == "valid":
        assert check_tracking(number, carrier) is None
        assert carrier in tracking_carriers(number)
    else:
        assert check_tracking(number, carrier) is not None
        assert carrier not in tracking_carriers(number)


@pytest.mark.parametrize(
    ("carrier", "number", "expected"), _cases(json.loads(DATA.read_text(encoding="utf-8")))
)
def test_conformance_bundled(carrier: str, number: str, expected: str) -> None:
    _assert_conformance(carrier, number, expected)


def _shared_entries() -> list[dict[str, Any]]:
    entries = []
    for path in sorted(SHARED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for kind in data["tracking_numbers"]:
            entries.append(
                {"format": kind["name"], "carrier": COURIER_CARRIERS[data["courier_code"]]}
                | kind["test_numbers"]
            )
    return entries


@pytest.mark.skipif(not SHARED.is_dir(), reason="the original courier JSON files are absent")
def test_conformance_original_json() -> None:
    # One test rather than a parametrized table: collection must work without the files.
    entries = _shared_entries()
    assert entries
    for carrier, number, expected in (p.values for p in _cases(entries)):
        _assert_conformance(carrier, number, expected)


def test_bundled_data_matches_original_json() -> None:
    if not SHARED.is_dir():
        pytest.skip("the original courier JSON files are absent")
    bundled = json.loads(DATA.read_text(encoding="utf-8"))
    assert [(e["format"], e["valid"], e["invalid"]) for e in bundled] == [
        (e["format"], e["valid"], e["invalid"]) for e in _shared_entries()
    ]


@pytest.mark.parametrize(
    ("number", "carriers"),
    [
        ("1Z5R89390357567127", ["ups"]),
        ("1z 5r8 939 03 5756 7127", ["ups"]),
        ("K1506235620", ["ups"]),
        ("9400 1112 0108 0805 4830 16", ["usps"]),
        ("RB123456785US", ["usps", "s10"]),
        ("RB123456785GB", ["s10"]),
        ("986578788855", ["fedex"]),
        ("0414-4176-0228-964", ["fedex"]),
        ("9611020987654312345672", ["fedex"]),
        ("3318810025", ["dhl"]),
        ("JJD0099999999", ["dhl"]),
        ("TBA000000000000", ["amazon-logistics"]),
        ("C11031500001879", ["ontrac"]),
        ("LX17635036", ["ontrac"]),
        # check-digit carriers before those without one: any 14 digits are DHL eCommerce
        ("04144176022896", ["dhl"]),
    ],
)
def test_tracking_carriers(number: str, carriers: list[str]) -> None:
    assert tracking_carriers(number) == carriers
    assert check_tracking(number) is None


@pytest.mark.parametrize(
    "number",
    [
        "",
        "   ",
        "hello",
        "1Z5R89390357567128",  # UPS, check digit off by one
        "986578788856",  # FedEx Express, check digit off by one
        "123456789013",  # twelve digits are not FedEx by pattern alone
        "3318810034",  # DHL Express mod 7
        "RB123456785XX",  # not a UPU country
        "1Z5R8939035756712!",
        "TBA50288727400A",
    ],
)
def test_invalid_numbers(number: str) -> None:
    assert tracking_carriers(number) == []
    assert check_tracking(number) is not None


def test_messages() -> None:
    assert check_tracking("1Z5R89390357567128") == (
        "check digit is 8; a valid UPS number ends in 7"
    )
    assert check_tracking("986578788856", "FedEx") == (
        "check digit is 6; a valid FedEx Express number ends in 5"
    )
    assert check_tracking("RB123456786US") == (
        "check digit is 6; a valid USPS international number has 5 before the country code"
    )
    assert check_tracking("RB123456785XX") == (
        "XX is not a UPU country code; S10 numbers end in the code of the issuing country "
        "(RB123456785GB)"
    )
    assert check_tracking("1Z5R89390357567127", "fedex") == (
        "FedEx numbers are 12, 15, 18, 22, 32 or 34 digits (986578788855); it is a valid UPS number"
    )
    assert check_tracking("TBA00000000000", "AMZL") == (
        "Amazon Logistics numbers are TBA, TBC or TBM and 12 digits (TBA000000000000), "
        "or A, C or F and 10 digits"
    )
    assert check_tracking("hello") == (
        "matches no tracking-number format of UPS, USPS, FedEx, DHL, Amazon Logistics, "
        "OnTrac or an international postal service"
    )
    assert check_tracking(" - ") == "tracking number is empty"
    assert check_tracking("1Z5R8939035756712!") == (
        "tracking numbers have only letters and digits (spaces and dashes are ignored)"
    )
    assert check_tracking("1Z5R89390357567127", "Royal Mail") == (
        "unknown carrier 'Royal Mail'; known carriers: UPS, USPS, FedEx, DHL, "
        "Amazon Logistics, OnTrac, international postal (S10)"
    )


@pytest.mark.parametrize(
    ("name", "carrier"),
    [
        ("UPS", "ups"),
        ("FedEx", "fedex"),
        ("Fed-Ex Ground", "fedex"),
        ("Amazon Logistics", "amazon-logistics"),
        ("AMZL", "amazon-logistics"),
        ("amazon-logistics", "amazon-logistics"),
        ("U.S.P.S.", "usps"),
        ("DHL eCommerce", "dhl"),
        ("LaserShip", "ontrac"),
        ("Royal Mail", None),
    ],
)
def test_carrier_name(name: str, carrier: str | None) -> None:
    assert carrier_name(name) == carrier


def test_every_carrier_has_a_format() -> None:
    assert {f.carrier for f in FORMATS} == set(CARRIERS)


def test_patterns_are_linear() -> None:
    # A repeated group is what lets a regex backtrack exponentially; fixed-count character
    # classes and a bounded alternation cannot.
    for fmt in FORMATS:
        for pattern in fmt.patterns:
            assert not re.search(r"\)[*+{]", pattern.pattern), pattern.pattern


def test_normalize_tracking() -> None:
    assert normalize_tracking(" 1z 5r8-939\t03 ") == "1Z5R893903"


@pytest.mark.parametrize(
    ("text", "carrier", "found"),
    [
        (
            "Shipped via UPS 1Z5R89390357567127 today.",
            None,
            [(16, 34, "1Z5R89390357567127")],
        ),
        # a wrong check digit is still a candidate
        ("UPS 1Z5R89390357567128.", "ups", [(4, 22, "1Z5R89390357567128")]),
        # printed in groups
        (
            "USPS 9400 1112 0108 0805 4830 16, thanks",
            None,
            [(5, 32, "9400111201080805483016")],
        ),
        ("OnTrac C 110 31 500 00187 9.", "ontrac", [(7, 27, "C11031500001879")]),
        ("FedEx 0414-4176-0228-964", "FedEx", [(6, 24, "041441760228964")]),
        # an order ID is taken whole: its last two parts are not a DHL eCommerce number
        ("order 112-4829301-5738201", None, []),
        # grouped digits that no check digit confirms are not joined
        ("on 12 03 2024 at 5 pm", None, []),
        ("Shipped via UPS 1Z5R89390357567127 today.", "fedex", []),
        ("TBA000000000000 and TBC 000000000000", "amazon-logistics",
         [(0, 15, "TBA000000000000"), (20, 36, "TBC000000000000")]),
    ],
)  # fmt: skip
def test_find_tracking_numbers(
    text: str, carrier: str | None, found: list[tuple[int, int, str]]
) -> None:
    assert find_tracking_numbers(text, carrier) == found
