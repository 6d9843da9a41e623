"""Find word lists in text exactly: the matching engine behind the ``sensitive-words`` check.

Two steps, each linear in the length of the text:

1. ``normalize`` folds what a sender can use, on purpose or not, to slip a word past a naive
   filter: full-width and styled letters (NFKC), case, accents, invisible characters and
   Cyrillic or Greek look-alike letters. It remembers where every folded character came
   from, so a finding points at the words exactly as the user wrote them.
2. ``PhraseMatcher`` splits the folded text into words once, then walks a trie of the terms'
   word sequences from each word. A word costs a few dict look-ups however many terms there
   are, where one regex per term costs a full scan of the text per term.

Words are runs of letters and digits (``don't`` is one word; a possessive ``'s`` belongs to
its word but is ignored when matching, as ``\\b`` would). Terms match whole words only, and
a phrase's words may be separated by spaces, newlines, hyphens, quotes or emphasis marks,
never by other punctuation: ``"positive review"`` matches ``positive\\n"review"`` but not
``positive. Review``. Number words up to ten become digits, and ``★``/``⭐`` the word
``star``, so the term ``five star`` also finds ``5-star``, ``5 star`` and ``5★``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

__all__ = ["Match", "NearMatch", "Normalized", "PhraseMatcher", "Term", "find_near", "normalize"]

# Look-alikes of ASCII letters from Unicode confusables.txt (UTS #39), restricted to the
# Cyrillic, Greek, Armenian and IPA letters that pass for Latin in ordinary fonts. Keyed on the
# character before case folding, because folding loses the look: Greek "Η" looks like H but
# its lower case "η" like n. Folding these in genuine Russian or Greek text only produces
# words that are not English terms.
_CONFUSABLES = {
    **dict(zip("АВЕКМНОРСТХУІЈЅԀԚԜҺӀҮ", "abekmhopctxyijsdqwhly", strict=True)),
    **dict(zip("аеорсухіјѕԁԛԝһӏүѵ", "aeopcyxijsdqwhlyv", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "abezhikmnoptyx", strict=True)),
    **dict(zip("αοριυνχγκϲϳ", "aopiuvxykcj", strict=True)),
    **dict(zip("օսհոɑɡıȷ", "ouhnagij", strict=True)),
}
# Typographic variants that would otherwise split or hide a word.
_PUNCT = {
    **dict.fromkeys("‘’‛′ʼ＇", "'"),
    **dict.fromkeys("“”„‟″", '"'),
    **dict.fromkeys("‐‑‒–—―−﹘﹣", "-"),
}
_DROP = frozenset({"Mn", "Me", "Cf"})  # accents, variation selectors, zero-width and soft hyphen
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=16384)
def _fold_char(c: str) -> str:
    if c in _PUNCT:
        return _PUNCT[c]
    if c in _CONFUSABLES:
        return _CONFUSABLES[c]
    out = []
    for d in unicodedata.normalize("NFKD", c):
        if unicodedata.category(d) in _DROP:
            continue
        out.append(_CONFUSABLES.get(d) or d.casefold())
    folded = unicodedata.normalize("NFC", "".join(out))
    # NFKC spells some symbols as letters ("™" -> "tm", "㎏" -> "kg"); padding keeps them
    # from gluing onto the word before ("Brand™" must still be the word "brand").
    if len(folded) > 1 and unicodedata.category(c).startswith("S"):
        return f" {folded} "
    return folded


@dataclass(frozen=True, eq=False)
class Normalized:
    """Folded ``text`` and the way back to ``original``.

    ``origin[i]`` is the offset in ``original`` of the character that became ``text[i]``;
    ``origin[len(text)]`` is ``len(original)``. ``ends[i]`` is where that source character
    ends, so a span maps back tightly even when invisible characters were dropped around it.
    """

    original: str
    text: str
    origin: Sequence[int]
    ends: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the folded span ``[start, end)`` to the matching span of ``original``."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.ends[end - 1]

    @cached_property
    def _words(self) -> _Words:  # split once, shared by every matcher run on this text
        return _split_words(self.text)


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching: NFKC, case, accents, invisibles, look-alike letters.

    Each character is folded on its own (NFKD, combining marks dropped, case-folded, NFC) so
    that every folded character knows its source; for matching words this equals NFKC plus
    accent stripping.
    """
    if text.isascii():  # the common case: no table to build
        n = len(text)
        return Normalized(text, text.lower(), range(n + 1), range(1, n + 1))
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _NON_ASCII.finditer(text):
        a, b = m.span()
        parts.append(text[pos:a].lower())
        starts.extend(range(pos, a))
        ends.extend(range(pos + 1, a + 1))
        for i in range(a, b):
            folded = _fold_char(text[i])
            parts.append(folded)
            starts.extend([i] * len(folded))
            ends.extend([i + 1] * len(folded))
        pos = b
    parts.append(text[pos:].lower())
    starts.extend(range(pos, len(text) + 1))
    ends.extend(range(pos + 1, len(text) + 1))
    return Normalized(text, "".join(parts), starts, ends)


# --- words -----------------------------------------------------------------------------

_STARS = "★☆⭐✩✪✫✬✭✮✯✰"
_WORD = re.compile(rf"[^\W_]+(?:'(?!s\b)[^\W_]+)*(?:'s\b)?|[%$€£&#{_STARS}]")
_DIGITS_LETTERS = re.compile(r"(\d+)([^\W\d_]+)")  # "5star", "100percent"
_SOFT_GAP = " \t\n\r\f\v\u2028\u2029\x85-'\"*_~"  # what may sit between the words of a phrase
_BREAK = re.compile(r"[.!?;:•]|\n\s*\n|\n\s*[-*]")  # what ends a sentence or list item
_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_CANON = {
    **{w: str(i) for i, w in enumerate(_NUMBERS)},
    **dict.fromkeys(_STARS, "star"),
    "percent": "%",
}


class _Words(NamedTuple):
    words: list[str]  # canonical forms
    starts: list[int]  # folded-text offsets
    ends: list[int]
    glued: list[bool]  # word k may continue a phrase from word k-1
    breaks: list[int]  # sentence breaks before word k, cumulative


def _split_words(text: str) -> _Words:
    w = _Words([], [], [], [], [])
    prev_end = 0
    nbreaks = 0
    for m in _WORD.finditer(text):
        s, e = m.span()
        gap = text[prev_end:s]
        glued = bool(w.words) and not gap.strip(_SOFT_GAP)
        nbreaks += bool(_BREAK.search(gap))
        prev_end = e
        token = m.group()
        token = token.removesuffix("'s")
        split = _DIGITS_LETTERS.fullmatch(token)
        pieces = (
            [(split[1], s, s + len(split[1])), (split[2], s + len(split[1]), e)]
            if split
            else [(token, s, e)]
        )
        for k, (word, ws, we) in enumerate(pieces):
            w.words.append(_CANON.get(word, word))
            w.starts.append(ws)
            w.ends.append(we)
            w.glued.append(glued or k > 0)
            w.breaks.append(nbreaks)
    return w


# --- terms and the trie ----------------------------------------------------------------


class Term(NamedTuple):
    """One entry of a word list.

    ``phrase`` is one or more words; a word ending in ``*`` matches any word it begins
    (``refund*``). ``inflect`` also matches the usual English inflections of every content
    word (``review`` -> ``reviews``, ``reviewed``, ``reviewing``).
    """

    phrase: str
    inflect: bool = False


class Match(NamedTuple):
    """A term found at ``[start, end)`` of the original text; ``term_index`` indexes the terms."""

    start: int
    end: int
    term_index: int


class NearMatch(NamedTuple):
    """A left term and a right term close together; ``[start, end)`` covers both."""

    start: int
    end: int
    left: Match
    right: Match


_STOP = frozenset({
    "and", "are", "but", "for", "from", "has", "have", "her", "his", "its", "not", "our", "the",
    "their", "them", "they", "this", "was", "were", "who", "will", "with", "you", "your"
})
_VOWELS = frozenset("aeiou")


def _inflections(w: str) -> set[str]:
    """Regular English forms of ``w``; wrong extras ("offerred") are non-words, so harmless."""
    if len(w) < 3 or not w.isalpha() or w in _STOP:
        return {w}
    consonant_y = w[-1] == "y" and w[-2] not in _VOWELS
    forms = {w}
    if w.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(w + "es")
    else:
        forms.add(w[:-1] + "ies" if consonant_y else w + "s")
    forms.add(w + "d" if w[-1] == "e" else w[:-1] + "ied" if consonant_y else w + "ed")
    if w.endswith("ie"):
        forms.add(w[:-2] + "ying")
    elif w[-1] == "e" and not w.endswith(("ee", "ye", "oe")):
        forms.add(w[:-1] + "ing")
    else:
        forms.add(w + "ing")
    if w[-1] not in _VOWELS and w[-1] not in "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS:
        forms.update((w + w[-1] + "ed", w + w[-1] + "ing"))  # stop -> stopped, stopping
    return forms


class _Node:
    __slots__ = ("exact", "infl", "terms", "wild", "wild_lens")

    def __init__(self) -> None:
        self.exact: dict[str, _Node] = {}
        self.infl: dict[str, _Node] = {}  # keyed by base word; text words map to bases
        self.wild: dict[str, _Node] = {}  # keyed by prefix
        self.wild_lens: list[int] = []
        self.terms: list[int] = []


def _check_gap(term: Term, gap: str, after_prefix: bool) -> None:
    gap = gap.removeprefix("*") if after_prefix else gap
    if gap.strip(_SOFT_GAP) or "*" in gap:
        raise ValueError(
            f"term {term.phrase!r}: {gap.strip()!r} never matches; separate words with spaces"
            " or hyphens, and use '*' only at the end of a word"
        )


def _parse_term(term: Term) -> list[tuple[str, bool]]:
    """The term's words as ``(word, is_prefix)``; ValueError if it could never match."""
    norm = normalize(term.phrase)
    words = norm._words
    if not words.words:
        raise ValueError(f"term {term.phrase!r} has no words")
    out: list[tuple[str, bool]] = []
    prev = 0
    for word, s, e in zip(words.words, words.starts, words.ends, strict=True):
        _check_gap(term, norm.text[prev:s], bool(out) and out[-1][1])
        wild = norm.text.startswith("*", e)
        if wild and (len(word) < 2 or norm.text[e + 1 : e + 2].isalnum()):
            raise ValueError(f"term {term.phrase!r}: '*' goes at the end of a word of 2 letters or more")
        out.append((word, wild))
        prev = e
    _check_gap(term, norm.text[prev:], out[-1][1])
    return out


class PhraseMatcher:
    """Finds any of many terms in a text in one pass over its words."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = tuple(terms)
        self._root = _Node()
        self._bases: dict[str, list[str]] = {}  # inflected form -> base words it may come from
        for index, term in enumerate(self.terms):
            node = self._root
            for word, wild in _parse_term(term):
                if wild:
                    if word not in node.wild:
                        node.wild[word] = _Node()
                        node.wild_lens = sorted({*node.wild_lens, len(word)})
                    node = node.wild[word]
                elif term.inflect and (forms := _inflections(word)) != {word}:
                    for form in forms:
                        bases = self._bases.setdefault(form, [])
                        if word not in bases:
                            bases.append(word)
                    node = node.infl.setdefault(word, _Node())
                else:
                    node = node.exact.setdefault(word, _Node())
            node.terms.append(index)

    def _step(self, node: _Node, word: str) -> list[_Node]:
        out = []
        if (child := node.exact.get(word)) is not None:
            out.append(child)
        if node.infl:
            out.extend(node.infl[b] for b in self._bases.get(word, ()) if b in node.infl)
        for n in node.wild_lens:
            if len(word) >= n and (child := node.wild.get(word[:n])) is not None:
                out.append(child)
        return out

    def _hits(self, norm: Normalized) -> list[tuple[int, int, int]]:
        """``(first word, end word, term)`` for every hit; per term, left to right, no overlap."""
        w = norm._words
        words, glued, n = w.words, w.glued, len(w.words)
        root, bases = self._root, self._bases
        root_wild = bool(root.wild)
        last_end: dict[int, int] = {}
        hits = []
        for k in range(n):
            word = words[k]
            if word not in root.exact and word not in bases and not root_wild:
                continue  # most words: one or two dict look-ups and out
            frontier = self._step(root, word)
            j = k + 1
            while frontier:
                for node in frontier:
                    for t in node.terms:
                        if last_end.get(t, 0) <= k:
                            hits.append((k, j, t))
                            last_end[t] = j
                if j >= n or not glued[j]:
                    break
                frontier = [c for node in frontier for c in self._step(node, words[j])]
                j += 1
        return hits

    def _match(self, norm: Normalized, hit: tuple[int, int, int]) -> Match:
        w = norm._words
        start, end = norm.span(w.starts[hit[0]], w.ends[hit[1] - 1])
        return Match(start, end, hit[2])

    def find(self, text: str | Normalized) -> list[Match]:
        """Every hit, located in the original text, sorted by position."""
        norm = text if isinstance(text, Normalized) else normalize(text)
        return sorted(self._match(norm, h) for h in self._hits(norm))


def find_near(
    text: str | Normalized,
    left: PhraseMatcher,
    right: PhraseMatcher,
    within_words: int,
    *,
    ordered: bool = False,
) -> list[NearMatch]:
    """A ``left`` hit with a ``right`` hit at most ``within_words`` words away, same sentence.

    With ``ordered`` the right hit must come after the left one. Each hit is used once, by
    its nearest partner, so "remove or change your review" reports one finding, not two.
    """
    norm = text if isinstance(text, Normalized) else normalize(text)
    breaks = norm._words.breaks
    lefts, rights = left._hits(norm), right._hits(norm)
    by_start = sorted(rights)
    starts = [r[0] for r in by_start]
    by_end = sorted(rights, key=lambda r: (r[1], r[0]))
    ends = [r[1] for r in by_end]
    pairs: list[tuple[int, tuple[int, int, int], tuple[int, int, int]]] = []
    for lh in lefts:
        i = bisect_left(starts, lh[1])
        if (
            i < len(by_start)
            and (r := by_start[i])[0] - lh[1] <= within_words
            and breaks[r[0]] == breaks[lh[1] - 1]
        ):
            pairs.append((r[0] - lh[1], lh, r))
        i = bisect_right(ends, lh[0]) - 1
        if (
            not ordered
            and i >= 0
            and lh[0] - (r := by_end[i])[1] <= within_words
            and breaks[lh[0]] == breaks[r[1] - 1]
        ):
            pairs.append((lh[0] - r[1], lh, r))
    used: set[tuple[int, int, int, bool]] = set()
    out = []
    for _, lh, rh in sorted(pairs):  # nearest pairs first
        if (*lh, True) in used or (*rh, False) in used:
            continue
        used.update({(*lh, True), (*rh, False)})
        lm, rm = left._match(norm, lh), right._match(norm, rh)
        out.append(NearMatch(min(lm.start, rm.start), max(lm.end, rm.end), lm, rm))
    return sorted(out)
