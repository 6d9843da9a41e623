"""``language``: the text is in an allowed language (English by default).

Non-English wording is one of the commonest reasons a case comes back, and the typical
failure is a half-translated case: one paragraph or one sentence left in Chinese, Spanish
or German. Each offending span is its own finding, located on the sentence (or the run of
non-Latin letters) with the language it looks like, so the seller knows exactly what to
translate. ID-only lines, abbreviations, ALL-CAPS text and short fragments are never judged
on their own, so a correct English case full of order IDs gets no finding.

``allowed`` lists language codes (ISO 639-1); marketplaces that accept more than English
widen it with ``marketplaces:``. ``fields`` names the text fields checked. At most
``max-findings`` (default 20) spans are reported per field, then one finding says there is
more.

```yaml
- id: english-only
  check: language
  allowed: [en]
  fields: [subject, body]
  marketplaces:
    DE: {allowed: [en, de]}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field, PositiveInt, field_validator

from ..case import Case
from ..findings import Problem
from .base import Check, CheckContext

_NAMES = {
    "en": "English", "de": "German", "es": "Spanish", "fr": "French", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "pl": "Polish", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian", "fi": "Finnish", "tr": "Turkish", "cs": "Czech", "ro": "Romanian",
    "hu": "Hungarian", "ga": "Irish", "cy": "Welsh", "la": "Latin", "ms": "Malay",
    "id": "Indonesian", "tl": "Tagalog", "vi": "Vietnamese", "af": "Afrikaans",
    "eo": "Esperanto", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ru": "Russian",
    "uk": "Ukrainian", "el": "Greek", "ar": "Arabic", "he": "Hebrew", "hi": "Hindi",
    "th": "Thai", "bn": "Bengali", "ta": "Tamil",
}


def language_name(code: str) -> str:
    name = _NAMES.get(code)
    return f"{name} ({code})" if name else ("another language" if code == "und" else code)


class Language(Check):
    """The text is in an allowed language; reports each non-English span."""

    SUMMARY = "the text is in an allowed language (English by default); reports the non-English spans"

    check: Literal["language"]
    allowed: list[str] = Field(default_factory=lambda: ["en"], min_length=1)
    fields: list[str] = Field(default_factory=lambda: ["subject", "body"], min_length=1)
    #: Spans reported per field; past it one finding says there is more (a text written
    #: wholly in another language is one problem, not three hundred).
    max_findings: PositiveInt = 20

    @field_validator("allowed")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        for code in value:
            if not (2 <= len(code) <= 3 and code.isalpha()):
                raise ValueError(f"{code!r} is not a language code such as en, de, es")
        return [code.lower() for code in value]

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        from ..language import find_foreign_spans

        allowed = " or ".join(language_name(code).split(" (")[0] for code in self.allowed)
        for name in self.fields:
            text = case.text_field(name)
            if not text:
                continue
            spans = find_foreign_spans(text, self.allowed, limit=self.max_findings + 1)
            for span in spans[: self.max_findings]:
                what = "these letters are" if span.reason == "script" else "this sentence is"
                yield Problem(
                    f"{what} in {language_name(span.language)}, not {allowed}",
                    field=name, start=span.start, end=span.end)
            if len(spans) > self.max_findings:
                rest = spans[self.max_findings]
                yield Problem(
                    f"more of the {name} is not in {allowed}: only the first "
                    f"{self.max_findings} spans are reported",
                    field=name, start=rest.start, end=rest.end,
                    hint=f"translate the whole {name}, then check it again")
