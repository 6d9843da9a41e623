"""Carrier tracking numbers: which carrier issued a number, and whether its check digit holds.

A bare pattern accepts any 12-digit number as FedEx and any 10-digit one as DHL; a case
that quotes a mistyped number then goes to Amazon looking fine. So a number counts as valid
for a carrier only when one of that carrier's formats (``tracking_formats.FORMATS``) matches
it *and* the format's check digit agrees. A few formats have no check digit (Amazon
Logistics, LaserShip, DHL eCommerce and piece IDs); for those the pattern is all there is.

Numbers are normalized first: upper case, spaces and dashes removed, so ``1z 5r8 939...``
and ``0414-4176-0228-964`` are read as printed on the label.
"""

from __future__ import annotations

import re

from ticketcheck.tracking_formats import (
    CARRIER_ALIASES,
    CARRIER_LABELS,
    CARRIER_SHAPES,
    CARRIERS,
    FORMATS,
    UPU_COUNTRIES,
    Checksum,
    TrackingFormat,
)

__all__ = [
    "CARRIERS",
    "carrier_name",
    "check_tracking",
    "find_tracking_numbers",
    "normalize_tracking",
    "tracking_carriers",
]

_SEPARATORS = re.compile(r"[\s-]+")
_ALNUM = re.compile(r"[0-9A-Z]+")
_ALIAS_JUNK = re.compile(r"[\s\-._]+")

# No format is longer than this (DHL eCommerce: 2 + 40), which bounds the text search.
_MAX_LENGTH = 42
# Every format at once, to skip the words of a sentence with one regex call each.
_ANY_FORMAT = re.compile(
    "|".join(
        "(?:" + re.sub(r"\(\?P<\w+>", "(?:", p.pattern) + ")"
        for fmt in FORMATS
        for p in fmt.patterns
    )
)


def normalize_tracking(number: str) -> str:
    """The number as carriers read it: upper case, without spaces and dashes."""
    return _SEPARATORS.sub("", number).upper()


def carrier_name(name: str) -> str | None:
    """The canonical carrier name (``"ups"``, ``"amazon-logistics"``...) for a spelling of it."""
    return CARRIER_ALIASES.get(_ALIAS_JUNK.sub("", name).lower())


def _expected_check(checksum: Checksum, serial: str) -> int:
    """The check digit ``checksum`` computes for ``serial``."""
    if checksum.algorithm == "mod7":
        return int(serial) % 7
    if checksum.algorithm == "s10":
        remainder = sum(int(c) * w for c, w in zip(serial, checksum.weights, strict=True)) % 11
        return {0: 5, 1: 0}.get(remainder, 11 - remainder)
    if checksum.algorithm == "weighted":
        total = sum(int(c) * w for c, w in zip(serial, checksum.weights, strict=True))
        return total % checksum.modulo1 % checksum.modulo2
    # mod10: letters (UPS) count as (code point - 3) mod 10, as in the carriers' spec.
    total = 0
    for i, c in enumerate(reversed(serial) if checksum.reverse else serial):
        value = int(c) if c.isdigit() else (ord(c) - 3) % 10
        total += value * (checksum.odds if i % 2 else checksum.evens)
    return -total % 10


def _check_format(fmt: TrackingFormat, number: str) -> tuple[bool, str | None]:
    """(matched, reason): whether a pattern of ``fmt`` matches, and why it fails if it does."""
    reason: str | None = None
    matched = False
    for pattern in fmt.patterns:
        match = pattern.fullmatch(number)
        if match is None:
            continue
        matched = True
        groups = match.groupdict()
        country = groups.get("country")
        if country is not None and country not in UPU_COUNTRIES:
            reason = reason or (
                f"{country} is not a UPU country code; S10 numbers end in the code of the "
                "issuing country (RB123456785GB)"
            )
            continue
        if fmt.checksum is None:
            return True, None
        serial = groups["serial"]
        if fmt.prepend and not serial.startswith(fmt.prepend):
            serial = fmt.prepend + serial
        expected = _expected_check(fmt.checksum, serial)
        actual = groups["check"]
        if int(actual) == expected:
            return True, None
        if reason is None:
            # Only S10 numbers have their check digit inside, before the country code.
            where = "has" if groups.get("country") else "ends in"
            place = " before the country code" if groups.get("country") else ""
            reason = f"check digit is {actual}; a valid {fmt.name} number {where} {expected}{place}"
    return matched, reason


def _classify(number: str, carriers: tuple[str, ...]) -> tuple[list[str], list[str], str | None]:
    """(carriers by check digit, carriers by pattern only, first failure reason)."""
    checked: list[str] = []
    pattern_only: list[str] = []
    first_reason: str | None = None
    for fmt in FORMATS:
        if fmt.carrier not in carriers:
            continue
        matched, reason = _check_format(fmt, number)
        if matched and reason is None:
            found = checked if fmt.checksum is not None else pattern_only
            if fmt.carrier not in found:
                found.append(fmt.carrier)
        elif matched and first_reason is None:
            first_reason = reason
    pattern_only = [c for c in pattern_only if c not in checked]
    return checked, pattern_only, first_reason


def tracking_carriers(number: str) -> list[str]:
    """The carriers whose pattern and check digit accept ``number``; ``[]`` if none.

    Carriers whose check digit confirms the number come first, in ``CARRIERS`` order;
    carriers accepting it on a format without check digit (any 14 digits are a DHL
    eCommerce number) come after them.
    """
    normalized = normalize_tracking(number)
    checked, pattern_only, _ = _classify(normalized, CARRIERS)
    return checked + pattern_only


def check_tracking(number: str, carrier: str | None = None) -> str | None:
    """None if ``number`` is a valid tracking number (of ``carrier``, if given), else why not.

    ``carrier`` may be any spelling in the alias table ("UPS", "FedEx", "AMZL"...).
    """
    normalized = normalize_tracking(number)
    if not normalized:
        return "tracking number is empty"
    if not _ALNUM.fullmatch(normalized):
        return "tracking numbers have only letters and digits (spaces and dashes are ignored)"
    if carrier is None:
        checked, pattern_only, reason = _classify(normalized, CARRIERS)
        if checked or pattern_only:
            return None
        return (
            reason
            or "matches no tracking-number format of UPS, USPS, FedEx, DHL, "
            "Amazon Logistics, OnTrac or an international postal service"
        )
    canonical = carrier_name(carrier)
    if canonical is None:
        known = ", ".join(CARRIER_LABELS[c] for c in CARRIERS)
        return f"unknown carrier {carrier!r}; known carriers: {known}"
    checked, pattern_only, reason = _classify(normalized, (canonical,))
    if checked or pattern_only:
        return None
    others = tracking_carriers(normalized)
    hint = f"; it is a valid {CARRIER_LABELS[others[0]]} number" if others else ""
    return (reason or CARRIER_SHAPES[canonical]) + hint


def find_tracking_numbers(text: str, carrier: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, normalized number) of every tracking-number candidate in ``text``.

    A candidate is a run of letters and digits that matches a format of ``carrier`` (of any
    carrier if None), valid check digit or not, so a check can report a mistyped number.
    Numbers printed in groups ("9400 1112 0108 ...", "C 110 31 500 00187 9") are joined
    across single spaces or dashes, but only when the joined number is valid: otherwise
    every pair of numbers in a sentence would become a candidate. A dash-joined run (an
    order ID, a phone number) is taken whole or not at all.
    """
    carriers = CARRIERS if carrier is None else (carrier_name(carrier) or carrier,)
    groups = [(m.start(), m.end()) for m in re.finditer(r"[0-9A-Za-z]+", text)]
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(groups):
        taken = _longest_candidate(text, groups, i, carriers)
        if taken is None:
            i += 1
            continue
        j, value = taken
        found.append((groups[i][0], groups[j][1], value))
        i = j + 1
    return found


def _joined_by(text: str, groups: list[tuple[int, int]], j: int) -> str | None:
    """The separator between group ``j`` and ``j + 1`` if it may sit inside a number."""
    if j + 1 >= len(groups):
        return None
    gap = text[groups[j][1] : groups[j + 1][0]]
    if re.fullmatch(r"[ \t]{1,3}", gap):
        return " "
    if re.fullmatch(r"[ \t]?-[ \t]?", gap):
        return "-"
    return None


def _longest_candidate(
    text: str, groups: list[tuple[int, int]], i: int, carriers: tuple[str, ...]
) -> tuple[int, str] | None:
    """(last group, value) of the longest candidate starting at group ``i``, if any."""
    if i > 0 and _joined_by(text, groups, i - 1) == "-":
        return None
    parts: list[str] = []
    options: list[tuple[int, str]] = []
    j = i
    while j < len(groups):
        part = text[groups[j][0] : groups[j][1]].upper()
        # Numbers are printed in short groups: a longer word ends the number.
        if j > i and len(part) > 4 and part.isalpha():
            break
        parts.append(part)
        value = "".join(parts)
        if len(value) > _MAX_LENGTH:
            break
        ends_cleanly = _joined_by(text, groups, j) != "-"
        if ends_cleanly:
            options.append((j, value))
        if _joined_by(text, groups, j) is None:
            break
        j += 1
    for last, value in reversed(options):
        if not _ANY_FORMAT.fullmatch(value):
            continue
        checked, pattern_only, reason = _classify(value, carriers)
        # Joined digits with no check digit to confirm them are more likely a date, a
        # phone number or two numbers side by side than one number.
        if checked or (pattern_only and (last == i or not value.isdigit())):
            return last, value
        if last == i and reason is not None:
            return last, value  # a single token in a known format with a wrong check digit
    return None
