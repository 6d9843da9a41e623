"""Tracking-number formats of the carriers Amazon sellers ship with, and their check digits.

The formats, check-digit algorithms and their parameters are taken from
jkeen/tracking_number_data (commit b79ce4bf, ``couriers/*.json``; MIT License, Copyright (c)
2017 Jeff Keen, text in ``tests/data/tracking/LICENSE``). They are rewritten here as Python
tables so that ticketcheck needs neither the JSON files nor a JSON parse at import time.

Every pattern applies to a *normalized* number: upper case, with spaces and dashes removed.
That is why none of them carries the ``\\s*`` after each character that the original
patterns have, and why each is made of fixed-count character classes only: matching is
linear in the length of the number, whatever the input. Where the original allows optional
prefixes that make one number parse in two ways (USPS's ``420`` + ZIP routing code), each
parse is its own pattern, so that a number is valid when any of its parses checks out.

Patterns name the digits a check digit covers ``serial`` and the check digit ``check``.
"""

from __future__ import annotations

from typing import NamedTuple

from .lazy_pattern import LazyPattern


class Checksum(NamedTuple):
    """How a format computes its check digit (the names follow CHECKSUM_ALGORITHMS.md).

    ``mod10``: digit sum with alternating multipliers (``evens`` for index 0, 2, ...,
    ``odds`` for 1, 3, ...; counted from the right when ``reverse``). ``mod7``: the serial
    modulo 7. ``s10``: the UPU S10 weighted sum modulo 11. ``weighted``: the sum of products
    with ``weights``, modulo ``modulo1`` then ``modulo2`` (FedEx Express).
    """

    algorithm: str
    evens: int = 1
    odds: int = 1
    reverse: bool = False
    weights: tuple[int, ...] = ()
    modulo1: int = 11
    modulo2: int = 10


class TrackingFormat(NamedTuple):
    """One kind of tracking number of one carrier."""

    carrier: str
    name: str  # used in messages: "a valid {name} number ends in 7"
    patterns: tuple[LazyPattern, ...]  # alternative parses, each used with fullmatch
    checksum: Checksum | None = None  # None: the format has no check digit
    prepend: str = ""  # put before the serial, unless it already starts with it, before the sum


def _formats(
    carrier: str,
    name: str,
    *patterns: str,
    checksum: Checksum | None = None,
    prepend: str = "",
) -> TrackingFormat:
    return TrackingFormat(carrier, name, tuple(LazyPattern(p) for p in patterns), checksum, prepend)


_UPS_MOD10 = Checksum("mod10", evens=1, odds=2)
_USPS_MOD10 = Checksum("mod10", evens=3, odds=1)
_FEDEX_GROUND_MOD10 = Checksum("mod10", evens=1, odds=3)
_FEDEX_12 = Checksum("weighted", weights=(3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1))
_FEDEX_13 = Checksum("weighted", weights=(1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1))
_ONTRAC_MOD10 = Checksum("mod10", evens=1, odds=2)
_S10 = Checksum("s10", weights=(8, 6, 4, 2, 3, 5, 9, 7))

# USPS IMpb: application identifier, 3-digit service type, mailer ID (9 digits starting with
# 9, or 6 digits starting with 0-8) and package ID. The allowed ID lengths combine into 22 or
# 26 digits with the check digit for every mailer, and 30 only for a 9-digit mailer ID; a
# 420+ZIP routing prefix allows 22 or 26 after a 5-digit ZIP and only 22 after ZIP+4.
_IMPB_N_22_26 = r"94[0-9]{19}|94[0-9]{23}"
_IMPB_N_30 = r"94[0-9]{3}9[0-9]{23}"
# 92 marks a 9-digit mailer ID (starts with 9), 93 a 6-digit one (0-8), 95 USPS retail.
_IMPB_C_AI = r"(?:92[0-9]{3}9|93[0-9]{3}[0-8]|95[0-9]{4})"
_IMPB_C_22 = _IMPB_C_AI + r"[0-9]{15}"
_IMPB_C_26 = _IMPB_C_AI + r"[0-9]{19}"
_ZIP5 = r"420[0-9]{5}"
_ZIP9 = r"420[0-9]{9}"
_CHECK = r"(?P<check>[0-9])"

FORMATS: tuple[TrackingFormat, ...] = (
    # UPS
    _formats("ups", "UPS", r"1Z(?P<serial>[0-9A-Z]{15})" + _CHECK, checksum=_UPS_MOD10),
    _formats("ups", "UPS waybill", r"[AHJKTV](?P<serial>[0-9]{9})" + _CHECK, checksum=_UPS_MOD10),
    # USPS
    _formats("usps", "USPS 20-digit", r"(?P<serial>[0-9]{19})" + _CHECK, checksum=_USPS_MOD10),
    _formats(
        "usps",
        "USPS IMpb",
        rf"(?P<serial>{_IMPB_N_22_26}|{_IMPB_N_30}){_CHECK}",
        rf"{_ZIP5}(?P<serial>{_IMPB_N_22_26}){_CHECK}",
        rf"{_ZIP9}(?P<serial>94[0-9]{{19}}){_CHECK}",
        checksum=Checksum("mod10", evens=3, odds=1, reverse=True),
    ),
    _formats(
        "usps",
        "USPS IMpb",
        rf"(?P<serial>{_IMPB_C_22}|{_IMPB_C_26}){_CHECK}",
        rf"{_ZIP5}(?P<serial>{_IMPB_C_22}|{_IMPB_C_26}){_CHECK}",
        rf"{_ZIP9}(?P<serial>{_IMPB_C_22}){_CHECK}",
        checksum=_USPS_MOD10,
    ),
    # Legacy Delivery/Signature Confirmation: the sum always covers the 91 identifier,
    # printed or not.
    _formats(
        "usps",
        "USPS",
        rf"(?P<serial>(?:91)?[0-9]{{19}}){_CHECK}",
        rf"{_ZIP5}(?P<serial>(?:91)?[0-9]{{19}}){_CHECK}",
        rf"{_ZIP9}(?P<serial>(?:91)?[0-9]{{19}}){_CHECK}",
        checksum=_USPS_MOD10,
        prepend="91",
    ),
    _formats(
        "usps",
        "USPS international",
        r"[A-Z]{2}(?P<serial>[0-9]{8})" + _CHECK + r"(?P<country>US)",
        checksum=_S10,
    ),
    # FedEx
    _formats("fedex", "FedEx Express", r"(?P<serial>[0-9]{11})" + _CHECK, checksum=_FEDEX_12),
    _formats(
        "fedex",
        "FedEx Express 34-digit",
        r"[0-8][0-9]{19}(?P<serial>[0-9]{13})" + _CHECK,
        checksum=_FEDEX_13,
    ),
    # Legacy ASTRA barcode: a FedEx Express number sits in positions 17-28.
    _formats(
        "fedex",
        "FedEx ASTRA",
        r"3[0-9]{15}(?P<serial>[0-9]{11})" + _CHECK + r"[0-9]{4}",
        checksum=_FEDEX_12,
    ),
    _formats(
        "fedex", "FedEx Ground", r"(?P<serial>[0-9]{14})" + _CHECK, checksum=_FEDEX_GROUND_MOD10
    ),
    _formats(
        "fedex",
        "FedEx SSCC-18",
        r"[0-9]{2}(?P<serial>[0-9]{15})" + _CHECK,
        checksum=Checksum("mod10", evens=3, odds=1),
    ),
    _formats(
        "fedex",
        "FedEx Ground 96",
        r"96[0-9]{5}(?P<serial>[0-9]{14})" + _CHECK,
        checksum=_FEDEX_GROUND_MOD10,
    ),
    _formats(
        "fedex",
        "FedEx Ground 34-digit",
        r"96[0-9]{18}(?P<serial>[0-9]{13})" + _CHECK,
        checksum=_FEDEX_13,
    ),
    # DHL
    _formats("dhl", "DHL Express", r"(?P<serial>[0-9]{9,10})" + _CHECK, checksum=Checksum("mod7")),
    _formats("dhl", "DHL Express piece ID", r"J[A-Z]{2,3}[0-9]{9,10}"),
    # The original requires the first character after the prefix to be a digit.
    _formats(
        "dhl",
        "DHL eCommerce",
        r"(?:GM|LX|RX|UV|CN|SG|TH|IN|HK|MY)[0-9][0-9A-Z]{9,38}",
    ),
    _formats("dhl", "DHL eCommerce 14-digit", r"[0-9]{14}"),
    # Amazon
    _formats("amazon-logistics", "Amazon Logistics", r"TB[ACM][0-9]{12}"),
    _formats("amazon-logistics", "Amazon Logistics international", r"[AFC][0-9]{10}"),
    # OnTrac. The sum covers the serial behind a 4 (C numbers) or a 5 (D numbers).
    _formats(
        "ontrac",
        "OnTrac",
        r"C(?P<serial>[0-9]{13})" + _CHECK,
        checksum=_ONTRAC_MOD10,
        prepend="4",
    ),
    _formats(
        "ontrac",
        "OnTrac",
        r"D(?P<serial>[0-9]{13})" + _CHECK,
        checksum=_ONTRAC_MOD10,
        prepend="5",
    ),
    # LaserShip merged into OnTrac (one network, OnTrac brand since 2024); its numbers carry
    # no check digit. The 18-character form ends in "-1", which normalizing turns into "1".
    _formats("ontrac", "LaserShip", r"L[AIEHNX][1-3][0-9]{7}"),
    _formats("ontrac", "LaserShip", r"1LS7[12][0-9]{10}"),
    _formats("ontrac", "LaserShip", r"1LS7[12][0-9]{2}01[1-4][0-9]{6}1"),
    _formats("ontrac", "LaserShip", r"1LSCX[0-9A-Z]{10}"),
    # UPU S10: every postal service's international items (USPS's are listed above too).
    _formats(
        "s10",
        "S10",
        r"[A-Z]{2}(?P<serial>[0-9]{8})" + _CHECK + r"(?P<country>[A-Z]{2})",
        checksum=_S10,
    ),
)

CARRIERS: tuple[str, ...] = (
    "ups",
    "usps",
    "fedex",
    "dhl",
    "amazon-logistics",
    "ontrac",
    "s10",
)

CARRIER_LABELS: dict[str, str] = {
    "ups": "UPS",
    "usps": "USPS",
    "fedex": "FedEx",
    "dhl": "DHL",
    "amazon-logistics": "Amazon Logistics",
    "ontrac": "OnTrac",
    "s10": "international postal (S10)",
}

# What a number of each carrier looks like, for the message when none of its formats match.
CARRIER_SHAPES: dict[str, str] = {
    "ups": "UPS numbers are 1Z and 16 letters or digits (1Z5R89390357567127), "
    "or a letter and 10 digits (K1506235620)",
    "usps": "USPS numbers are 20 or 22 digits, 26-34 with the 420+ZIP prefix "
    "(9400111206206406260787), or 2 letters, 9 digits and US (RB123456785US)",
    "fedex": "FedEx numbers are 12, 15, 18, 22, 32 or 34 digits (986578788855)",
    "dhl": "DHL numbers are 10-11 digits (3318810025), 14 digits, J and 2-3 letters and "
    "9-10 digits, or GM, LX, RX, UV, CN, SG, TH, IN, HK or MY and 10-39 letters and digits",
    "amazon-logistics": "Amazon Logistics numbers are TBA, TBC or TBM and 12 digits "
    "(TBA000000000000), or A, C or F and 10 digits",
    "ontrac": "OnTrac numbers are C or D and 14 digits (C11031500001879), "
    "or a LaserShip number (LX17635036, 1LS...)",
    "s10": "international postal numbers are 2 letters, 9 digits and a country code "
    "(RB123456785GB)",
}

# Keys are lower case with spaces, dashes, dots and underscores removed.
CARRIER_ALIASES: dict[str, str] = {
    "ups": "ups",
    "unitedparcelservice": "ups",
    "usps": "usps",
    "uspostalservice": "usps",
    "unitedstatespostalservice": "usps",
    "fedex": "fedex",
    "federalexpress": "fedex",
    "fedexexpress": "fedex",
    "fedexground": "fedex",
    "dhl": "dhl",
    "dhlexpress": "dhl",
    "dhlecommerce": "dhl",
    "amazonlogistics": "amazon-logistics",
    "amazon": "amazon-logistics",
    "amazonshipping": "amazon-logistics",
    "amzl": "amazon-logistics",
    "amzlus": "amazon-logistics",
    "ontrac": "ontrac",
    "lasership": "ontrac",
    "s10": "s10",
    "upu": "s10",
    "upus10": "s10",
}

# Country codes of the UPU member postal services that issue S10 numbers (the data's
# "Courier" lookup); an S10 number's last two letters must be one of them.
_UPU_COUNTRY_LIST = """
    AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW BY BZ CA CD CF
    CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FR GA GB GD
    GE GH GM GN GQ GR GT GW GY HK HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KI KM
    KN KP KR KW KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MK ML MM MN MR MT MU MV MW
    MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK PL PT PY QA RO RS RU RW SA SB SC SD
    SE SG SI SK SL SM SN SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TZ UA UG US UY
    UZ VA VC VE VN VU WS YE ZA ZM ZW
"""
UPU_COUNTRIES: frozenset[str] = frozenset(_UPU_COUNTRY_LIST.split())
