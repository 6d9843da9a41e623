"""Find contact details and markup that Amazon blocks in buyer messages.

E-mail addresses, phone numbers, links to sites other than Amazon and the carriers, HTML
and emoji (domain.md §6). Each detector returns ``Span(start, end, kind, value)`` on the
original text. They are tuned to be exact rather than eager: an order ID, a tracking number,
a case ID, a date or a price is never a phone number, and ``invoice.pdf`` is never a link.

Every detector runs in linear time. No regex here has competing unbounded quantifiers; the
detectors anchor on ``@``, ``://``, ``<`` and the like and scan a bounded distance, so one
100 KB "word" costs one pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from .lazy_pattern import LazyPattern

__all__ = [
    "DEFAULT_ALLOWED_DOMAINS",
    "Span",
    "domain_allowed",
    "find_contacts",
    "find_emails",
    "find_emoji",
    "find_html",
    "find_phones",
    "find_urls",
]

Kind = Literal["email", "phone", "url", "html", "emoji"]


class Span(NamedTuple):
    """What was found at ``[start, end)`` and its canonical ``value``.

    ``value`` is the lower-cased address for ``email``, ``+`` and digits for ``phone``, the
    lower-cased host for ``url``, and the text itself for ``html`` and ``emoji``.
    """

    start: int
    end: int
    kind: Kind
    value: str


# --- e-mail ----------------------------------------------------------------------------

_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
_AT = LazyPattern(r"[@＠﹫]|[\[({] ?at ?[\])}]", re.IGNORECASE)  # "name [at] example.com" too
_DOT = LazyPattern(r" ?[\[({] ?dot ?[\])}] ?", re.IGNORECASE)


def _label_ok(label: str) -> bool:
    return (
        0 < len(label) <= 63
        and label[0] != "-"
        and label[-1] != "-"
        and label.replace("-", "").isalnum()
    )


def _scan_domain(text: str, i: int) -> tuple[int, list[str]]:
    """Labels of a dotted domain starting at ``i`` (``.`` or ``[dot]``); returns (end, labels)."""
    labels: list[str] = []
    end = i
    while len(labels) < 127:
        j = i
        while j < len(text) and j - i < 64 and (text[j].isalnum() or text[j] == "-"):
            j += 1
        if j == i:
            break
        if j - i == 64 and j < len(text) and (text[j].isalnum() or text[j] == "-"):
            return end, []  # a label longer than DNS allows: not a domain
        labels.append(text[i:j])
        end = j
        if text.startswith(".", j) and j + 1 < len(text) and text[j + 1].isalnum():
            i = j + 1
        elif dot := _DOT.match(text, j):
            i = dot.end()
        else:
            break
    return end, labels


def _is_domain(labels: list[str]) -> bool:
    return (
        len(labels) >= 2
        and all(map(_label_ok, labels))
        and labels[-1].isalpha()
        and len(labels[-1]) >= 2
    )


def find_emails(text: str) -> list[Span]:
    """E-mail addresses, including ``name (at) example [dot] com`` spellings."""
    out: list[Span] = []
    for m in _AT.finditer(text):
        at, after = m.start(), m.end()
        if m.group().lower().strip("[](){} ") == "at":  # spaced forms: skip one space each side
            at -= text[at - 1 : at] == " "
        i = at
        while i > 0 and at - i <= 64 and (text[i - 1] in _LOCAL or text[i - 1].isalnum()):
            i -= 1
        if at - i > 64:
            continue  # longer than any real local part: a blob, not an address
        while i < at and not text[i].isalnum():
            i += 1  # quotes and dots around the address are not part of it
        if i == at:
            continue
        end, labels = _scan_domain(
            text, after + (text[after : after + 1] == " " and m.group() != "@")
        )
        if _is_domain(labels):
            out.append(Span(i, end, "email", f"{text[i:at].rstrip()}@{'.'.join(labels)}".lower()))
    return out


# --- phone numbers ---------------------------------------------------------------------

# A run of digit groups joined by phone separators. Every repetition consumes a digit or a
# separator that must be followed by a digit, so the run is matched without backtracking.
_PHONE_RUN = LazyPattern(
    r"[(+]{0,2}\d(?:\d|[ \u00a0\u2009\u202f.\-\u2010-\u2013/()]{1,3}(?=[\d(+]))*"
)
_GROUP = LazyPattern(r"\d+")
_DATE = LazyPattern(r"\d{1,2}([./-])\d{1,2}\1(?:\d{2}|\d{4})|\d{4}([./-])\d{1,2}\2\d{1,2}")


@dataclass
class _Chunk:
    groups: list[str]  # digit groups glued by "-", ".", "/" or parentheses
    starts: list[int]
    ends: list[int]
    plus: bool  # written with a leading "+"
    parens: list[bool]  # group i is in parentheses
    dots: bool
    text: str

    @property
    def digits(self) -> int:
        return sum(map(len, self.groups))

    @property
    def identifier(self) -> bool:
        """Glued or long: an order ID, date, ZIP+4 or case ID that a phone cannot continue."""
        return len(self.groups) > 1 or self.digits >= 7


def _chunks(run: str, base: int) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    prev = 0
    for m in _GROUP.finditer(run):
        sep, after = run[prev : m.start()], run[m.end() : m.end() + 3]
        paren = "(" in sep and ")" in after.split(" ")[0]
        if not chunks or any(c.isspace() for c in sep):
            chunks.append(_Chunk([], [], [], "+" in sep, [], False, ""))
        c = chunks[-1]
        c.dots |= "." in sep and bool(c.groups)
        c.groups.append(m.group())
        c.starts.append(base + m.start() - (1 if "+" in sep[-2:] and not c.starts else 0))
        c.ends.append(base + m.end())
        c.parens.append(paren)
        prev = m.end()
    for c in chunks:
        c.text = run[c.starts[0] - base : c.ends[-1] - base]
    return chunks


def _window(chunks: list[_Chunk], i: int, limit: int) -> tuple[int, int]:
    """Take whole chunks from ``i`` while their digits stay within ``limit``: (end, digits)."""
    j, total = i, 0
    while (
        j < len(chunks)
        and not _DATE.fullmatch(chunks[j].text)
        and total + chunks[j].digits <= limit
    ):
        total += chunks[j].digits
        j += 1
    return j, total


def _phone_at(chunks: list[_Chunk], i: int) -> int:
    """End chunk of a phone number that starts at chunk ``i``, or ``i`` if none does."""
    first = chunks[i]
    g0 = first.groups[0]
    if _DATE.fullmatch(first.text):
        return i
    # After "00" comes a country code, and none starts with 0: "000..." is a GTIN or SSCC.
    leading = "".join(g for c in chunks[i : i + 3] for g in c.groups)[:3]
    if first.plus or (
        g0.startswith("00") and leading[2:3] not in ("", "0") and not first.parens[0]
        and (len(g0) > 2 or len(chunks) > i + 1)
    ):
        j, total = _window(chunks, i, 15 if first.plus else 17)  # E.164: 15 digits after + or 00
        total -= 2 * (not first.plus) + sum(
            g == "0" and p for c in chunks[i:j] for g, p in zip(c.groups, c.parens, strict=True)
        )
        return j if 8 <= total <= 15 else i
    groups: list[str] = []
    for j in range(i, min(i + 4, len(chunks))):
        groups += chunks[j].groups
        shape = [len(g) for g in groups]
        if shape == [3, 3, 4] or (shape == [1, 3, 3, 4] and groups[0] == "1"):
            parens = [p for c in chunks[i : j + 1] for p in c.parens]
            area = len(groups) - 3
            if not any(p for k, p in enumerate(parens) if k != area):
                return j + 1
        if len(groups) >= 4:
            break
    if g0.startswith("0") and not g0.startswith("00") and 2 <= len(g0) <= 5:
        j, total = _window(chunks, i, 12)
        groups = [g for c in chunks[i:j] for g in c.groups]
        dotted = any(c.dots for c in chunks[i:j])
        if (
            total >= 9
            and 2 <= len(groups) <= 5
            and (not dotted or [len(g) for g in groups] == [2] * 5)
        ):
            return j
    return i


def find_phones(text: str) -> list[Span]:
    """Phone numbers in international and common national formats."""
    out: list[Span] = []
    for m in _PHONE_RUN.finditer(text):
        chunks = _chunks(m.group(), m.start())
        i = 0
        if m.start() > 0 and text[m.start() - 1].isalnum():
            i = 1  # the run starts inside a word such as an ASIN: that chunk is not a phone
        if m.end() < len(text) and text[m.end()].isalnum():
            chunks.pop()  # the run runs into a word: its last chunk belongs to that word
        while i < len(chunks):
            j = _phone_at(chunks, i)
            if j > i and (j == len(chunks) or chunks[j].identifier or _phone_at(chunks, j) > j):
                start, end = chunks[i].starts[0], chunks[j - 1].ends[-1]
                if chunks[i].parens[0] and not chunks[i].plus:
                    start -= 1
                digits = "".join(g for c in chunks[i:j] for g in c.groups)
                out.append(Span(start, end, "phone", ("+" if text[start] == "+" else "") + digits))
                i = j
            elif chunks[i].identifier:
                i += 1
            else:
                break  # a short group that is not a phone: part of a longer number (tracking)
    return out


# --- links -----------------------------------------------------------------------------

DEFAULT_ALLOWED_DOMAINS: tuple[str, ...] = (
    "amazon.*", "amzn.to", "amzn.com", "a.co", "ups.com", "usps.com", "fedex.com", "dhl.com",
    "dhl.de", "royalmail.com", "canadapost.ca", "auspost.com.au", "ontrac.com", "laposte.fr"
)
_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "sftp", "hxxp", "hxxps"})
_GTLDS = frozenset({
    "com", "net", "org", "info", "biz", "edu", "gov", "mil", "int", "io", "co", "app", "shop",
    "store", "online", "site", "xyz", "top", "club", "live", "tech", "dev", "page", "blog",
    "link", "click", "email", "website", "space", "life", "world", "today", "news", "agency",
    "company", "services", "solutions", "digital", "global", "group", "support", "help", "center",
    "market", "deals", "sale"
})
# Country codes that are also English words or file extensions: "shipped.it", "notes.md".
_AMBIGUOUS_CC = frozenset({
    "am", "an", "as", "at", "be", "by", "do", "go", "he", "hi", "id", "if", "in", "is", "it",
    "me", "my", "no", "of", "on", "or", "pm", "so", "to", "us", "we", "ai", "md", "pl", "ps",
    "py", "rs", "sh"
})
_SUFFIX_2LD = frozenset({"co", "com", "net", "org", "ac", "gov", "ne", "or"})
_RUN = LazyPattern(r"\S+")
_URL_TAIL = ".,;:!?'\"]}>*"


def domain_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Whether ``host`` is, or is a subdomain of, an allowed domain.

    ``name.*`` allows ``name`` under any public suffix (``amazon.com``, ``amazon.co.uk``,
    ``sellercentral.amazon.de``) but not ``amazon.evil.com``.
    """
    labels = host.lower().rstrip(".").split(".")
    for pattern in allowed:
        pattern = pattern.lower().removeprefix("*.")
        if pattern.endswith(".*"):
            name = pattern[:-2]
            for k, label in enumerate(labels):
                suffix = labels[k + 1 :]
                if label == name and (
                    (len(suffix) == 1 and (suffix[0] in _GTLDS or len(suffix[0]) == 2))
                    or (len(suffix) == 2 and suffix[0] in _SUFFIX_2LD and len(suffix[1]) == 2)
                ):
                    return True
        elif ".".join(labels) == pattern or ".".join(labels).endswith("." + pattern):
            return True
    return False


def _url_in_run(run: str) -> tuple[int, int, str] | None:
    """(start, end, host) of the first link in a whitespace-free run, or None."""
    low = run.lower()
    sep = low.find("://")
    if sep > 0:
        s = sep
        while s > 0 and sep - s < 6 and low[s - 1].isalpha():
            s -= 1
        if low[s:sep] not in _SCHEMES:
            return None
        host_at, bare = sep + 3, False
        userinfo = run.find("@", host_at)
        if userinfo != -1 and "/" not in run[host_at:userinfo]:
            host_at = userinfo + 1
    else:
        s = low.find("www.")
        if s > 0 and (low[s - 1].isalnum() or low[s - 1] == "@"):
            s = -1
        if s == -1:
            s = len(run) - len(run.lstrip("([{<\"'*"))
        host_at, bare = s, not low.startswith("www.", s)
    end, labels = _scan_domain(run, host_at)
    if not _is_domain(labels) or (end < len(run) and run[end] == "@"):
        return None
    path = end < len(run) and run[end] in "/?#:"
    tld = labels[-1]
    if (
        bare
        and not path
        and (
            (tld.lower() not in _GTLDS and len(tld) != 2)
            or tld.lower() in _AMBIGUOUS_CC
            or tld.istitle()  # "shipped.It was": a missing space, not a domain
        )
    ):
        return None
    if bare and path and tld.lower() not in _GTLDS and len(tld) != 2:
        return None
    if path:
        end, opens, closes = len(run), run.count("(", s), run.count(")", s)
        # Trailing punctuation ends the sentence, not the link; a ")" too, unless the link
        # opened it: "(see https://x.com/a_(b))".
        while run[end - 1] in _URL_TAIL or (run[end - 1] == ")" and closes > opens):
            closes -= run[end - 1] == ")"
            end -= 1
    return s, end, ".".join(labels).lower()


def find_urls(text: str, allowed_domains: Iterable[str] = DEFAULT_ALLOWED_DOMAINS) -> list[Span]:
    """Links and bare domains (``www.x.com``, ``x.com/path``) whose host is not allowed."""
    allowed = tuple(allowed_domains)
    out: list[Span] = []
    for m in _RUN.finditer(text):
        found = _url_in_run(m.group())
        if found and not domain_allowed(found[2], allowed):
            out.append(Span(m.start() + found[0], m.start() + found[1], "url", found[2]))
    return out


# --- HTML and emoji --------------------------------------------------------------------

_TAGS = frozenset({
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "big", "blockquote",
    "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure",
    "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li",
    "link", "main", "map", "mark", "meta", "nav", "noscript", "object", "ol", "optgroup",
    "option", "p", "picture", "pre", "q", "s", "samp", "script", "section", "select", "small",
    "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table",
    "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "tt", "u", "ul",
    "var", "video", "wbr", "!doctype"
})
_TAG_OPEN = LazyPattern(r"<(/?)(!?[A-Za-z][A-Za-z0-9]{0,15})(?=[\s/>])")
_ENTITY = LazyPattern(
    r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|nbsp|amp|lt|gt|quot|apos|copy|reg|trade|hellip|mdash|ndash|[lr][sd]quo);"
)


def find_html(text: str) -> list[Span]:
    """HTML tags, comments and character entities (``<br>``, ``<a href=...>``, ``&nbsp;``)."""
    out: list[Span] = []
    gts = [i for i, c in enumerate(text) if c == ">"]
    lts = [i for i, c in enumerate(text) if c == "<"]
    comment_end = -2
    for lt in lts:
        if text.startswith("<!--", lt):
            if comment_end != -1 and comment_end < lt:
                comment_end = text.find("-->", lt)  # searched again only once passed: linear
            if comment_end != -1:
                out.append(Span(lt, comment_end + 3, "html", text[lt : comment_end + 3]))
            continue
        m = _TAG_OPEN.match(text, lt)
        if not m or m.group(2).lower() not in _TAGS:
            continue
        k = bisect_left(gts, m.end())
        nxt = bisect_left(lts, lt + 1)
        if k < len(gts) and (nxt == len(lts) or gts[k] < lts[nxt]):
            out.append(Span(lt, gts[k] + 1, "html", text[lt : gts[k] + 1]))
    out += [Span(m.start(), m.end(), "html", m.group()) for m in _ENTITY.finditer(text)]
    return sorted(out)


# Code points that show as emoji by default (Unicode emoji-data.txt, Emoji_Presentation), plus
# pictographs that render as pictures in practice (☎, ✉, ❤). ©, ®, ™, arrows and bullet
# shapes are text-default and common in business text, so they count only with U+FE0F.
_EMOJI_CHARS = (
    "⌚⌛⏩⏪⏫⏬⏰⏳◽◾☔☕♿⚓⚡⚪⚫⚽⚾⛄⛅⛎⛔⛪⛲⛳⛵⛺⛽✅✊✋✨❌❎❓❔❕❗➰➿⬛⬜⭐⭕"  # Emoji_Presentation
    "☀☁☂☃☄☎☘☝☠☢☣☦☪☮☯☸☹☺♠♣♥♦♨♻⚒⚔⚕⚖⚗⚙⚛⚜⚠⚰⚱⛈⛏⛑⛓⛩⛰⛱⛴⛷⛸⛹✂✈✉✌✍✏✒✝✡❄❣❤"  # pictures in practice
)
_EMOJI_RANGES = sorted(
    [(ord(c), ord(c)) for c in _EMOJI_CHARS]
    + [(0x2648, 0x2653), (0x2795, 0x2797), (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF)]
    + [(0x1F170, 0x1F251), (0x1F300, 0x1F6FF), (0x1F7E0, 0x1F7F0), (0x1F90C, 0x1F9FF)]
    + [(0x1FA70, 0x1FAFF)]
)
_EMOJI_LO = [lo for lo, _ in _EMOJI_RANGES]
_NEVER = frozenset("©®™")
_CANDIDATE = LazyPattern(r"[^\x00-\x7f]|[0-9#*](?=\ufe0f?\u20e3)")  # keycaps start in ASCII


def _extend(text: str, i: int) -> int:
    """End of the variation selectors, keycap mark, skin tones and tags from ``i``."""
    while i < len(text) and (
        text[i] in "\ufe0e\ufe0f\u20e3"
        or 0x1F3FB <= ord(text[i]) <= 0x1F3FF
        or 0xE0020 <= ord(text[i]) <= 0xE007F
    ):
        i += 1
    return i


def _is_emoji(text: str, i: int) -> bool:
    c = text[i]
    if c in _NEVER:
        return False
    if text.startswith("\ufe0f", i + 1) or text.startswith("\u20e3", i + 1):
        return True
    k = bisect_left(_EMOJI_LO, ord(c) + 1) - 1
    return k >= 0 and _EMOJI_RANGES[k][0] <= ord(c) <= _EMOJI_RANGES[k][1]


def find_emoji(text: str) -> list[Span]:
    """Emoji, each sequence (ZWJ family, flag, skin tone, keycap) as one span."""
    out: list[Span] = []
    pos = 0
    for m in _CANDIDATE.finditer(text):
        i = m.start()
        if i < pos or not _is_emoji(text, i):
            continue
        end = _extend(text, i + 1)
        while text.startswith("\u200d", end) and end + 1 < len(text) and _is_emoji(text, end + 1):
            end = _extend(text, end + 2)
        if (
            0x1F1E6 <= ord(text[i]) <= 0x1F1FF
            and end == i + 1
            and end < len(text)
            and 0x1F1E6 <= ord(text[end]) <= 0x1F1FF
        ):
            end += 1  # a flag is a pair of regional indicators
        out.append(Span(i, end, "emoji", text[i:end]))
        pos = end
    return out


def find_contacts(text: str, allowed_domains: Iterable[str] = DEFAULT_ALLOWED_DOMAINS) -> list[Span]:
    """Everything above, sorted; a link inside an e-mail address is reported as the address."""
    emails = find_emails(text)  # sorted and disjoint
    starts = [e.start for e in emails]

    def in_email(u: Span) -> bool:
        k = bisect_right(starts, u.start) - 1
        return k >= 0 and u.start < emails[k].end

    urls = [u for u in find_urls(text, allowed_domains) if not in_email(u)]
    return sorted(emails + urls + find_phones(text) + find_html(text) + find_emoji(text))
