"""The limits on what one case file may make ticketcheck do, and their defaults.

A case file comes from anywhere: a helpdesk export, a template somebody pasted a photo into,
a file crafted to hurt. Each limit below bounds one thing such a file can inflate, with a
default far above any real case, so that reading and checking one case stays within about
a second and a few hundred MB whatever it holds. Going over a limit is never an error of
ticketcheck: the ``case-file`` check reports it with its line, and says what to do.

The config can raise them (``CaseLimits(max_bytes=...)``) for a team whose cases are big.
"""

from __future__ import annotations

from typing import NamedTuple

#: A case file larger than this is not parsed (a template is a few KB): every check is
#: linear, and at 1 MB the slowest case measured (language, tracking numbers) takes 3 s.
MAX_CASE_BYTES = 1024 * 1024
#: The YAML part of a case (its front matter, or the whole of a YAML/JSON case file).
#: PyYAML is pure Python and reads about half a MB a second; front matter is a few lines.
MAX_FRONT_MATTER_CHARS = 256 * 1024
#: Nesting of the front matter's YAML (lists in mappings in lists ...); a case has 3 levels.
MAX_FRONT_MATTER_DEPTH = 16
#: One line of text. A long paragraph is a few thousand characters; a longer line is a
#: pasted image (``data:`` URI) or a minified export, and slows every text check.
MAX_LINE_CHARS = 100_000
#: Attachments listed in one case (Amazon takes a handful per message).
MAX_ATTACHMENTS = 100


class CaseLimits(NamedTuple):
    """Limits applied while loading one case file (see the module's docstring)."""

    max_bytes: int = MAX_CASE_BYTES
    max_front_matter_chars: int = MAX_FRONT_MATTER_CHARS
    max_depth: int = MAX_FRONT_MATTER_DEPTH
    max_line_chars: int = MAX_LINE_CHARS
    max_attachments: int = MAX_ATTACHMENTS


def first_long_line(text: str, limit: int) -> tuple[int, int] | None:
    """``(line number, length)`` of the first line of ``text`` longer than ``limit``."""
    if len(text) <= limit:
        return None
    start = 0
    number = 1
    while True:
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        if stop - start > limit:
            return number, stop - start
        if end < 0:
            return None
        start = end + 1
        number += 1
