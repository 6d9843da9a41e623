"""``field-agreement``: the text agrees with the front matter about an order, a parcel, a
carrier or an earlier case.

A case whose body quotes a different order ID from its front matter (a template filled for
one order and pasted into another) is answered about the wrong order, or not at all. This
check finds every value of ``field``'s kind in the case's texts and reports each one that
differs from the front matter's, located on it. Values compare as carriers print them:
tracking numbers without spaces or dashes, carriers by name (``Federal Express`` is
``FedEx``).

``field`` is one of ``order_id``, ``tracking_number`` (only numbers of the case's carrier
are looked for when one is given), ``case_id`` (a 10-digit number written shortly after
the word "case"), ``carrier`` (UPS, USPS, FedEx, DHL, Amazon Logistics, OnTrac...).

``require`` says what else must hold: ``none`` (the default: only disagreement is
reported); ``in-text`` (when the field is set, the text must name the same value too);
``anywhere`` (the field is set, or the text names one; for "the response names the
carrier"). Whether a follow-up cites an earlier case at all is the ``follow-up`` check's
business; this one checks that the case ID it cites is the front matter's.

```yaml
- id: order-id-agrees
  check: field-agreement
  field: order_id
- id: carrier-named
  check: field-agreement
  field: carrier
  require: anywhere
```
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Literal

from pydantic import Field

from ..case import Case
from ..findings import Problem
from ..identifiers import find_identifiers
from ..tracking import carrier_name, normalize_tracking
from ..tracking_formats import CARRIER_LABELS
from .base import Check, CheckContext
from .placeholder import is_placeholder

Found = list[tuple[int, int, str]]

_LABELS = {
    "order_id": "order ID",
    "tracking_number": "tracking number",
    "case_id": "case ID",
    "carrier": "carrier",
}
_EXAMPLES = {
    "order_id": "112-4829301-5738201",
    "tracking_number": "1Z5R89390357567127",
    "case_id": '"1234567890"',
    "carrier": "UPS",
}
# Acronyms in capitals only ("ups and downs" is not a carrier); names in any case. Plain
# "Amazon" is left out: every case mentions Amazon.
_CARRIERS = re.compile(
    r"(?<![\w-])(?:UPS|USPS|DHL|AMZL|(?i:fed[ -]?ex|federal express|united parcel service"
    r"|united states postal service|u\.s\. postal service|amazon logistics|amazon shipping"
    r"|ontrac|lasership|dhl express|dhl ecommerce))(?![\w-])"
)
_CASE_WORD = re.compile(r"(?i:\bcase\b)[^\n0-9]{0,25}$")


def _order_ids(text: str, case: Case) -> Found:
    return find_identifiers("order-id", text)


def _case_ids(text: str, case: Case) -> Found:
    # Any 10-digit number may be a phone number: count only those written after "case".
    return [
        f
        for f in find_identifiers("case-id", text)
        if _CASE_WORD.search(text, max(0, f[0] - 40), f[0])
    ]


def _tracking_numbers(text: str, case: Case) -> Found:
    carrier = carrier_name(case.carrier) if case.carrier else None
    found = find_identifiers(carrier or "tracking-number", text)
    # An order ID or a cited case ID can look like a tracking number of some carrier.
    taken = _merged((s, e) for s, e, _ in _order_ids(text, case) + _case_ids(text, case))
    starts = [s for s, _ in taken]
    # Sorted, merged spans and a bisection: a 2 MB case with thousands of IDs stays linear.
    return [f for f in found if not _overlaps(taken, starts, f[0], f[1])]


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    index = bisect.bisect_left(starts, end) - 1  # the last span starting before ``end``
    return index >= 0 and spans[index][1] > start


def _carriers(text: str, case: Case) -> Found:
    return [(m.start(), m.end(), m.group()) for m in _CARRIERS.finditer(text)]


_FINDERS: dict[str, Callable[[str, Case], Found]] = {
    "order_id": _order_ids,
    "tracking_number": _tracking_numbers,
    "case_id": _case_ids,
    "carrier": _carriers,
}


def _same(field: str, a: str, b: str) -> bool:
    if field == "tracking_number":
        return normalize_tracking(a) == normalize_tracking(b)
    if field == "carrier":
        return (carrier_name(a) or a.lower()) == (carrier_name(b) or b.lower())
    return a.strip().upper() == b.strip().upper()


def _shown(field: str, value: str) -> str:
    if field == "carrier":
        canonical = carrier_name(value)
        return CARRIER_LABELS.get(canonical, value) if canonical else value
    return value


class FieldAgreement(Check):
    """The IDs and carrier named in the text agree with the front matter."""

    SUMMARY = (
        "the order ID, tracking number, carrier or case ID in the text agree with the front matter"
    )

    check: Literal["field-agreement"]
    field: Literal["order_id", "tracking_number", "case_id", "carrier"]
    texts: tuple[str, ...] = Field(default=("subject", "body"), min_length=1)
    require: Literal["none", "in-text", "anywhere"] = "none"

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        name = self.field
        label = _LABELS[name]
        raw = case.text_field(name)
        value = raw.strip() if raw and raw.strip() else None
        if value is not None and ctx.templates and is_placeholder(value):
            return
        mentioned = False
        for text_name in self.texts:
            text = case.text_field(text_name)
            if not text:
                continue
            for start, end, found in _FINDERS[name](text, case):
                if value is None or _same(name, found, value):
                    mentioned = True
                    continue
                yield Problem(
                    f"the {text_name} names {label} {_shown(name, found)}; the front matter "
                    f"says {_shown(name, value)}",
                    field=text_name,
                    start=start,
                    end=end,
                    hint=f"use one {label}: correct the {text_name} or the front matter's {name}",
                )
        where = " and ".join(self.texts)
        if self.require == "in-text" and value is not None and not mentioned:
            verb = "does" if len(self.texts) == 1 else "do"
            yield Problem(
                f"the {where} {verb} not name {label} {_shown(name, value)}",
                field=self.texts[-1],
                hint=f"write the {label} in the text: reviewers read the text, not the front matter",
            )
        elif self.require == "anywhere" and value is None and not mentioned:
            yield Problem(
                f"no {label} is named, neither in the front matter nor in the {where}",
                field=name,
                hint=f"add '{name}: {_EXAMPLES[name]}' to the front matter, or name it in the text",
            )
