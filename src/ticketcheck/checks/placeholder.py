"""``placeholder``: no template placeholder is left unfilled.

Templates hold ``{{order_id}}``-style placeholders. A case being submitted must have none
left: each one is an error on its exact position. With ``check --templates`` (checking a
template repo), placeholders whose names are declared (in the rule set's ``placeholders``,
the config, or this rule's ``declared``) are accepted, and unknown names are reported with
a did-you-mean, which catches ``{{ordr_id}}`` before it reaches a buyer.

Other placeholder styles are matched by ``patterns``: regular expressions whose first group
is the placeholder's name.

```yaml
- id: placeholder
  check: placeholder
  patterns: ['\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*\\}\\}', '\\[\\[([A-Z_]+)\\]\\]']
  declared: [order_id, buyer_name]
```
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, field_validator

from ..case import Case
from ..findings import Problem
from .base import Check, CheckContext

DEFAULT_PATTERN = r"\{\{\s*([A-Za-z0-9_.-]{1,80})\s*\}\}"
_DEFAULT = re.compile(DEFAULT_PATTERN)


def is_placeholder(value: str) -> bool:
    """Whether a whole field value is a ``{{name}}`` placeholder (a template's field)."""
    return _DEFAULT.fullmatch(value.strip()) is not None


class Placeholder(Check):
    """No unfilled template placeholder is left in a case being submitted."""

    SUMMARY = "no unfilled template placeholder is left in a case being submitted"

    check: Literal["placeholder"]
    patterns: list[str] = Field(default_factory=lambda: [DEFAULT_PATTERN], min_length=1)
    declared: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        from ..regex_safety import check_pattern  # here: a cached rule set is not validated again

        for pattern in patterns:
            reason = check_pattern(pattern)
            if reason is not None:
                raise ValueError(f"pattern {pattern[:80]!r}: {reason}")
            if re.compile(pattern).groups < 1:
                raise ValueError(f"pattern {pattern!r} needs a group ( ) around the name")
        return patterns

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        declared = ctx.placeholders | set(self.declared) | set(ctx.ruleset.placeholders)
        compiled = [re.compile(p) for p in self.patterns]
        for name, text in _text_fields(case):
            for regex in compiled:
                for match in regex.finditer(text):
                    placeholder = match.group(1)
                    where: dict[str, Any] = {"field": name, "start": match.start(), "end": match.end()}
                    if not ctx.templates:
                        yield Problem(
                            f"unfilled placeholder {match.group(0)}",
                            hint=f"replace {match.group(0)} with the real value",
                            **where,
                        )
                    elif placeholder not in declared:
                        guess = difflib.get_close_matches(placeholder, sorted(declared), n=1)
                        did = f" (did you mean '{guess[0]}'?)" if guess else ""
                        yield Problem(
                            f"unknown placeholder {match.group(0)}{did}",
                            hint="fix its name, or declare it under 'placeholders' in the config",
                            **where,
                        )


def _text_fields(case: Case) -> Iterator[tuple[str, str]]:
    yield "subject", case.subject
    yield "body", case.body
    for name in ("order_id", "tracking_number", "carrier", "case_id", "asin", "shipment_id"):
        value = getattr(case, name)
        if isinstance(value, str):
            yield name, value
    for name, value in case.extra.items():
        if isinstance(value, str):
            yield name, value
