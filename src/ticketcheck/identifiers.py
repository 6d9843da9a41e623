"""Amazon identifiers (order ID, ASIN, case ID, FBA shipment ID, FNSKU, Transparency code)
and tracking numbers: is a value well-formed, and where does one appear in a text.

The formats are those of ``reference/domain.md`` §8. Where an identifier carries a check
digit (ISBN-10 ASINs, most tracking numbers) the check digit decides, so a mistyped number
is caught before Amazon rejects the case. Tracking numbers are handled by
``ticketcheck.tracking``; the carrier kinds (``"ups"``, ``"fedex"``...) require that
carrier, ``"tracking-number"`` accepts any.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ticketcheck.tracking import check_tracking, find_tracking_numbers

from .lazy_pattern import LazyPattern

__all__ = ["IDENTIFIER_KINDS", "check_identifier", "find_identifiers"]

_TRACKING_KINDS = ("tracking-number", "ups", "usps", "fedex", "dhl", "amazon-logistics", "ontrac")

IDENTIFIER_KINDS: tuple[str, ...] = (
    "order-id",
    "asin",
    "case-id",
    "fba-shipment-id",
    "fnsku",
    "transparency-code",
    *_TRACKING_KINDS,
)

_ORDER_ID = LazyPattern(r"(?:[0-9]{3}|D[0-9]{2})-[0-9]{7}-[0-9]{7}")
_ASIN = LazyPattern(r"B0[0-9A-Z]{8}")
_ISBN10 = LazyPattern(r"[0-9]{9}[0-9X]")
_CASE_ID = LazyPattern(r"[0-9]{10}")
_FBA_SHIPMENT_ID = LazyPattern(r"FBA[0-9A-Z]{5,10}")
_FNSKU = LazyPattern(r"X0[0-9A-Z]{8}")
_TRANSPARENCY = LazyPattern(r"(?:AZ|ZA)[0-9A-Z]{24}|[0-9A-Z]{38}|[0-9A-Z]{7,20}")

_ORDER_ID_FORM = "order IDs have the form 3-7-7 digits (123-1234567-1234567)"


def _isbn10_check(value: str) -> str:
    """The ISBN-10 check character for the first nine digits of ``value``."""
    remainder = -sum((10 - i) * int(c) for i, c in enumerate(value[:9])) % 11
    return "X" if remainder == 10 else str(remainder)


def _check_order_id(value: str) -> str | None:
    if _ORDER_ID.fullmatch(value):
        return None
    if re.fullmatch(r"[0-9]{17}", value):
        return f"{_ORDER_ID_FORM}: write it {value[:3]}-{value[3:10]}-{value[10:]}"
    return _ORDER_ID_FORM


def _check_asin(value: str) -> str | None:
    if _ASIN.fullmatch(value):
        return None
    if _ISBN10.fullmatch(value):
        expected = _isbn10_check(value)
        if value[9] == expected:
            return None
        return f"check digit is {value[9]}; a valid ISBN-10 ASIN ends in {expected}"
    return "ASINs are B0 and 8 letters or digits (B003ZYF3LO), or a book's ISBN-10"


def _check_case_id(value: str) -> str | None:
    return None if _CASE_ID.fullmatch(value) else "case IDs are 10 digits (1234567890)"


def _check_fba_shipment_id(value: str) -> str | None:
    if _FBA_SHIPMENT_ID.fullmatch(value):
        return None
    return "FBA shipment IDs are FBA and 5-10 letters or digits (FBA15G3RJDSS)"


def _check_fnsku(value: str) -> str | None:
    # An FNSKU equals the ASIN when the seller's units are commingled with others'.
    if _FNSKU.fullmatch(value) or _check_asin(value) is None:
        return None
    return "FNSKUs are X0 and 8 letters or digits (X00000E5TX), or the product's ASIN"


def _check_transparency_code(value: str) -> str | None:
    if _TRANSPARENCY.fullmatch(value):
        return None
    return (
        "Transparency codes are 26 characters starting AZ or ZA, a 38-character SGTIN, "
        "or a 7-20 character serial number"
    )


_NAMES = {
    "order-id": "order ID",
    "asin": "ASIN",
    "case-id": "case ID",
    "fba-shipment-id": "FBA shipment ID",
    "fnsku": "FNSKU",
    "transparency-code": "Transparency code",
}

_CHECKERS: dict[str, Callable[[str], str | None]] = {
    "order-id": _check_order_id,
    "asin": _check_asin,
    "case-id": _check_case_id,
    "fba-shipment-id": _check_fba_shipment_id,
    "fnsku": _check_fnsku,
    "transparency-code": _check_transparency_code,
}

# What a candidate looks like in free text: looser than the valid form (wrong lengths, a
# missing check digit), so that a check can point at a malformed identifier, but anchored
# to a prefix or a shape that ordinary words and numbers do not have.
_EDGE_BEFORE = r"(?<![0-9A-Za-z-])"
_EDGE_AFTER = r"(?![0-9A-Za-z]|-[0-9A-Za-z])"
_CANDIDATES: dict[str, LazyPattern] = {
    "order-id": LazyPattern(_EDGE_BEFORE + r"[0-9D][0-9]{2}-[0-9]{5,9}-[0-9]{5,9}" + _EDGE_AFTER),
    # A bare 10-digit number is as likely a case ID or a phone number: it counts as an ASIN
    # candidate only when its ISBN-10 check digit holds (filtered in find_identifiers).
    "asin": LazyPattern(_EDGE_BEFORE + r"(?:B0[0-9A-Z]{6,10}|[0-9]{9}[0-9X])" + _EDGE_AFTER),
    "case-id": LazyPattern(_EDGE_BEFORE + r"[0-9]{10}" + _EDGE_AFTER),
    # Must hold a digit (filtered in find_identifiers), or "FBAINVENTORY" would count.
    "fba-shipment-id": LazyPattern(_EDGE_BEFORE + r"FBA[0-9A-Z]{2,15}" + _EDGE_AFTER),
    "fnsku": LazyPattern(_EDGE_BEFORE + r"X0[0-9A-Z]{6,10}" + _EDGE_AFTER),
    # Free-form serials (7-20 of anything) would match every long word; only the prefixed
    # forms and 38-character SGTINs are looked for.
    "transparency-code": LazyPattern(
        _EDGE_BEFORE + r"(?:(?:AZ|ZA)[0-9A-Z]{20,28}|SN[0-9A-Z]{5,18}|[0-9A-Z]{38})" + _EDGE_AFTER
    ),
}


def _tracking_carrier(kind: str) -> str | None:
    return None if kind == "tracking-number" else kind


def check_identifier(kind: str, value: str) -> str | None:
    """None when ``value`` is a valid identifier of ``kind``; else a short reason.

    Raises ``ValueError`` for a ``kind`` not in ``IDENTIFIER_KINDS`` (rule sets are
    validated against that list on load, so this is a programming error).
    """
    if kind not in IDENTIFIER_KINDS:
        raise ValueError(f"unknown identifier kind {kind!r}; known: {', '.join(IDENTIFIER_KINDS)}")
    if kind in _TRACKING_KINDS:
        return check_tracking(value, _tracking_carrier(kind))
    stripped = value.strip()
    if not stripped:
        return f"{_NAMES[kind]} is empty"
    reason = _CHECKERS[kind](stripped)
    # Amazon prints these in capitals; a lower-case copy is still the same identifier to a
    # human, but a form field or a search may not match it.
    if (
        reason is not None
        and stripped != stripped.upper()
        and _CHECKERS[kind](stripped.upper()) is None
    ):
        return f"write it in capitals: {stripped.upper()}"
    return reason


def find_identifiers(kind: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, value) of every token in ``text`` that looks like an identifier of ``kind``.

    Candidates may be invalid (a wrong check digit, a digit too many), so a check can both
    compare them with the front matter and report the malformed ones. Tracking numbers are
    returned normalized (upper case, no spaces or dashes); other values as written.
    """
    if kind not in IDENTIFIER_KINDS:
        raise ValueError(f"unknown identifier kind {kind!r}; known: {', '.join(IDENTIFIER_KINDS)}")
    if kind in _TRACKING_KINDS:
        return find_tracking_numbers(text, _tracking_carrier(kind))
    found = [(m.start(), m.end(), m.group()) for m in _CANDIDATES[kind].finditer(text)]
    if kind == "asin":
        found = [f for f in found if f[2].startswith("B0") or _check_asin(f[2]) is None]
    elif kind == "fba-shipment-id":
        found = [f for f in found if any(c.isdigit() for c in f[2])]
    return found
