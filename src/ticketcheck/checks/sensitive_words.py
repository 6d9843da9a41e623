"""``sensitive-words``: words, phrases and patterns (e-mails, phone numbers, links) that must
not appear.

Amazon blocks buyer messages that ask for a positive review, offer something for one, carry
an e-mail address or an outside link; reviewers reject appeals that threaten or blame. Each
finding sits on the exact words as written (a field and offsets in it), quotes them and says
why: ``'5-star' asks for a positive review``, with the entry's suggestion in the hint.

Matching is by whole words, after folding what a sender uses to slip past a filter: case,
full-width and styled letters, accents, invisible characters, Cyrillic and Greek look-alike
letters. A phrase's words may be split by spaces, line breaks, hyphens or quotes, not by a
full stop. ``five star`` also finds ``5-star`` and ``5★``. ``refund*`` finds every word that
begins with ``refund``; ``inflect: true`` finds ``reviews``/``reviewed``/``reviewing`` for
``review``, which otherwise finds ``review`` alone.

Options (all optional, but a rule needs at least one of the first four):

- ``terms``: words and phrases. Each is a string or ``{term, message, hint, suggest,
  source, inflect}``: ``message`` says why the term is a problem (it follows the quoted words;
  default: the rule's ``reason``), ``suggest`` one or more better wordings (the hint says
  "say '...' instead"), ``source`` a link shown in the hint.
- ``near``: meaning carried by two words: ``{left: [...], right: [...], within: 6,
  ordered: false, inflect: false, not-between: [...], message, hint, source}`` finds a left
  word at most ``within`` words from a right word in the same sentence (``ordered``: left
  first). A ``not-between`` word standing between them cancels the pair: "update *you* once
  the review is done" is not a request to update a review.
- ``patterns``: contact details and markup: ``email``, ``phone``, ``url``, ``html``,
  ``emoji``. ``allowed-domains`` (default: Amazon's and the carriers' sites; ``amazon.*``
  is Amazon in every country) are links that may appear; ``allowed-phones`` are numbers that
  may (a carrier's or manufacturer's support line), compared by their digits. E-mails, phone
  numbers and links are also found when written with full-width or invisible characters.
- ``words-file``: a UTF-8 file of more terms, one per line, ``#`` for comments; an absolute
  path or one relative to the current directory. A missing file is a rule-set error.
- ``exceptions``: phrases in which a term is fine: with ``exceptions: [a-to-z guarantee]``
  the term ``guarantee`` is not reported inside "A-to-z Guarantee claim".
- ``reason``: the message for entries without their own (default: "is on the list of
  words to avoid"); ``inflect``: the default for entries that do not say; ``fields``: the
  text fields to read (default ``[subject, body]``).

Finds of one rule that overlap (``percent off`` and ``your next purchase`` in "15 percent
off your next purchase") are reported once, on all their words. The list is compiled once, when the rule set is loaded: thousands of
terms cost a few dictionary look-ups per word of the case.

```yaml
- id: review-bias
  check: sensitive-words
  severity: error
  reason: asks for a positive review
  hint: ask every buyer for an honest review, in neutral words
  terms:
    - positive review
    - {term: five star, suggest: share your experience}
  near:
    - left: [remove, change, update, revise, delete]
      right: [review, feedback]
      within: 4
      ordered: true
      not-between: [you, once, after]
      message: asks the buyer to change a review
- id: contact-details
  check: sensitive-words
  patterns: [email, phone, url]
  allowed-domains: [amazon.*, ups.com, usps.com]
```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, Literal, NamedTuple

from pydantic import Field, PrivateAttr, field_validator, model_validator

from ..case import Case
from ..contact_patterns import (
    DEFAULT_ALLOWED_DOMAINS,
    Span,
    find_emails,
    find_emoji,
    find_html,
    find_phones,
    find_urls,
)
from ..findings import Problem
from ..word_lists import Entry, Near, Phrase, read_words_file
from ..wording import Match, Normalized, PhraseMatcher, Term, find_near, normalize
from .base import Check, CheckContext

PatternKind = Literal["email", "phone", "url", "html", "emoji"]

_PATTERN_WORDING: dict[str, tuple[str, str]] = {
    "email": ("is an e-mail address", "remove it"),
    "phone": ("is a phone number", "remove it, or add it to allowed-phones if it may appear"),
    "url": ("", "link only to allowed sites, or add the site to allowed-domains"),
    "html": ("is HTML markup", "write plain text"),
    "emoji": ("is an emoji", "remove it"),
}
#: Detectors that an invisible or full-width character can blind; run on the folded text too.
_FOLDABLE = ("email", "phone", "url")
_SPACES = re.compile(r"\s+")
_SHOWN_MAX = 60


class _Hit(NamedTuple):
    start: int
    end: int
    why: str
    hint: str | None


class _CompiledNear(NamedTuple):
    spec: Near
    left: PhraseMatcher
    right: PhraseMatcher
    not_between: PhraseMatcher | None


class _Compiled:
    """The matchers built from a rule's options: derived state, kept out of comparisons."""

    def __init__(self) -> None:
        self.matcher: PhraseMatcher | None = None
        #: Per term of the matcher: why it is reported and the hint, worded once.
        self.wording: tuple[tuple[str, str | None], ...] = ()
        self.near: tuple[_CompiledNear, ...] = ()
        self.exceptions: PhraseMatcher | None = None

    def __eq__(self, other: object) -> bool:
        # Two rules with equal options compile alike; pydantic compares private attributes,
        # and matchers compare by identity, so without this a rule would not equal its copy.
        return isinstance(other, _Compiled)

    __hash__ = object.__hash__


class SensitiveWords(Check):
    """Words, phrases and patterns that must not appear in a case's text."""

    SUMMARY = "words, phrases and patterns (e-mails, phone numbers, links) that must not appear"

    check: Literal["sensitive-words"]
    terms: list[Entry] = Field(default_factory=list)
    near: list[Near] = Field(default_factory=list)
    patterns: list[PatternKind] = Field(default_factory=list)
    allowed_domains: list[str] = Field(default_factory=lambda: list(DEFAULT_ALLOWED_DOMAINS))
    allowed_phones: list[str] = Field(default_factory=list)
    words_file: str | None = None
    exceptions: list[Phrase] = Field(default_factory=list)
    reason: str = "is on the list of words to avoid"
    inflect: bool = False
    fields: list[str] = Field(default_factory=lambda: ["subject", "body"], min_length=1)

    _compiled: _Compiled = PrivateAttr(default_factory=_Compiled)

    @field_validator("words_file")
    @classmethod
    def _readable(cls, value: str | None) -> str | None:
        if value is not None:
            read_words_file(value)  # ValueError: the rule set reports it on this key
        return value

    @field_validator("allowed_phones")
    @classmethod
    def _has_digits(cls, value: list[str]) -> list[str]:
        for phone in value:
            if sum(c.isdigit() for c in phone) < 5:
                raise ValueError(f"'{phone}' is not a phone number")
        return value

    @model_validator(mode="after")
    def _something_to_find(self) -> SensitiveWords:
        if not (self.terms or self.near or self.patterns or self.words_file):
            raise ValueError("give at least one of terms, near, patterns, words-file")
        return self

    def files_read(self) -> tuple[str, ...]:
        return (self.words_file,) if self.words_file else ()

    def model_post_init(self, context: Any) -> None:
        # Compiled once per rule object: a rule set is loaded (and cached) once per process,
        # so thousands of terms are parsed once, not once per case.
        compiled = self._compiled = _Compiled()
        extra = read_words_file(self.words_file) if self.words_file else ()
        entries = (*self.terms, *(Entry(term=t) for t in extra))
        if entries:
            compiled.matcher = PhraseMatcher(
                [Term(e.term, self.inflect if e.inflect is None else e.inflect) for e in entries]
            )
        compiled.wording = tuple(
            (e.message or self.reason, self._hint(e.hint, e.suggest, e.source)) for e in entries
        )
        compiled.near = tuple(
            _CompiledNear(
                n,
                PhraseMatcher([Term(t, n.inflect) for t in n.left]),
                PhraseMatcher([Term(t, n.inflect) for t in n.right]),
                PhraseMatcher([Term(t) for t in n.not_between]) if n.not_between else None,
            )
            for n in self.near
        )
        if self.exceptions:
            compiled.exceptions = PhraseMatcher([Term(t) for t in self.exceptions])

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        for name in dict.fromkeys(self.fields):
            text = case.text_field(name)
            if not text:
                continue
            key = ("normalize", text)
            norm = ctx.memo.get(key)
            if norm is None:
                norm = ctx.memo[key] = normalize(text)
            for hit in self._word_hits(norm):
                yield Problem(
                    f"{_quote(text[hit.start : hit.end])} {hit.why}",
                    field=name,
                    start=hit.start,
                    end=hit.end,
                    hint=hit.hint,
                )
            for span in self._pattern_spans(text, norm):
                yield self._pattern_problem(name, text, span)

    # --- words ---------------------------------------------------------------------------

    def _word_hits(self, norm: Normalized) -> list[_Hit]:
        compiled = self._compiled
        excepted = compiled.exceptions.find(norm) if compiled.exceptions else []
        hits: list[_Hit] = []
        if compiled.matcher is not None:
            wording = compiled.wording
            for m in compiled.matcher.find(norm):
                if not excepted or not _inside(m, excepted):
                    hits.append(_Hit(m.start, m.end, *wording[m.term_index]))
        for near in compiled.near:
            hits.extend(self._near_hits(norm, near, excepted))
        return _merged(hits)

    def _near_hits(
        self, norm: Normalized, compiled: _CompiledNear, excepted: Sequence[Match]
    ) -> Iterator[_Hit]:
        spec = compiled.spec
        pairs = find_near(norm, compiled.left, compiled.right, spec.within, ordered=spec.ordered)
        if not pairs:
            return
        blockers = compiled.not_between.find(norm) if compiled.not_between else []
        for pair in pairs:
            if _inside(pair.left, excepted) or _inside(pair.right, excepted):
                continue
            gap_start = min(pair.left.end, pair.right.end)
            gap_end = max(pair.left.start, pair.right.start)
            if any(gap_start <= b.start and b.end <= gap_end for b in blockers):
                continue
            hint = self._hint(spec.hint, (), spec.source)
            yield _Hit(pair.start, pair.end, spec.message or self.reason, hint)

    def _hint(self, hint: str | None, suggest: Sequence[str], source: str | None) -> str | None:
        parts = [hint or self.hint]
        if suggest:
            parts.append("say " + " or ".join(f"'{s}'" for s in suggest) + " instead")
        if source and source != self.source:
            parts.append(f"see {source}")
        shown = "; ".join(p for p in parts if p)
        return shown or None

    # --- contact details and markup --------------------------------------------------------

    def _pattern_spans(self, text: str, norm: Normalized) -> list[Span]:
        spans: list[Span] = []
        for kind in dict.fromkeys(self.patterns):
            found = self._detect(kind, text)
            if kind in _FOLDABLE and not text.isascii():
                # A zero-width space or full-width letters hide an address from the detectors;
                # the folded text has neither. Only spans that were actually disguised are
                # taken from it (folding loses the case the link detector relies on), and such
                # a span replaces the visible pieces of it found in the original.
                for span in self._detect(kind, norm.text):
                    start, end = norm.span(span.start, span.end)
                    if text[start:end].isascii():
                        continue
                    found = [s for s in found if not (start < s.end and s.start < end)]
                    found.append(Span(start, end, span.kind, span.value))
            spans.extend(found)
        if "email" in self.patterns:
            # "name@shop.example.com" is one e-mail address, not an address and a link.
            emails = [s for s in spans if s.kind == "email"]
            spans = [
                s
                for s in spans
                if s.kind != "url" or not any(e.start <= s.start < e.end for e in emails)
            ]
        if self.allowed_phones:
            spans = [s for s in spans if s.kind != "phone" or not self._phone_allowed(s.value)]
        return sorted(spans)

    def _detect(self, kind: str, text: str) -> list[Span]:
        if kind == "email":
            return find_emails(text)
        if kind == "phone":
            return find_phones(text)
        if kind == "url":
            return find_urls(text, self.allowed_domains)
        if kind == "html":
            return find_html(text)
        return find_emoji(text)

    def _phone_allowed(self, value: str) -> bool:
        digits = "".join(c for c in value if c.isdigit())
        for allowed in self.allowed_phones:
            other = "".join(c for c in allowed if c.isdigit())
            short, long_ = sorted((digits, other), key=len)
            # "1-800-742-5877" and "800-742-5877" are one number with and without the
            # country code; seven digits is the shortest local number compared that way.
            if short == long_ or (len(short) >= 7 and long_.endswith(short)):
                return True
        return False

    def _pattern_problem(self, name: str, text: str, span: Span) -> Problem:
        what, hint = _PATTERN_WORDING[span.kind]
        if span.kind == "url":
            bare = text[span.start : span.end].lower() == span.value
            what = "is a link to a site that is not allowed" if bare else (
                f"links to {span.value}, which is not an allowed site"
            )
        return Problem(
            f"{_quote(text[span.start : span.end])} {what}",
            field=name,
            start=span.start,
            end=span.end,
            hint=self.hint or hint,
        )


def _quote(found: str) -> str:
    if not found.isascii():
        # Invisible characters would make the message look like it quotes the wrong words.
        found = "".join(c for c in found if unicodedata.category(c) != "Cf")
    shown = _SPACES.sub(" ", found).strip()
    if len(shown) > _SHOWN_MAX:
        cut = shown[: _SHOWN_MAX - 1]
        if " " in cut[_SHOWN_MAX // 2 :]:
            cut = cut[: cut.rindex(" ")]  # end on a whole word
        shown = cut.rstrip() + "…"
    return f"'{shown}'"


def _inside(m: Match, spans: Sequence[Match]) -> bool:
    return any(s.start <= m.start and m.end <= s.end for s in spans)


def _merged(hits: list[_Hit]) -> list[_Hit]:
    """One hit per run of overlapping hits, spanning them all, worded as its first (longest).

    "15 percent off your next purchase" holds three marketing terms; one finding on the whole
    phrase reads better than three on its overlapping pieces.
    """
    out: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            if hit.end > out[-1].end:
                out[-1] = out[-1]._replace(end=hit.end)
            continue
        out.append(hit)
    return out
