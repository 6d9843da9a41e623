"""``attachment-missing``: every attachment the case names exists and may be read.

A path that does not exist, a folder, a pipe or device, an unreadable file, an absolute
path, a path that climbs out of the checked folder (``../..``) and a symlink pointing outside
it are each a finding; the last three are never opened.

```yaml
- id: attachment-missing
  check: attachment-missing
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..case import Case
from ..findings import Problem
from .base import Check, CheckContext


class AttachmentMissing(Check):
    """Each referenced attachment exists, is readable and stays inside the checked tree."""

    SUMMARY = "a referenced attachment is absent, unreadable, or outside the allowed tree"

    check: Literal["attachment-missing"]

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        for attachment in case.attachments:
            resolved = ctx.store.resolve(attachment)
            if resolved.problem is not None:
                yield Problem(
                    resolved.problem, attachment=attachment.name, hint=resolved.hint or None
                )
