"""``attachment-size``: each attachment, and all of them together, are under the limit.

Amazon's upload forms refuse files over 10 MB (Seller Identity Verification and Buyer-Seller
Messaging say so; no limit is published for cases, so 10 MB is the default, not a fact). The
size comes from the file system: a 2 GB file gets its verdict without being read. Sizes are
decimal: 1 MB is 1,000,000 bytes, the stricter reading of Amazon's "10 MB".

```yaml
- id: attachment-size
  check: attachment-size
  max-mb: 10            # per file
  max-total-mb: 25      # optional: all attachments together
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import PositiveFloat

from ..case import Case
from ..findings import Problem
from .base import Check, CheckContext

MB = 1_000_000


def megabytes(size: int) -> str:
    """``12345678`` -> ``12.3 MB``."""
    return f"{size / MB:.1f} MB"


class AttachmentSize(Check):
    """Each file, and the total, is under the size limit."""

    SUMMARY = "each file, and the total, under the limit"

    check: Literal["attachment-size"]
    max_mb: PositiveFloat = 10
    max_total_mb: PositiveFloat | None = None

    def read_limit(self) -> int | None:
        # Files over the limit are reported from their size alone, never read.
        return int(self.max_mb * MB)

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        limit = int(self.max_mb * MB)
        total = 0
        for attachment in case.attachments:
            size = ctx.store.resolve(attachment).size
            if size is None:
                continue  # attachment-missing says why
            total += size
            if size > limit:
                yield Problem(
                    f"{attachment.name} is {megabytes(size)}; the limit is {self.max_mb:g} MB",
                    attachment=attachment.name,
                    hint="compress it (a scan at 150-200 dpi is legible) or split it into two files",
                )
        if self.max_total_mb is not None and total > self.max_total_mb * MB:
            yield Problem(
                f"the attachments total {megabytes(total)}; the limit is {self.max_total_mb:g} MB",
                field="attachments",
                hint="leave out files Amazon did not ask for, or compress the largest",
            )
