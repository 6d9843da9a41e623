"""``required-section``: the text holds the sections the category needs, each long enough.

An Account Health plan of action must answer three things, in Amazon's own words: the
root cause, the actions already taken to resolve the issue, and the steps taken to prevent
it. Appeals that skip one, or answer it in a line, come back asking for "greater detail".

A section starts at a heading whose text names it: a Markdown heading (``## Root cause``),
a bold line (``**Corrective actions**``), or a label line (``Root cause:``, ``1) Preventive
measures:``, with or without text after the colon). Without such a heading, a section
starts at the first of its ``phrases`` in the text ("the root cause of", "to prevent
this"). It runs to the next section's start or the next heading of any kind. A section
that is not found is a finding on the field; one shorter than its ``min-words`` is a
finding located at its heading.

Options: ``field`` (default ``body``); ``sections``: a list of ``{name, headings, phrases,
min-words, hint}``. ``headings`` are matched as whole words inside a heading's text (a
plural ``s`` is allowed); ``phrases`` anywhere in the text. The default sections are the
plan of action's: root cause (40 words), corrective actions and preventive measures (30
words each; the numbers are our inference, not Amazon's).

```yaml
- id: poa-sections
  check: required-section
  sections:
    - name: root cause
      headings: [root cause, cause, what happened, why it happened]
      phrases: [the root cause, was caused by]
      min-words: 40
    - name: corrective actions
      headings: [corrective action, actions taken, immediate action]
      min-words: 30
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from ..case import Case
from ..findings import Problem
from ..lazy_pattern import LazyPattern
from ..proofs import compile_phrases
from .base import Check, CheckContext, kebab


class Section(BaseModel):
    """One section the text must hold: how it is recognized and how long it must be."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=kebab, populate_by_name=True,
        defer_build=True,  # built with the rule that uses it
    )

    name: str = Field(min_length=1)
    headings: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    min_words: NonNegativeInt = 0
    hint: str = ""


PLAN_OF_ACTION = (
    Section(
        name="root cause",
        headings=("root cause", "cause", "what happened", "why it happened", "reason"),
        phrases=("the root cause", "root cause", "the cause of", "this happened because",
                 "the issue occurred because"),
        min_words=40,
        hint="explain specifically why the problem happened (which process failed, and how)",
    ),
    Section(
        name="corrective actions",
        headings=("corrective action", "actions taken", "action taken", "immediate action",
                  "actions we have taken", "steps taken to resolve", "resolution"),
        phrases=("we have taken the following actions", "to resolve this", "we have already",
                 "we immediately"),
        min_words=30,
        hint="list what you have already done to fix this (in the past tense: removed, "
        "refunded, audited)",
    ),
    Section(
        name="preventive measures",
        headings=("preventive measure", "preventative measure", "prevention", "preventive action",
                  "preventative action", "steps to prevent", "future prevention", "going forward"),
        phrases=("to prevent this", "to ensure this does not happen", "going forward",
                 "in the future"),
        min_words=30,
        hint="list the lasting changes that keep this from happening again",
    ),
)  # fmt: skip

# A line that is a heading of any kind: Markdown, bold, or a short label ending in ':'.
_MARKDOWN = LazyPattern(r"[ \t]{0,3}#{1,6}[ \t]+(.{1,200})")
_BOLD = LazyPattern(r"[ \t]*(?:\*\*|__)(.{1,200}?)(?:\*\*|__)[ \t]*:?[ \t]*")
_LABEL = LazyPattern(
    r"[ \t]*(?:[-*>][ \t]+)?(?:\*\*|__)?(?:(?:step[ \t]+)?\d{1,2}[.):][ \t]*)?"
    r"([A-Za-z][^:\n]{0,60}):(?:\*\*|__)?(.*)",
    re.IGNORECASE,
)
_NUMBERED = LazyPattern(r"[ \t]*(?:step[ \t]+)?\d{1,2}[.)][ \t]+([A-Za-z][^\n]{0,60})", re.I)
_WORD = LazyPattern(r"\w[\w'’-]*")


class _Heading(NamedTuple):
    start: int  # offset of the line
    end: int  # end of the heading's own text
    title: str
    body_start: int  # where the section's words begin
    label: bool  # a "Label: text" line: only a heading if it names a section


def _headings(text: str) -> list[_Heading]:
    found: list[_Heading] = []
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        for pattern, label in ((_MARKDOWN, False), (_BOLD, False), (_LABEL, True)):
            match = pattern.fullmatch(line)
            if match is None:
                continue
            title = match.group(1).strip().strip("*_#:").strip()
            rest = match.group(2) if label else ""
            # "Label:" alone on its line is a heading; "Order ID: 123" only if it names one.
            body_start = end - len(rest) if rest.strip() else end
            found.append(_Heading(offset, offset + match.end(1), title, body_start,
                                  label and bool(rest.strip())))  # fmt: skip
            break
        else:
            numbered = _NUMBERED.fullmatch(line)
            if numbered is not None and len(numbered.group(1).split()) <= 6:
                found.append(_Heading(offset, end, numbered.group(1), end, True))
        offset = end + 1
    return found


def _sentence_start(phrases: tuple[str, ...], text: str) -> re.Match[str] | None:
    """The first of ``phrases`` that starts a sentence or a line: a phrase in mid-sentence
    ("... to resolve this quickly") does not open a section."""
    pattern = compile_phrases(phrases)
    if pattern is None:
        return None
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 200) : match.start()]
        stripped = before.rstrip(" \t*_-•>")
        if not stripped or stripped.endswith(("\n", ".", "!", "?", ":")):
            return match
    return None


class RequiredSection(Check):
    """The text contains the sections the category needs, each long enough."""

    SUMMARY = (
        "the text contains the sections the category needs "
        "(e.g. root cause, corrective actions, preventive measures)"
    )

    check: Literal["required-section"]
    field: str = "body"
    sections: tuple[Section, ...] = Field(default=PLAN_OF_ACTION, min_length=1)

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        text = case.text_field(self.field) or ""
        headings = _headings(text)
        starts: dict[str, tuple[int, int, int, bool]] = {}  # name -> (start, end, body, heading)
        claimed: set[int] = set()
        for section in self.sections:
            pattern = compile_phrases(section.headings)
            for heading in headings:
                if (
                    pattern is not None
                    and heading.start not in claimed
                    and pattern.search(heading.title)
                ):
                    claimed.add(heading.start)
                    starts[section.name] = (heading.start, heading.end, heading.body_start, True)
                    break
        for section in self.sections:
            if section.name in starts:
                continue
            match = _sentence_start(section.phrases, text)
            if match is not None:
                starts[section.name] = (match.start(), match.end(), match.start(), False)
        # A section ends where the next one starts, or at the next heading of any kind.
        bounds = sorted({s[0] for s in starts.values()} | {
            h.start for h in headings if not h.label or h.start in claimed
        })  # fmt: skip
        for section in self.sections:
            where = starts.get(section.name)
            if where is None:
                yield Problem(
                    f"the {self.field} has no {section.name} section",
                    field=self.field,
                    hint=f"add a section headed '{section.name.capitalize()}:'"
                    + (f"; {section.hint}" if section.hint else ""),
                )
                continue
            start, end, body_start, _ = where
            stop = next((b for b in bounds if b > start), len(text))
            words = len(_WORD.findall(text[body_start:stop]))
            if words < section.min_words:
                yield Problem(
                    f"the {section.name} section is {words} word{'' if words == 1 else 's'}; at least "
                    f"{section.min_words} are expected",
                    field=self.field,
                    start=start,
                    end=end,
                    hint=section.hint or f"say more in the {section.name} section",
                )
