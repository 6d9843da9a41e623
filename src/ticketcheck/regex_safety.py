"""Whether a user-written regular expression can take exponential (or long polynomial) time.

Rule sets hold regular expressions (``pattern:`` of ``required-field``, ``patterns:`` of
``placeholder``, the patterns of ``sensitive-words``) that run on text from anywhere. Python's
``re`` backtracks, so ``(a+)+$`` on thirty ``a``\\s and a ``!`` runs for minutes. Such a
pattern is refused when the rule set loads, with the reason, rather than hanging a check.

``check_pattern`` walks the pattern as ``re`` itself parsed it (``re._parser``: the parse
tree is what the matcher runs, after ``re``'s own rewrites such as ``a|b`` -> ``[ab]``, so
the analysis sees what will really backtrack; the module is private but has had the same
shape since Python 2, and ``sre_parse`` is only its deprecated alias). It reports:

* a nested quantifier whose inner and outer repetitions can trade characters, ``(a+)+``,
  ``(\\w+\\s?)+``, ``(a*)*``: exponential;
* an alternation under a quantifier whose branches can start with the same character,
  ``(ab|a.)*``, ``(\\d|\\w{2})*``: exponential (``re`` itself turns ``(a|\\w)`` into a set);
* two unbounded quantifiers in a row over overlapping characters, ``\\w+\\w+``,
  ``.*\\s*=``: polynomial, but cubic on a 100,000-character line is hours.

Character sets are compared on a sample alphabet (ASCII and a few letters, digits and spaces
beyond it), which is exact for the ASCII-heavy patterns rule sets hold, and errs towards
reporting. Atomic groups and possessive quantifiers (``(?>...)``, ``a++``) never backtrack
into, so they are the fix the messages suggest.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]  # private: see the docstring
from re import _parser  # type: ignore[attr-defined]  # private: see the docstring
from typing import Any

__all__ = ["MAX_PATTERN_CHARS", "check_pattern"]

#: A longer pattern is refused outright: ``re`` parses it recursively, and no placeholder or
#: field format needs it (a word list belongs in ``words:``, not one alternation).
MAX_PATTERN_CHARS = 5000
#: A bounded repetition up to this many times is treated as bounded; above it, as unbounded.
_SMALL_REPEAT = 16

_SAMPLE = tuple(chr(i) for i in range(128)) + tuple("éßÅЖΩ中あ١\u00a0\u2003\u2028")
_ALL = frozenset(_SAMPLE)


def check_pattern(pattern: str) -> str | None:
    """None if ``pattern`` is safe to run on hostile text, else why not (one line)."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"the pattern is {len(pattern):,} characters; the limit is {MAX_PATTERN_CHARS:,}"
    from .inspection import WARNINGS_LOCK  # catch_warnings is process-wide: one holder at a time

    try:
        with WARNINGS_LOCK, warnings.catch_warnings():
            # `[[` or `--` in a set is a FutureWarning from re: a reason here, not stderr noise.
            warnings.simplefilter("error", FutureWarning)
            re.compile(pattern)  # what the parse tree does not check (look-behind widths ...)
            parsed = _parser.parse(pattern)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    except (RecursionError, OverflowError, ValueError) as exc:  # (((( nested, a{10**20}
        return f"invalid regular expression: {exc}"
    except FutureWarning as exc:
        return f"ambiguous character set: {exc}; escape the [ or doubled - & ~ |"
    try:
        return _Walker(pattern, parsed.state.flags).sequence(list(parsed))
    except RecursionError:
        return "the pattern is nested too deeply"


@dataclass(frozen=True)
class _Repeat:
    """A variable repetition met inside a quantified body: may it start or end the body?"""

    chars: frozenset[str]
    at_start: bool
    at_end: bool


class _Walker:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.ignorecase = bool(flags & re.IGNORECASE)

    # -- the checks -------------------------------------------------------------------

    def sequence(self, items: list[Any]) -> str | None:
        """Check every node of a sequence, and adjacent quantifiers within it."""
        for op, av in items:
            reason = self.node(op, av)
            if reason:
                return reason
        return self._adjacent(items)

    def node(self, op: Any, av: Any) -> str | None:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            _low, high, body = av
            reason = self.sequence(list(body))
            if reason is None and (high == sre.MAXREPEAT or high > _SMALL_REPEAT):
                reason = self._quantified(list(body))
            return reason
        for child in _children(op, av):
            reason = self.sequence(child)
            if reason:
                return reason
        return None

    def _quantified(self, body: list[Any]) -> str | None:
        """The body of an unbounded repetition: can two iterations split text two ways?"""
        if _nullable(body):
            return "a quantified group that can match empty text, like (a*)*, can take exponential time"
        first, last = self.first(body), self.last(body)
        for inner in self._repeats(body, True, True):
            if (
                (inner.at_start and inner.at_end)
                or (inner.at_end and inner.chars & first)
                or (inner.at_start and inner.chars & last)
            ):
                return (
                    "nested quantifier, like (a+)+ or (\\w+\\s?)+, can take exponential time; "
                    "make the inner part possessive (a++) or the group atomic (?>...)"
                )
        return self._overlapping_branches(body)

    def _overlapping_branches(self, items: list[Any]) -> str | None:
        for op, av in items:
            if op is sre.BRANCH:
                branches = [list(b) for b in av[1]]
                seen: frozenset[str] = frozenset()
                empty = False
                for branch in branches:
                    starts = self.first(branch)
                    if starts & seen or (empty and _nullable(branch)):
                        return (
                            "alternation under a quantifier, like (ab|a.)*, has branches that "
                            "start alike and can take exponential time; make them exclusive"
                        )
                    seen |= starts
                    empty = empty or _nullable(branch)
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT, sre.ATOMIC_GROUP):
                continue  # their own check covers them, or they never backtrack
            for child in _children(op, av):
                reason = self._overlapping_branches(child)
                if reason:
                    return reason
        return None

    def _adjacent(self, items: list[Any]) -> str | None:
        """Two unbounded quantifiers over shared characters with only optional parts between."""
        previous: frozenset[str] | None = None
        for op, av in _inline_groups(items):
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] == sre.MAXREPEAT:
                chars = self.first(list(av[2])) | self.last(list(av[2]))
                if previous is not None and previous & chars:
                    return (
                        "two unbounded quantifiers in a row over the same characters, like "
                        "\\w+\\w+ or .*\\s*, take polynomial time on long text; "
                        "separate them with a required character"
                    )
                previous = chars if previous is None or av[0] > 0 else previous | chars
            elif not _nullable([(op, av)]):
                previous = None
        return None

    def _repeats(self, items: list[Any], at_start: bool, at_end: bool) -> list[_Repeat]:
        """Variable repetitions inside ``items``, with whether each can start/end the text."""
        found: list[_Repeat] = []
        for index, (op, av) in enumerate(items):
            start = at_start and _nullable(items[:index])
            end = at_end and _nullable(items[index + 1 :])
            if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                low, high, body = av
                if high != low:
                    chars = self.first(list(body)) | self.last(list(body))
                    found.append(_Repeat(chars, start, end))
                found += self._repeats(list(body), start, end)
            elif op is sre.SUBPATTERN:
                found += self._repeats(list(av[-1]), start, end)
            elif op is sre.BRANCH:
                for branch in av[1]:
                    found += self._repeats(list(branch), start, end)
        return found

    # -- character sets ---------------------------------------------------------------

    def first(self, items: list[Any]) -> frozenset[str]:
        chars: frozenset[str] = frozenset()
        for op, av in items:
            chars |= self._starts(op, av, self.first)
            if not _nullable([(op, av)]):
                break
        return chars

    def last(self, items: list[Any]) -> frozenset[str]:
        chars: frozenset[str] = frozenset()
        for op, av in reversed(items):
            chars |= self._starts(op, av, self.last)
            if not _nullable([(op, av)]):
                break
        return chars

    def _starts(self, op: Any, av: Any, side: Any) -> frozenset[str]:
        if op is sre.LITERAL:
            return self._fold(frozenset({chr(av)}))
        if op is sre.NOT_LITERAL:
            return _ALL - self._fold(frozenset({chr(av)}))
        if op is sre.ANY:
            return _ALL
        if op is sre.IN:
            return self._set(av)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            return frozenset(side(list(av[2])))
        if op is sre.SUBPATTERN:
            return frozenset(side(list(av[-1])))
        if op is sre.ATOMIC_GROUP:
            return frozenset(side(list(av)))
        if op is sre.BRANCH:
            return frozenset().union(*(side(list(b)) for b in av[1]))
        if op is sre.GROUPREF_EXISTS:
            return frozenset(side(list(av[1]))) | (side(list(av[2])) if av[2] else frozenset())
        if op in (sre.GROUPREF, sre.GROUPREF_IGNORE):
            return _ALL  # a backreference repeats whatever the group matched
        return frozenset()  # anchors and lookarounds match no character

    def _set(self, items: Any) -> frozenset[str]:
        negate = False
        chars: set[str] = set()
        for op, av in items:
            if op is sre.NEGATE:
                negate = True
            elif op is sre.LITERAL:
                chars.add(chr(av))
            elif op is sre.RANGE:
                low, high = av
                chars.update(c for c in _SAMPLE if low <= ord(c) <= high)
            elif op is sre.CATEGORY:
                chars.update(c for c in _SAMPLE if _in_category(c, av))
        folded = self._fold(frozenset(chars))
        return _ALL - folded if negate else folded

    def _fold(self, chars: frozenset[str]) -> frozenset[str]:
        if not self.ignorecase:
            return chars
        return (
            chars | {c.lower() for c in chars} | {c.upper() for c in chars if len(c.upper()) == 1}
        )


_CATEGORIES: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdecimal,
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
    "CATEGORY_LINEBREAK": lambda c: c == "\n",
}


def _in_category(char: str, category: Any) -> bool:
    name = str(category)
    negated = name.startswith("CATEGORY_NOT_")
    test = _CATEGORIES.get(name.replace("CATEGORY_NOT_", "CATEGORY_").replace("UNI_", ""))
    if test is None:  # an unknown category: assume it may hold anything
        return True
    return bool(test(char)) != negated


def _nullable(items: list[Any]) -> bool:
    """Whether the sequence can match the empty string."""
    for op, av in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            if av[0] > 0 and not _nullable(list(av[2])):
                return False
        elif op is sre.SUBPATTERN:
            if not _nullable(list(av[-1])):
                return False
        elif op is sre.ATOMIC_GROUP:
            if not _nullable(list(av)):
                return False
        elif op is sre.BRANCH:
            if not any(_nullable(list(b)) for b in av[1]):
                return False
        elif op is sre.GROUPREF_EXISTS:
            if not (_nullable(list(av[1])) or av[2] is None or _nullable(list(av[2]))):
                return False
        elif op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            return False
        # anchors, lookarounds and backreferences (a group may be empty) can match empty
    return True


def _inline_groups(items: list[Any]) -> list[Any]:
    """``(\\w+)(\\w+)`` reads as ``\\w+\\w+``: a group does not separate what it holds."""
    flat: list[Any] = []
    for op, av in items:
        if op is sre.SUBPATTERN:
            flat += _inline_groups(list(av[-1]))
        else:
            flat.append((op, av))
    return flat


def _children(op: Any, av: Any) -> list[list[Any]]:
    """The sub-sequences of a node, for walking the whole tree."""
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return [list(av[2])]
    if op is sre.SUBPATTERN:
        return [list(av[-1])]
    if op is sre.ATOMIC_GROUP:
        return [list(av)]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(av[1])]
    if op is sre.BRANCH:
        return [list(b) for b in av[1]]
    if op is sre.GROUPREF_EXISTS:
        return [list(av[1])] + ([list(av[2])] if av[2] else [])
    return []
