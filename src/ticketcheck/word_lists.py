"""The word-list options of the ``sensitive-words`` check, validated on load.

A rule's ``terms``, ``near`` rules, ``exceptions`` and ``words-file`` are checked here, one
entry at a time, so a term the matcher could never find is reported on its own key path
(``rules[3].terms[12].term``) rather than as "the rule is invalid". The check module turns
the validated lists into matchers once per rule object.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .lazy_pattern import LazyPattern
from .wording import PhraseMatcher, Term

__all__ = ["Entry", "Near", "Phrase", "check_phrase", "read_words_file"]

#: The most terms one words file may hold; far above any real list, it stops a mistaken path
#: (a dictionary, a log file) from being compiled into a matcher.
MAX_FILE_TERMS = 200_000


#: Plain words separated by spaces or hyphens: always valid, so thousands of ordinary terms
#: are not parsed twice (here and when the rule's matcher is built).
_PLAIN = LazyPattern(r"[a-z0-9]+(?:'[a-z0-9]+)*(?:[ -]+[a-z0-9]+(?:'[a-z0-9]+)*)*", re.IGNORECASE)


def check_phrase(phrase: str) -> str:
    """``phrase`` if the matcher can find it; ValueError (the matcher's reason) if not."""
    if not _PLAIN.fullmatch(phrase):
        PhraseMatcher([Term(phrase)])  # raises ValueError naming the phrase and what is wrong
    return phrase


#: A word or phrase in the matcher's syntax, validated where it is written.
Phrase = Annotated[str, AfterValidator(check_phrase)]


def _kebab(name: str) -> str:
    # Spelled here, not imported from checks.base: the checks package imports this module.
    return name.replace("_", "-")


class _Options(BaseModel):
    # Built with the first rule that is validated: a rule set from the cache needs none.
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True,
        defer_build=True,
    )


class Entry(_Options):
    """One term of a list: a plain string in YAML, or an object with its own wording."""

    term: Phrase
    message: str | None = None
    hint: str | None = None
    suggest: tuple[str, ...] = ()
    source: str | None = None
    #: None: the rule's ``inflect`` applies.
    inflect: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value: Any) -> Any:
        return {"term": value} if isinstance(value, str) else value

    @field_validator("suggest", mode="before")
    @classmethod
    def _one_suggestion(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value


class Near(_Options):
    """Two word lists close together in one sentence: meaning that no single word carries."""

    left: list[Phrase] = Field(min_length=1)
    right: list[Phrase] = Field(min_length=1)
    #: How many words may stand between the two.
    within: int = Field(default=6, ge=0, le=50)
    #: The left word must come first ("remove ... review", not "review ... removed").
    ordered: bool = False
    inflect: bool = False
    #: Words that, standing between the two, show they are not related ("update *you* once
    #: the review is done").
    not_between: list[Phrase] = Field(default_factory=list)
    message: str | None = None
    hint: str | None = None
    source: str | None = None


def read_words_file(value: str) -> tuple[str, ...]:
    """The terms of a words file; ValueError saying what is wrong (shown as file:line).

    One term per line; blank lines and lines starting with ``#`` are skipped, and `` #``
    starts a comment after a term. The path is absolute or relative to the current directory.
    """
    path = Path(os.path.expanduser(value))
    try:
        stat = path.stat()
    except OSError as exc:
        raise ValueError(f"cannot read words file '{value}': {exc.strerror or exc}") from None
    if not path.is_file():
        raise ValueError(f"words file '{value}' is not a file")
    return _read_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size, value)


@functools.lru_cache(maxsize=32)
def _read_cached(path: str, mtime_ns: int, size: int, shown: str) -> tuple[str, ...]:
    # Keyed on mtime and size: validation and compilation read the file once between them,
    # and an edited file is read again.
    del mtime_ns, size
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"cannot read words file '{shown}': {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"words file '{shown}' is not UTF-8 text") from None
    terms: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        term = line.split(" #", 1)[0].strip()
        if not term or term.startswith("#"):
            continue
        try:
            check_phrase(term)
        except ValueError as exc:
            raise ValueError(f"{shown}:{number}: {exc}") from None
        terms.append(term)
        if len(terms) > MAX_FILE_TERMS:
            raise ValueError(f"words file '{shown}' has more than {MAX_FILE_TERMS:,} terms")
    if not terms:
        raise ValueError(f"words file '{shown}' holds no terms")
    return tuple(terms)
