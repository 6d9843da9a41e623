"""``attachment-count``: the number of attachments is within the limit.

The Selling Partner API's messages take at most 5 attachments; no limit is published for
cases, so 5 is a default to change, not a fact.

```yaml
- id: attachment-count
  check: attachment-count
  severity: warning
  max: 5
  min: 0
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import NonNegativeInt

from ..case import Case
from ..findings import Problem
from .base import Check, CheckContext


class AttachmentCount(Check):
    """The number of files is within the limit."""

    SUMMARY = "number of files within the limit"

    check: Literal["attachment-count"]
    max: NonNegativeInt | None = 5
    min: NonNegativeInt = 0

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        count = len(case.attachments)
        if self.max is not None and count > self.max:
            yield Problem(
                f"the case has {count} attachments; the limit is {self.max}",
                field="attachments",
                hint="attach only the proofs Amazon asks for, or merge scanned pages into one PDF",
            )
        if count < self.min:
            yield Problem(
                f"the case has {count} attachment{'s' * (count != 1)}; at least {self.min} "
                f"{'is' if self.min == 1 else 'are'} needed",
                field="attachments",
            )
