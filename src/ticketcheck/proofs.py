"""Proof kinds: what the text of each kind of proof must show, as data.

A proof kind (``proof-of-delivery``, ``invoice``...) is a ``ProofKind``: the things its text
must show (``shows``: phrases, or a detector such as ``date`` or ``tracking-number``), the
things it must not show (``never-shows``: the words of a quote or a pro forma), and limits
on its date and its units. The defaults below follow ``reference/domain.md`` §2-4; a rule
overrides any field of a kind, or adds a kind, in its ``kinds:`` option.

``read_proof`` matches a kind against a text and returns what is missing; the
``required-proof`` check turns that into messages. Everything here is plain text matching
with bounded regular expressions: no pattern can backtrack catastrophically on hostile text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, PositiveInt, model_validator

from .proof_facts import find_dates, find_units, has_address, has_quantity_words, squeeze

__all__ = [
    "DEFAULT_KINDS",
    "Evidence",
    "ProofKind",
    "ProofReading",
    "compile_phrases",
    "read_proof",
    "resolve_kinds",
]

Detector = Literal["date", "address", "quantity", "tracking-number", "order-id"]

_CONFIG = ConfigDict(
    extra="forbid",
    frozen=True,
    populate_by_name=True,
    alias_generator=lambda name: name.replace("_", "-"),
)


class Evidence(BaseModel):
    """One thing a proof's text shows: any of ``phrases``, or what ``detect`` finds.

    A phrase matches whole words, case-insensitively, with any spacing or hyphen between
    its words and an optional plural ``s``. A match inside one of the ``ignore`` phrases
    does not count ("please quote this invoice number" is not a quote).
    """

    model_config = _CONFIG

    name: str
    phrases: tuple[str, ...] = ()
    detect: Detector | None = None
    ignore: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _something_to_find(self) -> Evidence:
        if not self.phrases and self.detect is None:
            raise ValueError(f"evidence {self.name!r} needs phrases or detect")
        return self


class ProofKind(BaseModel):
    """What one kind of proof is, as a rule set can write it."""

    model_config = _CONFIG

    label: str
    shows: tuple[Evidence, ...] = ()
    never_shows: tuple[Evidence, ...] = ()
    #: Phrases that label the date to age ("invoice date"); else the latest date is used.
    date_labels: tuple[str, ...] = ()
    max_age_days: PositiveInt | None = None
    min_units: PositiveInt | None = None
    #: Photos: the image is the proof; there is no text to read.
    image_only: bool = False
    #: A front-matter field that can stand in for an attachment (``tracking_number``), and
    #: what the case's own text must then show.
    field: str | None = None
    field_shows: tuple[Evidence, ...] = ()
    #: What to attach, for the hint of a missing proof.
    hint: str = ""


_DELIVERED = Evidence(
    name="delivery wording",
    phrases=("delivered", "signed by", "proof of delivery", "received by", "delivery confirmation"),
)
_DATE = Evidence(name="a date", detect="date")
_ADDRESS = Evidence(name="an address", detect="address")
_DATE_LABELS = ("invoice date", "date of issue", "issue date", "issued on", "bill date",
                "statement date", "date")  # fmt: skip

_SUPPLIER = ("supplier", "vendor", "seller", "sold by", "bill from", "remit to",
             "manufacturer", "distributor", "issued by")  # fmt: skip
_BUYER = ("bill to", "billed to", "sold to", "ship to", "invoice to", "buyer", "customer",
          "purchaser")  # fmt: skip
_NOT_INVOICE = ("pro forma", "proforma", "quotation", "quote", "purchase order",
                "order confirmation", "estimate")  # fmt: skip
# Real invoices say these; they are not the document calling itself a quote or an order.
_NOT_INVOICE_IGNORE = ("please quote", "quote this", "quote the", "quote our", "quote your",
                       "quote invoice", "purchase order number", "purchase order no",
                       "purchase order #", "purchase order ref", "your purchase order",
                       "customer purchase order")  # fmt: skip
_AUTHORIZED = ("letter of authorization", "letter of authorisation", "authorize", "authorise",
               "authorized", "authorised", "authorization", "authorisation",
               "permission to sell")  # fmt: skip
_UTILITY = ("electricity", "electric", "gas", "water", "internet", "broadband", "utility",
            "energy")  # fmt: skip

DEFAULT_KINDS: dict[str, ProofKind] = {
    "proof-of-delivery": ProofKind(
        label="proof of delivery",
        shows=(
            _DELIVERED,
            Evidence(name="a delivery date", detect="date"),
            Evidence(name="the tracking number", detect="tracking-number"),
        ),
        hint="attach the carrier's proof of delivery (delivery confirmation with the "
        "recipient's signature) with 'proof: proof-of-delivery'",
    ),
    "tracking": ProofKind(
        label="tracking record",
        shows=(Evidence(name="the tracking number", detect="tracking-number"), _DELIVERED),
        field="tracking_number",
        field_shows=(_DELIVERED,),
        hint="give the valid tracking_number and say in the text that the carrier shows the "
        "parcel delivered, or attach the carrier's tracking page with 'proof: tracking'",
    ),
    "invoice": ProofKind(
        label="invoice",
        shows=(
            Evidence(name="the word invoice", phrases=("invoice", "bill")),
            Evidence(name="the supplier", phrases=_SUPPLIER),
            _ADDRESS,
            Evidence(name="the buyer", phrases=_BUYER),
            Evidence(name="an invoice date", detect="date"),
            Evidence(name="quantities", detect="quantity"),
        ),
        never_shows=(
            Evidence(
                name="a quote, pro forma or purchase order",
                phrases=_NOT_INVOICE,
                ignore=_NOT_INVOICE_IGNORE,
            ),
        ),
        date_labels=_DATE_LABELS,
        max_age_days=365,
        hint="attach the supplier's invoice for a completed purchase (supplier and buyer "
        "names and addresses, date, quantities) with 'proof: invoice'",
    ),
    "letter-of-authorization": ProofKind(
        label="letter of authorization",
        shows=(
            Evidence(name="authorization wording", phrases=_AUTHORIZED),
            _DATE,
        ),
        hint="attach the brand owner's signed letter of authorization with "
        "'proof: letter-of-authorization'",
    ),
    "utility-bill": ProofKind(
        label="utility bill",
        shows=(
            Evidence(name="a utility (gas, electricity, water or internet)", phrases=_UTILITY),
            _ADDRESS,
            Evidence(name="a bill date", detect="date"),
        ),
        date_labels=_DATE_LABELS,
        max_age_days=90,
        hint="attach a gas, electricity, water or internet bill from the last 90 days in the "
        "name and at the address shown in Seller Central, with 'proof: utility-bill'",
    ),
    "photos": ProofKind(
        label="product photos",
        image_only=True,
        hint="attach real photos of the product and its packaging from all sides with "
        "'proof: photos'",
    ),
}


def resolve_kinds(overrides: dict[str, dict[str, Any]]) -> dict[str, ProofKind]:
    """The default kinds with a rule's overrides applied: a known kind is patched key by
    key, a new name must describe a whole kind. Raises pydantic's ``ValidationError``."""
    kinds = dict(DEFAULT_KINDS)
    for name, patch in overrides.items():
        base = kinds[name].model_dump(by_alias=True) if name in kinds else {}
        kinds[name] = ProofKind.model_validate({**base, **patch})
    return kinds


@lru_cache(maxsize=256)
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any of ``phrases`` as whole words."""
    alternatives = []
    for phrase in sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True):
        words = [re.escape(w) for w in re.split(r"[\s-]+", phrase)]
        # A plural "s"/"es" is allowed after a word, never inside a character run.
        alternatives.append(r"[\s-]*".join(words) + r"(?:e?s)?")
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def find_phrases(evidence: Evidence, text: str) -> list[re.Match[str]]:
    """Matches of ``evidence``'s phrases in ``text``, leaving out those its ignores cover."""
    pattern = compile_phrases(evidence.phrases)
    if pattern is None:
        return []
    found = list(pattern.finditer(text))
    ignore = compile_phrases(evidence.ignore)
    if not found or ignore is None:
        return found
    covered = [(m.start(), m.end()) for m in ignore.finditer(text)]
    return [m for m in found if not any(s <= m.start() and m.end() <= e for s, e in covered)]


@dataclass
class ProofReading:
    """What ``read_proof`` found in a text."""

    missing: list[str] = field(default_factory=list)
    forbidden: list[tuple[str, str]] = field(default_factory=list)  # (evidence, text matched)
    date: dt.date | None = None
    units: int | None = None

    @property
    def matches(self) -> bool:
        return not self.missing and not self.forbidden


def _identifier_shown(value: str | None, text: str, squeezed: str, kind: str) -> bool:
    if value:
        return squeeze(value) in squeezed
    from .identifiers import find_identifiers  # only when the case gives no value

    return bool(find_identifiers(kind, text))


def _detected(evidence: Evidence, text: str, squeezed: str, facts: dict[str, Any]) -> bool:
    detect = evidence.detect
    if detect == "date":
        return bool(facts["dates"])
    if detect == "address":
        return has_address(text)
    if detect == "quantity":
        return has_quantity_words(text)
    if detect == "tracking-number":
        return _identifier_shown(facts["tracking_number"], text, squeezed, "tracking-number")
    return _identifier_shown(facts["order_id"], text, squeezed, "order-id")


def describe(evidence: Evidence, facts: dict[str, Any]) -> str:
    """How a missing piece of evidence is named in a message."""
    if evidence.detect == "tracking-number" and facts.get("tracking_number"):
        return f"tracking number {facts['tracking_number']}"
    if evidence.detect == "order-id" and facts.get("order_id"):
        return f"order ID {facts['order_id']}"
    if evidence.phrases:
        shown = ", ".join(evidence.phrases[:3])
        return f"{evidence.name} ({shown}{', ...' if len(evidence.phrases) > 3 else ''})"
    return evidence.name


def _dated(kind: ProofKind, text: str, dates: list[tuple[int, int, dt.date]],
           now: dt.date) -> dt.date | None:  # fmt: skip
    """The proof's own date: the first date right after a date label, else the latest date
    that is not in the future (an invoice's due date comes after its issue date)."""
    labels = compile_phrases(kind.date_labels)
    if labels is not None:
        for label in labels.finditer(text):
            after = [d for s, _, d in dates if 0 <= s - label.end() <= 40]
            if after:
                return after[0]
    past = [d for _, _, d in dates if d <= now + dt.timedelta(days=1)]
    if past:
        return max(past)
    return max((d for _, _, d in dates), default=None)


def read_proof(
    kind: ProofKind,
    text: str,
    *,
    tracking_number: str | None,
    order_id: str | None,
    now: dt.date,
    day_first: bool = False,
    shows: Iterable[Evidence] | None = None,
) -> ProofReading:
    """Match ``text`` against ``kind``: what it fails to show, what it shows that it must
    not, its date and its units. ``shows`` replaces ``kind.shows`` (for ``field-shows``)."""
    dates = find_dates(text, day_first=day_first)
    squeezed = squeeze(text)
    facts = {"dates": dates, "tracking_number": tracking_number, "order_id": order_id}
    reading = ProofReading()
    for evidence in kind.shows if shows is None else shows:
        found = (
            _detected(evidence, text, squeezed, facts)
            if evidence.detect
            else bool(find_phrases(evidence, text))
        )
        if not found:
            reading.missing.append(describe(evidence, facts))
    for evidence in kind.never_shows:
        hits = find_phrases(evidence, text)
        if hits:
            reading.forbidden.append((evidence.name, " ".join(hits[0].group().split())))
    reading.date = _dated(kind, text, dates, now)
    reading.units = find_units(text)
    return reading
