"""Facts found in the text of a proof: dates, addresses, quantities, identifiers.

Dates are read in the forms invoices and carriers print them: ``2026-11-03``,
``11/03/2026`` (month first in the US, day first elsewhere; a first number over 12 is
always a day), ``03.11.2026`` (day first), ``3 November 2026``, ``Nov 3, 2026``. Every
pattern is a flat sequence of bounded pieces, so hostile text cannot make one backtrack
catastrophically; impossible dates (``02/30/2026``) are skipped.
"""

from __future__ import annotations

import datetime as dt
import re

from .lazy_pattern import LazyPattern

__all__ = ["find_dates", "find_units", "has_address", "has_quantity_words", "squeeze"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ISO = LazyPattern(r"(?<![\d/.-])(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?![\d/-]|\.\d)")
_NUMERIC = LazyPattern(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)")
_DAY_MONTH = LazyPattern(
    r"(?<!\w)(\d{1,2})(?:st|nd|rd|th)?[ \t-]+(?:of[ \t]+)?" + _MONTH + r"\.?,?[ \t-]+(\d{4})(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY = LazyPattern(
    r"(?<!\w)" + _MONTH + r"\.?[ \t]+(\d{1,2})(?:st|nd|rd|th)?,?[ \t]+(\d{4})(?!\d)",
    re.IGNORECASE,
)


def _make(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, *, day_first: bool = False) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every date in ``text``, in text order.

    ``day_first`` reads ``03/11/2026`` as 3 November (outside the US); dotted dates are
    always day first, as Europe writes them.
    """
    found: list[tuple[int, int, dt.date]] = []
    for m in _ISO.finditer(text):
        found.append((m.start(), m.end(), _make(int(m[1]), int(m[2]), int(m[3])) or dt.date.min))
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        first_is_day = day_first or m[2] == "." or a > 12
        day, month = (a, b) if first_is_day else (b, a)
        found.append((m.start(), m.end(), _make(year, month, day) or dt.date.min))
    for m in _DAY_MONTH.finditer(text):
        month = _MONTHS[m[2][:3].lower()]
        found.append((m.start(), m.end(), _make(int(m[3]), month, int(m[1])) or dt.date.min))
    for m in _MONTH_DAY.finditer(text):
        month = _MONTHS[m[1][:3].lower()]
        found.append((m.start(), m.end(), _make(int(m[3]), month, int(m[2])) or dt.date.min))
    return sorted(f for f in found if f[2] != dt.date.min)


# "120 Market Street", "5 Rue X", a US state and ZIP, a UK postcode, a German "Hauptstraße
# 5", or the word "address". Each piece is bounded ({0,4}, {1,40}) so none can be slow.
_ADDRESS = (
    LazyPattern(
        r"(?<!\w)\d{1,6}[A-Za-z]?,?\s+(?:[\w.'-]{1,30}\s+){0,4}(?:street|st|road|rd|avenue|ave"
        r"|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|parkway|pkwy|highway|hwy"
        r"|suite|ste|square|sq|terrace|circle|cir)(?!\w)",
        re.IGNORECASE,
    ),
    LazyPattern(r"(?<![\w-])[A-Z]{2},?\s+\d{5}(?:-\d{4})?(?![\w-])"),
    LazyPattern(r"(?<!\w)[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}(?!\w)"),
    LazyPattern(r"(?<!\w)\w{1,40}(?:straße|strasse|str\.|weg|platz|gasse)\s+\d{1,5}", re.I),
    LazyPattern(r"(?<!\w)(?:address|p\.?\s?o\.?\s+box)(?!\w)", re.IGNORECASE),
)


def has_address(text: str) -> bool:
    """Whether ``text`` shows something that reads as a postal address."""
    return any(p.search(text) for p in _ADDRESS)


_QTY_WORDS = LazyPattern(r"(?<!\w)(?:qty|quantity|quantities|units?|pcs|pieces|cartons?)(?!\w)", re.I)  # fmt: skip
_QTY_TOTAL = LazyPattern(
    r"(?<!\w)total\s+(?:units|quantity|qty|pcs|pieces)\s*[:#]?\s*(\d{1,7})(?![\d.,]\d)", re.I
)
_QTY_LABELLED = LazyPattern(
    r"(?<!\w)(?:qty|quantity)\.?\s*[:#]?\s*(\d{1,7})(?![\d.,]\d|\s*%)", re.IGNORECASE
)
_QTY_SUFFIX = LazyPattern(
    r"(?<![\w.,])(\d{1,7})\s*(?:units?|pcs|pieces|cartons?|ea)(?!\w)", re.IGNORECASE
)


def has_quantity_words(text: str) -> bool:
    """Whether ``text`` labels quantities (a "Qty" column, "units", "pcs")."""
    return _QTY_WORDS.search(text) is not None


def find_units(text: str) -> int | None:
    """The total quantity a document shows: its "Total units: N", else the sum of the
    quantities it labels ("Qty: 24", "24 units"); None when it shows no such number."""
    totals = [int(m[1]) for m in _QTY_TOTAL.finditer(text)]
    if totals:
        return max(totals)
    spans: dict[int, int] = {}
    for pattern in (_QTY_LABELLED, _QTY_SUFFIX):
        for m in pattern.finditer(text):
            spans.setdefault(m.start(1), int(m[1]))
    return sum(spans.values()) if spans else None


def squeeze(text: str) -> str:
    """Letters and digits only, upper case: identifiers compared with spaces ignored."""
    return re.sub(r"[^0-9A-Za-z]+", "", text).upper()
