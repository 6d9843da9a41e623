"""``text-length``: a text field is neither too short nor too long.

Counts characters (after trimming) and words. An empty body, a one-line "please help", and
a 3,000-word plan of action all come back from Amazon; Buyer-Seller messages are capped at
2,000 characters.

```yaml
- id: body-length
  check: text-length
  field: body          # subject, body, or a text front-matter key
  min-chars: 100
  max-chars: 2000
  max-words: 1000
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import NonNegativeInt, model_validator

from ..case import Case
from ..findings import Problem
from .base import Check, CheckContext


class TextLength(Check):
    """A text field's length in characters and words is within bounds."""

    SUMMARY = "text length within bounds"

    check: Literal["text-length"]
    field: str = "body"
    min_chars: NonNegativeInt | None = None
    max_chars: NonNegativeInt | None = None
    min_words: NonNegativeInt | None = None
    max_words: NonNegativeInt | None = None

    @model_validator(mode="after")
    def _some_bound(self) -> TextLength:
        bounds = (self.min_chars, self.max_chars, self.min_words, self.max_words)
        if all(bound is None for bound in bounds):
            raise ValueError("give at least one of min-chars, max-chars, min-words, max-words")
        return self

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        text = case.text_field(self.field) or ""
        chars = len(text.strip())
        words = len(text.split())
        name = self.field
        if self.min_chars is not None and chars < self.min_chars:
            yield Problem(
                f"the {name} is {chars} characters; the minimum is {self.min_chars}",
                field=name,
            )
        if self.max_chars is not None and chars > self.max_chars:
            yield Problem(
                f"the {name} is {chars:,} characters; the limit is {self.max_chars:,}",
                field=name,
                start=self._offset_of_char(text, self.max_chars),
            )
        if self.min_words is not None and words < self.min_words:
            yield Problem(
                f"the {name} is {words} words; the minimum is {self.min_words}",
                field=name,
            )
        if self.max_words is not None and words > self.max_words:
            yield Problem(
                f"the {name} is {words:,} words; the limit is {self.max_words:,}",
                field=name,
            )

    @staticmethod
    def _offset_of_char(text: str, count: int) -> int:
        # Point at the first character past the limit, counting from the trimmed start.
        return (len(text) - len(text.lstrip())) + count
