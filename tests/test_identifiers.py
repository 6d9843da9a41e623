from __future__ import annotations

import pytest

from ticketcheck.identifiers import IDENTIFIER_KINDS, check_identifier, find_identifiers

VALID = [
    ("order-id", "123-1234567-1234567"),
    ("order-id", "112-4829301-5738201"),
    ("order-id", " 112-4829301-5738201 "),
    ("order-id", "D01-1234567-1234567"),
    ("asin", "B003ZYF3LO"),
    ("asin", "0306406152"),  # ISBN-10, check digit 2
    ("asin", "080442957X"),  # ISBN-10, check digit X
    ("case-id", "1234567890"),
    ("fba-shipment-id", "FBAPMK5M"),
    ("fba-shipment-id", "FBA15G3RJDSS"),
    ("fnsku", "X00000E5TX"),
    ("fnsku", "B003ZYF3LO"),  # commingled: the FNSKU is the ASIN
    ("transparency-code", "AZ" + "0123456789ABCDEFGHIJKLMN"),
    ("transparency-code", "ZA" + "0" * 24),
    ("transparency-code", "0" * 38),
    ("transparency-code", "SN1234567"),
    ("tracking-number", "1Z5R89390357567127"),
    ("tracking-number", "RB123456785GB"),
    ("ups", "1Z5R89390357567127"),
    ("usps", "9400 1112 0108 0805 4830 16"),
    ("fedex", "986578788855"),
    ("dhl", "3318810025"),
    ("amazon-logistics", "TBA000000000000"),
    ("ontrac", "C11031500001879"),
]

INVALID = [
    ("order-id", "123-123456-1234567"),
    ("order-id", "12312345671234567"),
    ("order-id", "E01-1234567-1234567"),
    ("order-id", ""),
    ("asin", "B003ZYF3L"),
    ("asin", "A003ZYF3LO"),
    ("asin", "0306406153"),
    ("asin", "b003zyf3lo"),
    ("case-id", "123456789"),
    ("case-id", "12345678901"),
    ("fba-shipment-id", "FBA1234"),
    ("fba-shipment-id", "FBA12345678901"),
    ("fba-shipment-id", "PLN1HN2F"),
    ("fnsku", "X0000E5TX"),
    ("fnsku", "Y00000E5TX"),
    ("transparency-code", "SN123"),
    ("transparency-code", "AZ" + "0" * 23 + "!"),
    ("transparency-code", "0" * 30),
    ("tracking-number", "123456789013"),  # 12 digits, FedEx check digit wrong
    ("ups", "986578788855"),
    ("fedex", "1Z5R89390357567127"),
    ("amazon-logistics", "TBB000000000000"),
]


@pytest.mark.parametrize(("kind", "value"), VALID)
def test_valid(kind: str, value: str) -> None:
    assert check_identifier(kind, value) is None


@pytest.mark.parametrize(("kind", "value"), INVALID)
def test_invalid(kind: str, value: str) -> None:
    assert check_identifier(kind, value) is not None


def test_every_kind_is_tested() -> None:
    assert {kind for kind, _ in VALID} == set(IDENTIFIER_KINDS)
    assert {kind for kind, _ in INVALID} >= set(IDENTIFIER_KINDS[:6])


def test_messages() -> None:
    assert check_identifier("order-id", "123-123456-1234567") == (
        "order IDs have the form 3-7-7 digits (123-1234567-1234567)"
    )
    assert check_identifier("order-id", "12312345671234567") == (
        "order IDs have the form 3-7-7 digits (123-1234567-1234567): write it 123-1234567-1234567"
    )
    assert check_identifier("asin", "0306406153") == (
        "check digit is 3; a valid ISBN-10 ASIN ends in 2"
    )
    assert check_identifier("asin", "B003") == (
        "ASINs are B0 and 8 letters or digits (B003ZYF3LO), or a book's ISBN-10"
    )
    assert check_identifier("asin", "b003zyf3lo") == "write it in capitals: B003ZYF3LO"
    assert check_identifier("case-id", "123") == "case IDs are 10 digits (1234567890)"
    assert check_identifier("case-id", " ") == "case ID is empty"
    assert check_identifier("fba-shipment-id", "FBA12") == (
        "FBA shipment IDs are FBA and 5-10 letters or digits (FBA15G3RJDSS)"
    )
    assert check_identifier("fnsku", "X0") == (
        "FNSKUs are X0 and 8 letters or digits (X00000E5TX), or the product's ASIN"
    )
    assert check_identifier("transparency-code", "SN1") == (
        "Transparency codes are 26 characters starting AZ or ZA, a 38-character SGTIN, "
        "or a 7-20 character serial number"
    )
    assert check_identifier("ups", "1Z5R89390357567128") == (
        "check digit is 8; a valid UPS number ends in 7"
    )


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown identifier kind 'isbn'"):
        check_identifier("isbn", "0306406152")
    with pytest.raises(ValueError, match="unknown identifier kind 'isbn'"):
        find_identifiers("isbn", "0306406152")


TEXT = (
    "Order 112-4829301-5738201 (ASIN B003ZYF3LO, FNSKU X00000E5TX) left in shipment "
    "FBA15G3RJDSS by UPS 1Z5R89390357567127; see case 1234567890 and book 0306406152. "
    "Code AZ0123456789ABCDEFGHIJKLMN."
)


@pytest.mark.parametrize(
    ("kind", "text", "found"),
    [
        ("order-id", TEXT, [(6, 25, "112-4829301-5738201")]),
        ("asin", TEXT, [(32, 42, "B003ZYF3LO"), (148, 158, "0306406152")]),
        ("case-id", TEXT, [(128, 138, "1234567890"), (148, 158, "0306406152")]),
        ("fnsku", TEXT, [(50, 60, "X00000E5TX")]),
        ("fba-shipment-id", TEXT, [(79, 91, "FBA15G3RJDSS")]),
        ("transparency-code", TEXT, [(165, 191, "AZ0123456789ABCDEFGHIJKLMN")]),
        ("ups", TEXT, [(99, 117, "1Z5R89390357567127")]),
        # candidates include malformed values, so a check can point at them
        ("order-id", "order 112-482930-5738201.", [(6, 24, "112-482930-5738201")]),
        ("fba-shipment-id", "FBAPMK5 and FBA inventory, FBAINVENTORY", [(0, 7, "FBAPMK5")]),
        # a 10-digit number whose ISBN check digit fails is not an ASIN candidate
        ("asin", "case 1234567890", []),
        ("order-id", "x112-4829301-5738201", []),
    ],
)
def test_find_identifiers(kind: str, text: str, found: list[tuple[int, int, str]]) -> None:
    assert find_identifiers(kind, text) == found
    for start, end, value in found:
        assert text[start:end] == value
