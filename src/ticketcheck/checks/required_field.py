"""``required-field``: a front-matter field is present and well-formed.

``format`` names a built-in validator: ``order-id`` (3-7-7 digits), ``asin``, ``case-id``
(10 digits), ``fba-shipment-id``, ``fnsku``, ``transparency-code``, and tracking numbers
(``tracking-number`` for any carrier, or ``ups``, ``usps``, ``fedex``, ``dhl``,
``amazon-logistics``, ``ontrac``), which verify the carrier's check digit: a bare regex
accepts any 12-digit number as FedEx. A ``tracking-number`` is checked against the case's
``carrier`` when one is given. ``pattern`` is a regular expression the whole value must
match instead. With ``required: false`` the field is only validated when present.

```yaml
- id: order-id
  check: required-field
  field: order_id
  format: order-id
- id: tracking-number
  check: required-field
  field: tracking_number
  format: tracking-number
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import field_validator, model_validator

from ..case import Case
from ..findings import Problem
from ..identifiers import IDENTIFIER_KINDS, check_identifier
from ..tracking import check_tracking
from .base import Check, CheckContext
from .placeholder import is_placeholder

_EXAMPLES = {
    "order_id": "112-4829301-5738201",
    "case_id": '"1234567890"',
    "tracking_number": "1Z5R89390357567127",
    "asin": "B003ZYF3LO",
    "shipment_id": "FBA15G3RJDSS",
    "carrier": "UPS",
}


class RequiredField(Check):
    """A front-matter field is present, and valid for its format."""

    SUMMARY = "a field is present and well-formed (order ID, ASIN, tracking number, case ID ...)"

    check: Literal["required-field"]
    field: str
    format: str | None = None
    pattern: str | None = None
    required: bool = True

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        if value is not None and value not in IDENTIFIER_KINDS:
            raise ValueError(f"unknown format {value!r} (known: {', '.join(IDENTIFIER_KINDS)})")
        return value

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            # Imported here: a rule set read back from the cache is not validated again.
            from ..regex_safety import check_pattern

            reason = check_pattern(value)
            if reason is not None:
                raise ValueError(f"pattern {value[:80]!r}: {reason}")
        return value

    @model_validator(mode="after")
    def _one_rule(self) -> RequiredField:
        if self.format and self.pattern:
            raise ValueError("give format or pattern, not both")
        return self

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        value = _field_value(case, self.field)
        name = self.field
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                example = _EXAMPLES.get(name, "...")
                yield Problem(
                    f"{name} is missing",
                    field=name,
                    hint=f"add '{name}: {example}' to the front matter",
                )
            return
        text = str(value).strip()
        if is_placeholder(text):  # the placeholder rule reports it unless checking templates
            return
        reason: str | None = None
        if self.pattern is not None:
            if re.fullmatch(self.pattern, text) is None:
                reason = f"does not match {self.pattern}"
        elif self.format == "tracking-number":
            reason = check_tracking(text, case.carrier)
        elif self.format is not None:
            reason = check_identifier(self.format, text)
        if reason is not None:
            yield Problem(
                f"{name} {text} is not valid: {reason}",
                field=name,
                start=0,
                end=len(str(value)),
                hint=f"copy {name} again from Seller Central or the carrier",
            )


def _field_value(case: Case, name: str) -> Any:
    if name in Case.model_fields and name not in ("extra", "path", "root", "source"):
        return getattr(case, name)
    return case.extra.get(name)
