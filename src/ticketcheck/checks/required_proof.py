"""``required-proof``: the proofs the category needs are attached, and each reads like what
it claims to be.

A case declares what each attachment is meant to be (``proof: proof-of-delivery`` in its
``attachments`` list). The rule names the proof the category needs (``proof``), or
alternatives of which one is enough (``any-of``). A missing proof is a finding on
``attachments`` that says what to attach. An attachment that declares no proof counts too
when its content matches: proofs are recognized by content, not by file name.

Each declared proof is then read and matched against its kind (see the README's "Proofs" section and
``ticketcheck.proofs``): a proof of delivery must show delivery wording ("delivered",
"signed by"), a date and the case's tracking number (spaces ignored); an invoice must show
the supplier, an address, the buyer, a date and quantities, and none of the words of a
quote, pro forma or purchase order. A file that does not match ("pod.pdf does not mention
tracking number 1Z...") is a finding on the attachment; so is a proof older than
``max-age-days`` (relative to the check's ``now``). When ``min-units`` is set, an invoice
showing fewer units in total is a warning (the minimum is community advice, not Amazon's
word). The ``tracking`` proof can also be given by a valid ``tracking_number`` field when
the case's text says the parcel was delivered.

PDF text is read from the first ``max-pages`` pages, at most ``max-chars`` characters.
Photos, scans and PDFs without a text layer cannot be verified here (there is no OCR): that
is said as a warning, never an error.

Options: ``proof`` or ``any-of`` (one is required); ``max-age-days`` and ``min-units``
(override the kind's); ``verify-content`` (default true); ``max-pages`` (default 5);
``max-chars`` (default 50000); ``kinds`` (override fields of a kind, or add a kind, keyed
by its name, with the keys ``label``, ``shows``, ``never-shows``, ``date-labels``,
``max-age-days``, ``min-units``, ``image-only``, ``field``, ``field-shows``, ``hint``).

```yaml
- id: pod-required
  check: required-proof
  any-of: [proof-of-delivery, tracking]
- id: invoice-required
  check: required-proof
  proof: invoice
  max-age-days: 180
  min-units: 10
  kinds:
    invoice:
      date-labels: [invoice date, rechnungsdatum]
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, PositiveInt, PrivateAttr, model_validator

from ..case import Attachment, Case
from ..findings import Problem, Severity
from ..proof_text import ProofText, read_text
from ..proofs import ProofKind, ProofReading, read_proof, resolve_kinds
from ..tracking import check_tracking
from .base import Check, CheckContext


class RequiredProof(Check):
    """The proofs a category needs are attached, and each looks like what it claims to be."""

    SUMMARY = "the proofs the category needs are attached, and each looks like what it claims to be"

    check: Literal["required-proof"]
    proof: str | None = None
    any_of: list[str] | None = Field(default=None, min_length=1)
    max_age_days: PositiveInt | None = None
    min_units: PositiveInt | None = None
    verify_content: bool = True
    max_pages: PositiveInt = 5
    max_chars: PositiveInt = 50_000
    kinds: dict[str, dict[str, Any]] = Field(default_factory=dict)

    _kinds: dict[str, ProofKind] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _proofs_known(self) -> RequiredProof:
        if (self.proof is None) == (self.any_of is None):
            raise ValueError("give proof or any-of (exactly one)")
        self._kinds = resolve_kinds(self.kinds)
        for name in self.names:
            if name not in self._kinds:
                guess = difflib.get_close_matches(name, list(self._kinds), n=1)
                did = f" (did you mean {guess[0]!r}?)" if guess else ""
                known = ", ".join(sorted(self._kinds))
                raise ValueError(f"unknown proof {name!r}{did}; known: {known}")
        return self

    @property
    def names(self) -> list[str]:
        return [self.proof] if self.proof is not None else list(self.any_of or ())

    def kind(self, name: str) -> ProofKind:
        kind = self._kinds[name]
        update: dict[str, Any] = {}
        if self.max_age_days is not None:
            update["max_age_days"] = self.max_age_days
        if self.min_units is not None:
            update["min_units"] = self.min_units
        return kind.model_copy(update=update) if update else kind

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        if ctx.templates:
            return  # a template has no evidence yet: its cases will be checked when filled
        satisfied = False
        field_notes: list[str] = []
        for name in self.names:
            kind = self.kind(name)
            for attachment in case.attachments:
                if attachment.proof != name:
                    continue
                satisfied = True
                if self.verify_content:
                    yield from self._verify(attachment, name, kind, case, ctx)
            if kind.field is not None and not satisfied:
                note = _field_stands_in(kind, case, ctx)
                if note is None:
                    satisfied = True
                elif note:
                    field_notes.append(note)
        if satisfied or self._found_by_content(case, ctx):
            return
        yield self._missing(case, field_notes)

    def _found_by_content(self, case: Case, ctx: CheckContext) -> bool:
        """Whether an attachment that declares no proof reads like one of ours."""
        for attachment in case.attachments:
            if attachment.proof is not None:
                continue
            for name in self.names:
                kind = self.kind(name)
                if kind.image_only:
                    continue
                text = self._text(attachment, ctx)
                if text.text and _read(kind, text.text, case, ctx).matches:
                    return True
        return False

    def _missing(self, case: Case, field_notes: list[str]) -> Problem:
        labels = [self.kind(name).label for name in self.names]
        message = f"no {' or '.join(labels)} attached"
        if field_notes:
            message += "; " + "; ".join(field_notes)
        hints = [self.kind(name).hint for name in self.names if self.kind(name).hint]
        hint = "; or ".join(hints)
        for attachment in case.attachments:
            declared = attachment.proof
            if declared is not None and declared not in self._kinds:
                guess = difflib.get_close_matches(declared, self.names, n=1, cutoff=0.3)
                if guess:
                    hint = f"{attachment.name} says 'proof: {declared}'; write '{guess[0]}'"
                    break
        return Problem(message, field="attachments", hint=hint or None)

    def _text(self, attachment: Attachment, ctx: CheckContext) -> ProofText:
        return read_text(attachment, ctx.store, self.max_pages, self.max_chars)

    def _verify(
        self, attachment: Attachment, name: str, kind: ProofKind, case: Case, ctx: CheckContext
    ) -> Iterator[Problem]:
        file = attachment.name
        text = self._text(attachment, ctx)
        if text.skip:
            return  # attachment-missing reports a file that is absent or may not be opened
        if kind.image_only:
            if text.format not in _PICTURES:
                yield Problem(
                    f"{file} is {_a(text.format)} file, not a photo",
                    attachment=file,
                    hint=kind.hint or None,
                )
            return
        if text.unverified is not None:
            yield Problem(
                f"{file} {text.unverified}; its content could not be verified as {_a(kind.label)}",
                attachment=file,
                hint=f"check by eye that it shows {_shows(kind)}",
                severity=self._lowered(),
            )
            return
        reading = _read(kind, text.text, case, ctx)
        yield from self._mismatch(file, name, kind, reading, text, case, ctx)

    def _mismatch(
        self,
        file: str,
        name: str,
        kind: ProofKind,
        reading: ProofReading,
        text: ProofText,
        case: Case,
        ctx: CheckContext,
    ) -> Iterator[Problem]:
        if reading.missing:
            if len(reading.missing) == 1 and reading.missing[0].startswith(_IDENTIFIERS):
                message = f"{file} does not mention {reading.missing[0]}; is this the right file?"
            else:
                message = f"{file} does not read like {_a(kind.label)}: it shows no " + _or(
                    reading.missing
                )
                other = self._looks_like(name, text.text, case, ctx)
                if other is not None:
                    message += f"; it reads like {_a(other)}"
            yield Problem(message, attachment=file, hint=kind.hint or None)
        for evidence, said in reading.forbidden:
            yield Problem(
                f"{file} says '{said}': {evidence} is not {_a(kind.label)}",
                attachment=file,
                hint=kind.hint or None,
            )
        today = ctx.now.date()
        if kind.max_age_days is not None and reading.date is not None:
            age = (today - reading.date).days
            if age > kind.max_age_days:
                yield Problem(
                    f"{file} is dated {reading.date.isoformat()}, {age} days ago; "
                    f"{_a(kind.label)} must be at most {kind.max_age_days} days old",
                    attachment=file,
                    hint=f"attach a more recent {kind.label}",
                )
        if kind.min_units is not None:
            yield from self._units(file, kind, reading, text)

    def _units(
        self, file: str, kind: ProofKind, reading: ProofReading, text: ProofText
    ) -> Iterator[Problem]:
        minimum = kind.min_units or 0
        if reading.units is None:
            where = " in the pages read" if text.truncated else ""
            yield Problem(
                f"{file}: no quantities could be read{where}; at least {minimum} units "
                "are expected",
                attachment=file,
                hint=f"check that the {kind.label} shows at least {minimum} units",
                severity=self._lowered(),
            )
        elif reading.units < minimum:
            yield Problem(
                f"{file} shows {reading.units} units in all; at least {minimum} are expected",
                attachment=file,
                hint="the minimum is community advice; read the exact number in the "
                "approval request's apply panel",
                severity=self._lowered(),
            )

    def _looks_like(self, name: str, text: str, case: Case, ctx: CheckContext) -> str | None:
        """The label of another kind whose every requirement ``text`` meets, if any."""
        for other, kind in self._kinds.items():
            if other == name or kind.image_only or not kind.shows:
                continue
            if _read(kind, text, case, ctx).matches:
                return kind.label
        return None

    def _lowered(self) -> Severity:
        """Warning, or the rule's own severity if that is lower."""
        if self.severity.rank < Severity.WARNING.rank:
            return self.severity
        return Severity.WARNING


# A missing identifier alone means the file is a real proof, but maybe of another parcel.
_IDENTIFIERS = ("tracking number ", "order ID ")
_PICTURES = frozenset({"jpeg", "png", "gif", "webp", "tiff", "bmp", "jp2", "heic", "avif", "pdf"})


def _read(kind: ProofKind, text: str, case: Case, ctx: CheckContext) -> ProofReading:
    return read_proof(
        kind,
        text,
        tracking_number=case.tracking_number,
        order_id=case.order_id,
        now=ctx.now.date(),
        day_first=case.marketplace.upper() not in ("US", "CA"),
    )


def _field_stands_in(kind: ProofKind, case: Case, ctx: CheckContext) -> str | None:
    """None when ``kind.field`` stands in for the proof; else why not ("" if it is unset)."""
    name = kind.field or ""
    value = case.text_field(name) if name else None
    if not value or not value.strip():
        return ""
    if name == "tracking_number":
        reason = check_tracking(value, case.carrier)
        if reason is not None:
            return f"{name} {value.strip()} is not valid: {reason}"
    text = f"{case.subject}\n{case.body}"
    reading = read_proof(
        kind, text, tracking_number=None, order_id=None, now=ctx.now.date(),
        shows=kind.field_shows,
    )  # fmt: skip
    if reading.missing:
        return f"{name} {value.strip()} is given, but the text shows no {_or(reading.missing)}"
    return None


def _shows(kind: ProofKind) -> str:
    return _join([evidence.name for evidence in kind.shows], "and")


def _or(items: list[str]) -> str:
    return _join(items, "or")


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _a(noun: str) -> str:
    # "an invoice", "a utility bill": a leading "u" or "eu" sounding like "you" takes "a".
    vowel = noun[:1].lower() in "aeio" or (noun[:1].lower() == "u" and not noun.lower().startswith(("uti", "uni", "use", "usu")))
    return ("an " if vowel else "a ") + noun
