"""LazyPattern answers exactly as the compiled pattern would, and compiles on first use."""

from __future__ import annotations

import re

import pytest

from ticketcheck.lazy_pattern import LazyPattern

TEXT = "Order 112-4829301-5738201, then ORDER 113-0000000-0000000."
SOURCE = r"(?P<word>order) (\d{3})-\d{7}-\d{7}"


def test_nothing_is_compiled_until_used() -> None:
    lazy = LazyPattern("(unclosed")  # invalid: compiling it would raise
    assert lazy.pattern == "(unclosed" and lazy.flags == 0
    with pytest.raises(re.error):
        lazy.search("x")


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_every_method_answers_like_re_compile(flags: int) -> None:
    lazy, real = LazyPattern(SOURCE, flags), re.compile(SOURCE, flags)

    def spans(found: re.Match[str] | None) -> tuple[int, int] | None:
        return found.span() if found else None

    assert spans(lazy.search(TEXT)) == spans(real.search(TEXT))
    assert spans(lazy.search(TEXT, 10)) == spans(real.search(TEXT, 10))
    assert spans(lazy.match(TEXT)) == spans(real.match(TEXT))
    assert spans(lazy.match(TEXT, 0, 20)) == spans(real.match(TEXT, 0, 20))
    assert spans(lazy.fullmatch(TEXT[:25])) == spans(real.fullmatch(TEXT[:25]))
    assert [m.span() for m in lazy.finditer(TEXT)] == [m.span() for m in real.finditer(TEXT)]
    assert lazy.findall(TEXT) == real.findall(TEXT)
    assert lazy.sub("#", TEXT) == real.sub("#", TEXT)
    assert lazy.sub(lambda m: m.group("word").upper(), TEXT, 1) == real.sub(
        lambda m: m.group("word").upper(), TEXT, 1
    )
    assert lazy.split(TEXT) == real.split(TEXT)
    assert lazy.compiled is lazy.compiled  # compiled once, then kept
    assert lazy.compiled.flags == real.flags
