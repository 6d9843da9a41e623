"""``check_pattern`` refuses patterns that backtrack catastrophically, and keeps real ones."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticketcheck.checks.placeholder import DEFAULT_PATTERN
from ticketcheck.regex_safety import MAX_PATTERN_CHARS, check_pattern

NESTED = "nested quantifier, like (a+)+ or (\\w+\\s?)+, can take exponential time; make the inner part possessive (a++) or the group atomic (?>...)"
ADJACENT = "two unbounded quantifiers in a row over the same characters, like \\w+\\w+ or .*\\s*, take polynomial time on long text; separate them with a required character"
BRANCHES = "alternation under a quantifier, like (ab|a.)*, has branches that start alike and can take exponential time; make them exclusive"
EMPTY = "a quantified group that can match empty text, like (a*)*, can take exponential time"


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a+)+$", NESTED),
        (r"(\w+\s?)+$", NESTED),
        (r"^(([a-z])+.)+[A-Z]([a-z])+$", NESTED),
        (r"(x+x+)+y", ADJACENT),
        (r"(.*a){20}", NESTED),
        (r"(a{1,100}){1,100}b", NESTED),
        (r"(\s*,\s*\w*)*$", NESTED),
        (r"(a*)*b", EMPTY),
        (r"(ab|a.)*c", BRANCHES),
        (r"(\d|\w{2})*!", BRANCHES),
        (r"(a|a)*b", BRANCHES),
        (r"\w+\w+", ADJACENT),
        (r".*\s*=", ADJACENT),
        (r"(\d+)(\d+)x", ADJACENT),
        (r"\w+\s?\w+", ADJACENT),
    ],
)
def test_catastrophic_patterns_are_refused(pattern, reason):
    assert check_pattern(pattern) == reason


@pytest.mark.parametrize(
    "pattern",
    [
        DEFAULT_PATTERN,
        r"^\d{3}-\d{7}-\d{7}$",
        r"[A-Z0-9]{10}",
        r"\{\{(\w+)\}\}",
        r"\[\[([A-Z_]+)\]\]",
        r"(?i)\b(refund|return)s?\b",
        r"(?:\d{3}-)+",
        r"(?:ab+c)*",
        r"(?:\s*,\s*\w+)*",
        r"(?>a+)+",
        r"(a++)+b",
        r"(a|\w)*!",  # re turns the alternation into one character set
        r"(\w|-)+",
        r"B0[0-9A-Z]{8}",
        r"1Z[0-9A-Z]{16}",
        r"(?:https?|ftp)://\S+",
        r"\d{4}-\d{2}-\d{2}",
        r"(?P<x>a)(?(x)b|c)",
        r"(?<=a)b(?!c)",
        r"[^\s@]+@[^\s@]+\.[a-z]{2,}",
    ],
)
def test_real_patterns_are_accepted(pattern):
    assert check_pattern(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "start"),
    [
        ("[", "invalid regular expression: unterminated character set"),
        ("a{99999999999}", "invalid regular expression: the repetition number is too large"),
        ("(" * 3000 + ")" * 3000, "the pattern is 6,000 characters"),
        ("x" * (MAX_PATTERN_CHARS + 1), "the pattern is 5,001 characters; the limit is 5,000"),
        ("(" * 1200 + ")" * 1200, ""),
    ],
)
def test_invalid_and_oversized_patterns_are_reasons_not_exceptions(pattern, start):
    reason = check_pattern(pattern)
    assert reason is not None and reason.startswith(start)


def test_ambiguous_sets_are_reasons_when_warnings_are_errors():
    # pytest runs with warnings as errors; re's FutureWarning must not escape check_pattern
    assert check_pattern("[[a]") == (
        "ambiguous character set: Possible nested set at position 1; escape the [ or doubled - & ~ |"
    )


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.text(alphabet="ab()[]{}|*+?.\\dws^$,:-=!<>P1&~", max_size=40))
def test_check_pattern_never_raises(pattern):
    reason = check_pattern(pattern)
    if reason is None:
        re.compile(pattern)  # a pattern called safe compiles


def test_ambiguous_sets_are_a_reason_even_where_warnings_are_only_printed(recwarn):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("default")
        reason = check_pattern("[[a]")
    assert reason is not None
    assert reason.startswith("ambiguous character set")
    assert not [w for w in recwarn if issubclass(w.category, FutureWarning)]
