from __future__ import annotations

import datetime as dt

import pytest

from ticketcheck.proof_facts import find_dates, find_units, has_address
from ticketcheck.proofs import DEFAULT_KINDS, find_phrases, read_proof, resolve_kinds

D = dt.date(2026, 11, 3)


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("Date: 2026-11-03", False, [D]),
        ("2026/11/03", False, [D]),
        ("11/03/2026", False, [D]),
        ("03/11/2026", True, [D]),
        ("25/11/2026", False, [dt.date(2026, 11, 25)]),  # no 25th month: day first
        ("03.11.2026", False, [D]),
        ("3 November 2026", False, [D]),
        ("3rd of Nov. 2026", False, [D]),
        ("Nov 3, 2026", False, [D]),
        ("November 3rd 2026", False, [D]),
        ("Sept 3, 2026", False, [dt.date(2026, 9, 3)]),
        ("11/03/26", False, [D]),
        ("02/30/2026 and 2026-13-01", False, []),  # impossible dates are skipped
        ("version 1.2.3, total 12/5 items, 123-4567890-1234567", False, []),
    ],
)
def test_find_dates(text, day_first, expected):
    assert [d for _, _, d in find_dates(text, day_first=day_first)] == expected


def test_patterns_stay_fast_on_hostile_text():
    # Long runs that each pattern could try to backtrack over; these return, and quickly.
    for text in ("1" * 50_000, "1/" * 25_000, "Nov " * 12_000, "a" * 50_000 + " Street",
                 "12 " + "word " * 10_000, "qty " * 10_000):
        # None of these holds a date, a unit count or an address: they return, and say so.
        assert find_dates(text) == []
        assert find_units(text) is None
        assert has_address(text) is False


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Qty: 24\nQty 6", 30),
        ("24 units, 6 pcs", 30),
        ("Qty: 24\nTotal units: 30", 30),
        ("$120.00 each, 15% discount", None),
        ("nothing here", None),
    ],
)
def test_find_units(text, units):
    assert find_units(text) == units


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("120 Market Street", True),
        ("Austin, TX 73301", True),
        ("London SW1A 1AA", True),
        ("Hauptstraße 5, Berlin", True),
        ("Address: see below", True),
        ("we shipped 12 boxes", False),
    ],
)
def test_has_address(text, found):
    assert has_address(text) is found


@pytest.mark.parametrize(
    ("text", "hits"),
    [
        ("PRO FORMA invoice", ["PRO FORMA"]),
        ("Pro-forma", ["Pro-forma"]),
        ("proforma", ["proforma"]),
        ("Please quote this invoice number", []),
        ("Purchase order number: 4471", []),
        ("This is a quote", ["quote"]),
        ("quotes", ["quotes"]),
        ("misquoted", []),
    ],
)
def test_forbidden_phrases_and_their_ignores(text, hits):
    [evidence] = DEFAULT_KINDS["invoice"].never_shows
    assert [m.group() for m in find_phrases(evidence, text)] == hits


def test_read_proof_pod():
    kind = DEFAULT_KINDS["proof-of-delivery"]
    text = "Delivered Nov 3, 2026. Tracking 1Z 4F8 3W2 0398 1274 63"
    reading = read_proof(kind, text, tracking_number="1Z4F83W20398127463", order_id=None,
                         now=dt.date(2026, 11, 26))
    assert reading.matches
    assert reading.date == D
    reading = read_proof(kind, "hello", tracking_number="1Z4F83W20398127463", order_id=None,
                         now=dt.date(2026, 11, 26))
    assert len(reading.missing) == 3


def test_the_labelled_date_wins_over_later_dates():
    kind = DEFAULT_KINDS["invoice"]
    text = "Invoice date: 2025-01-05\nShipped: 2025-01-07\nDue: 2025-02-05"
    reading = read_proof(kind, text, tracking_number=None, order_id=None, now=dt.date(2026, 1, 1))
    assert reading.date == dt.date(2025, 1, 5)


def test_resolve_kinds_patches_one_key():
    kinds = resolve_kinds({"invoice": {"max-age-days": 90}})
    assert kinds["invoice"].max_age_days == 90
    assert kinds["invoice"].shows == DEFAULT_KINDS["invoice"].shows
    assert DEFAULT_KINDS["invoice"].max_age_days == 365
