"""Find the sentences of a case that are not in an allowed language (English by default).

``find_foreign_spans(text)`` returns one ``ForeignSpan`` per offending run of non-Latin
letters or per sentence, with offsets into ``text``. The pipeline follows the measurements
in ``language-bench.md`` (shared reference); every step is there to stop a false alarm or
to catch what langdetect alone misses:

1. Script check: letters outside the Latin script (Han, kana, Hangul, Cyrillic, Arabic,
   Devanagari, Greek words, full-width Latin, ...) are never English. The finding is the run
   of such letters, with a language guessed from the script. ``µ ª º`` and a lone Greek
   letter (``10 kΩ``, ``π``) are allowed.
2. The text is cut into sentences and lines; tokens holding a digit, ``@``, a URL or an
   inner ``.``/``/`` (order IDs, ASINs, tracking numbers, amounts, dates, e-mail addresses,
   file names) are dropped before judging. Token-level ``str`` tests only: a backtracking
   regex once took over a minute on one 100 KB token.
3. A remainder under 20 characters is not judged by the detectors' English: no detector is
   reliable there. It fails only when it is clearly foreign: 10-19 characters, at least two
   lower-case words, none of them in the lexicon, and pycld2 reliably names another
   language ("Også etter avtale."). Mostly upper-case text is lower-cased first
   (langdetect ignores all-caps words).
4. English needs two independent signals: most lower-case words are in a 30,000-word
   English lexicon (``data/english-lexicon.txt``) AND a detector says English. The fast
   pass is pycld2 (microseconds, no load time); seeded langdetect is consulted only when
   the fast pass does not settle it, so a clearly English case never loads its profiles
   (~250 ms). The lexicon is what stops langdetect calling Irish or Latin English.
5. Run-ons: a line with no final full stop runs into the next sentence ("... Suspension
   (1 day) Constat igitur altruismum esse partem socialem hominis."). A segment may be cut
   before a capitalised word when the two sides disagree on the lexicon and on the
   detectors; then only the foreign side is reported (or found, if the English side had
   carried the whole segment).

Deterministic (langdetect seeded with 0, a fresh detector per call) and thread-safe (the
profile load is guarded by a lock). langdetect and pycld2 are imported on first use only.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterator
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["ForeignSpan", "find_foreign_spans"]

MIN_JUDGED_CHARS = 20  # set before any run in language-bench.md, never tuned
MIN_SHORT_CHARS = 10  # a shorter remainder is never judged (see _judge_short)
MIN_SHORT_LOWER = 2  # lower-case words a short remainder needs before it is judged
RUN_ON_MIN_LOWER = 3  # lower-case words the foreign side of a run-on needs (_run_on_split)
MAX_JUDGED_CHARS = 2000  # detectors need no more; bounds the cost of a huge sentence
MAX_WORD_CHARS = 40  # a longer token is a hash, an ID or junk, never an English word
LEXICON_FAST = 0.7  # share of lexicon words for the pycld2-only fast pass
LEXICON_MIN = 0.5  # below it no detector's "en" is believed (Irish, Latin, Malay)
P_EN_MIN = 0.5
UPPER_SHARE = 0.6  # above it a remainder is lower-cased before judging

# Letters that are not LATIN by Unicode name but are common in English text.
_ENGLISH_NON_LATIN = frozenset("µªº")
# First word of a Unicode letter name -> language guess for a run of such letters.
_SCRIPT_LANGUAGE = {
    "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "CYRILLIC": "ru",
    "GREEK": "el", "ARABIC": "ar", "HEBREW": "he", "DEVANAGARI": "hi", "THAI": "th",
    "BENGALI": "bn", "TAMIL": "ta", "TELUGU": "te", "GUJARATI": "gu", "GURMUKHI": "pa",
    "KANNADA": "kn", "MALAYALAM": "ml", "ARMENIAN": "hy", "GEORGIAN": "ka", "KHMER": "km",
    "LAO": "lo", "MYANMAR": "my", "SINHALA": "si", "ETHIOPIC": "am",
}
_UKRAINIAN_ONLY = frozenset("іїєґІЇЄҐ")
# Codes that detectors and users spell differently for the same language.
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "nb": "no", "nn": "no", "fil": "tl"}
_CLOSERS = "\"')]}»”’"
_SENTENCE_END = ".!?…"
_CJK_SENTENCE_END = "。！？｡"
_TOKEN_PUNCT = "\"'()[]{}<>«»“”‘’.,;:!?*-–—"


class ForeignSpan(NamedTuple):
    """A run of ``text[start:end]`` that is not in an allowed language."""

    start: int
    end: int
    language: str  # "de", "zh", ...; "und" if unknown
    reason: str  # "script" (non-Latin letters) or "detector"


def find_foreign_spans(
    text: str, allowed: Collection[str] = ("en",), *, limit: int | None = None
) -> list[ForeignSpan]:
    """Return the spans of ``text`` not in one of the ``allowed`` languages, in text order.

    With ``limit``, stop judging once that many spans are found: a text written wholly in
    another language would otherwise cost a langdetect call (about 10 ms) per sentence to
    report what its first few findings already say.
    """
    allowed_codes = frozenset(_norm(code) for code in allowed)
    spans: list[ForeignSpan] = []
    verdicts: dict[str, tuple[int, int, str] | None] = {}
    for start, end in _segments(text):
        if limit is not None and len(spans) >= limit:
            break
        segment = text[start:end]
        runs = list(_script_runs(segment))
        pieces, position = [], 0
        for run_start, run_end, language in runs:
            if language not in allowed_codes:
                spans.append(ForeignSpan(start + run_start, start + run_end, language, "script"))
            # Blank the run, keeping offsets, and judge the rest: "Das Paket 東京 ist weg".
            pieces += [segment[position:run_start], " " * (run_end - run_start)]
            position = run_end
        pieces.append(segment[position:])
        judged = "".join(pieces)
        # The same line repeated (a signature, a pasted block) is judged once per text.
        if judged not in verdicts:
            verdicts[judged] = _judge_segment(judged, allowed_codes)
        found = verdicts[judged]
        if found is not None:
            first, last, verdict = found
            spans.append(ForeignSpan(start + first, start + last, verdict, "detector"))
    spans.sort(key=lambda span: (span.start, span.end))
    return spans


def _norm(code: str) -> str:
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    return _ALIASES.get(primary, primary)


def _segments(text: str) -> Iterator[tuple[int, int]]:
    """Sentences and lines as (start, end), surrounding whitespace trimmed. One linear scan."""
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        cut = -1
        if ch in "\n\r":
            cut = i
        elif ch in _CJK_SENTENCE_END:
            cut = i + 1
        elif ch in _SENTENCE_END:
            j = i + 1
            while j < n and text[j] in _CLOSERS:
                j += 1
            if j == n or text[j].isspace():
                cut = j
        if cut >= 0:
            yield from _trimmed(text, start, cut)
            start = i = max(cut, i + 1)
            continue
        i += 1
    yield from _trimmed(text, start, n)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


@lru_cache(maxsize=4096)
def _script_of(ch: str) -> str | None:
    """Language guessed from a non-Latin letter's script, or None for a Latin/allowed one."""
    if ch.isascii() or not ch.isalpha() or ch in _ENGLISH_NON_LATIN:
        return None
    words = unicodedata.name(ch, "UNKNOWN").replace("-", " ").split()
    if words[0] in ("FULLWIDTH", "HALFWIDTH") and len(words) > 1:
        # Full-width Latin is typed with a CJK input method: not English, language unknown.
        return "und" if words[1] == "LATIN" else _SCRIPT_LANGUAGE.get(words[1], "und")
    if words[0] == "LATIN":
        return None
    if ch in _UKRAINIAN_ONLY:
        return "uk"
    return _SCRIPT_LANGUAGE.get(words[0], "und")


def _script_runs(segment: str) -> Iterator[tuple[int, int, str]]:
    """Runs of non-Latin letters: (start, end, language). A Latin letter ends a run; spaces,
    digits, marks and punctuation inside a run do not."""
    if segment.isascii():
        return
    scripts = [_script_of(ch) if ch.isalpha() else None for ch in segment]
    has_kana = "ja" in scripts
    run_start = run_end = -1
    found: Counter[str] = Counter()
    for i, ch in enumerate(segment):
        script = scripts[i]
        if script is not None:
            if run_start < 0:
                run_start = i
            run_end = i + 1
            found[script] += 1
        elif run_start >= 0 and ch.isalpha():
            yield from _finished_run(segment, run_start, run_end, found, has_kana)
            run_start, found = -1, Counter()
        elif run_start >= 0 and unicodedata.category(ch).startswith("M") and run_end == i:
            run_end = i + 1  # keep a trailing vowel sign or accent with its letter
    if run_start >= 0:
        yield from _finished_run(segment, run_start, run_end, found, has_kana)


def _finished_run(
    segment: str, start: int, end: int, found: Counter[str], has_kana: bool
) -> Iterator[tuple[int, int, str]]:
    if set(found) == {"el"} and sum(found.values()) == 1:
        return  # a lone Greek letter is a symbol in English text: 10 kΩ, π, β-carotene
    language = "uk" if "uk" in found else found.most_common(1)[0][0]
    if has_kana and language == "zh":
        language = "ja"  # kanji in a sentence that also has kana
    yield start, end, language


def _judge_segment(segment: str, allowed: frozenset[str]) -> tuple[int, int, str] | None:
    """(start, end, language) of the part of a segment that fails, or None.

    A sentence that ends in ":" or ";" runs into the next one ("...the following: Das Paket
    ist nicht angekommen."), and as a whole it may pass on its English half. So clauses are
    judged first, and the span keeps only the failing ones; the whole segment is judged
    when no clause fails (clauses may be too short to judge on their own)."""
    cuts = [0]
    for i in range(1, len(segment) - 1):
        if segment[i] in ":;" and segment[i + 1].isspace():
            cuts.append(i + 1)
    cuts.append(len(segment))
    failing: list[tuple[int, int, str]] = []
    if len(cuts) > 2:
        for a, b in pairwise(cuts):
            verdict = _judge(segment[a:b], allowed)
            if verdict is not None:
                failing.append((a, b, verdict))
    if failing:
        first, last, language = failing[0][0], failing[-1][1], failing[0][2]
    else:
        whole = _judge(segment, allowed)
        if whole is None:
            # A line without a final full stop runs into the next sentence ("... Suspension
            # (1 day) Constat igitur altruismum esse partem socialem hominis."), and the
            # English half can carry the whole. Look for such a run-on in each clause.
            for a, b in pairwise(cuts):
                run_on = _run_on_split(segment[a:b], allowed)
                if run_on is not None:
                    first, last, language = a + run_on[0], a + run_on[1], run_on[2]
                    break
            else:
                return None
        else:
            first, last, language = 0, len(segment), whole
    # A failing run-on keeps only its foreign side: "In this issue Our services (1)
    # Tetapi akibatnya ..." is reported from "Tetapi". Twice: an English head and tail.
    # Its language is the one found on the foreign side alone.
    for _ in range(2):
        run_on = _run_on_split(segment[first:last], allowed)
        if run_on is None:
            break
        first, last, language = first + run_on[0], first + run_on[1], run_on[2]
    # The IDs that trail the sentence before are no part of the finding either.
    inner_first, inner_last = _trim_id_tokens(segment[first:last])
    return first + inner_first, first + inner_last, language


def _run_on_split(segment: str, allowed: frozenset[str]) -> tuple[int, int, str] | None:
    """(start, end, language) of the foreign side of a run-on segment, or None.

    A run-on is an English part and a foreign part with no punctuation between them; the
    boundary can only be before a capitalised word (a new sentence, or a name). A cut is
    accepted only when the two sides disagree on every signal: the English side has at
    least LEXICON_FAST of its lower-case words in the lexicon and passes ``_judge``; the
    foreign side has at least RUN_ON_MIN_LOWER lower-case words, under LEXICON_MIN of them
    in the lexicon, fails ``_judge`` and a detector does not call it English. Both sides
    must be long enough to judge. Capitalised words are names or titles in either language:
    they never make a cut acceptable, they only choose among acceptable ones."""
    if "en" not in allowed:
        return None
    lexicon = _lexicon()
    # Words as (start, judged length, lower-case, lower-case known, capitalised, capitalised
    # known); "known" = in the lexicon, which also lists common names (john, canada).
    words: list[tuple[int, int, int, int, int, int]] = []
    n = len(segment)
    for i, j in _token_spans(segment):
        token = segment[i:j]
        word = token.strip(_TOKEN_PUNCT).replace("’", "'")
        if not _is_id_token(token) and len(word) > 1 and any(c.isalpha() for c in word):
            lower = not word[0].isupper()
            known = _in_lexicon(word.lower(), lexicon)
            words.append((i, len(word) + 1, lower, lower and known, not lower, not lower and known))
    totals = [sum(w[f] for w in words) for f in range(1, 6)]
    if totals[0] < 2 * MIN_JUDGED_CHARS:
        return None
    # Best cut: (lower-case words on the wrong side, capitalised ones on the wrong side,
    # foreign judged chars, cut offset, which side is English). Lower-case words decide;
    # capitalised ones only break ties ("... on Monday Paczka nie dotarła", "... below Das
    # Paket ist nicht angekommen"); then the smaller foreign side wins.
    best: tuple[int, int, int, int, int] | None = None
    head = [0, 0, 0, 0, 0]  # the same sums over the words before the cut
    for k, word_stats in enumerate(words):
        if k > 0 and word_stats[4]:
            tail = [t - h for t, h in zip(totals, head, strict=True)]
            for side, (en, fo) in enumerate(((head, tail), (tail, head))):
                if _run_on_sides_disagree(en, fo):
                    wrong = (en[1] - en[2]) + fo[2]
                    wrong_names = (en[3] - en[4]) + fo[4]
                    candidate = (wrong, wrong_names, fo[0], word_stats[0], side)
                    if best is None or candidate < best:
                        best = candidate
        head = [h + int(x) for h, x in zip(head, word_stats[1:], strict=True)]
    if best is None:
        return None
    _, _, _, cut, side = best
    english = (0, cut) if side == 0 else (cut, n)
    foreign = (cut, n) if side == 0 else (0, cut)
    if _judge(segment[english[0] : english[1]], allowed) is not None:
        return None
    foreign_text = segment[foreign[0] : foreign[1]]
    verdict = _judge(foreign_text, allowed)
    if verdict is None or not _detector_says_foreign(_remainder(foreign_text)):
        return None
    first, last = _trimmed_bounds(segment, *foreign)
    return first, last, verdict


def _run_on_sides_disagree(en: list[int], fo: list[int]) -> bool:
    """Lexicon test of a run-on cut on [judged chars, lower-case words, known ones, ...]."""
    return (
        en[0] > MIN_JUDGED_CHARS
        and fo[0] > MIN_JUDGED_CHARS
        and en[1] > 0
        and en[2] >= LEXICON_FAST * en[1]
        and fo[1] >= RUN_ON_MIN_LOWER
        and fo[2] < LEXICON_MIN * fo[1]
    )


def _trimmed_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    return next(_trimmed(text, start, end), (start, end))


def _detector_says_foreign(core: str) -> bool:
    """True if pycld2 names another language, or (when it says English or nothing)
    seeded langdetect gives English under P_EN_MIN."""
    cld, _ = _pycld2_language(core)
    if cld is not None and cld != "en":
        return True
    return _langdetect_probabilities(core).get("en", 0.0) < P_EN_MIN


def _trim_id_tokens(segment: str) -> tuple[int, int]:
    """Offsets of the segment without its leading and trailing ID tokens."""
    words = [(a, b) for a, b in _token_spans(segment) if not _is_id_token(segment[a:b])]
    return (words[0][0], words[-1][1]) if words else (0, len(segment))


def _token_spans(segment: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of non-space characters: one linear pass, no regex."""
    i, n = 0, len(segment)
    while i < n:
        if segment[i].isspace():
            i += 1
            continue
        j = i
        while j < n and not segment[j].isspace():
            j += 1
        yield i, j
        i = j


def _is_id_token(token: str) -> bool:
    """True for tokens that say nothing about the language: IDs, numbers, e-mail, URLs."""
    if len(token) > MAX_WORD_CHARS or "@" in token or "://" in token:
        return True
    if any(ch.isdigit() for ch in token) or token.lower().startswith("www."):
        return True
    body = token.strip(_TOKEN_PUNCT)
    return any(mark in body for mark in "./_#\\=")  # domains, paths, file names


def _remainder(segment: str) -> str:
    """The words worth judging: ID tokens dropped, controls blanked, mostly-upper lowered."""
    core = " ".join(t for t in segment.split() if not _is_id_token(t))[:MAX_JUDGED_CHARS]
    # pycld2 rejects C0/C1 controls and lone surrogates (badly decoded input).
    core = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in core)
    letters = [ch for ch in core if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > UPPER_SHARE * len(letters):
        core = core.lower()  # PLEASE SEE ATTACHED PROOF OF DELIVERY: langdetect said "de"
    return core.strip()


def _judge(segment: str, allowed: frozenset[str]) -> str | None:
    """None if the segment passes, else the language to report."""
    core = _remainder(segment)
    words = _words(core)
    # Length of the words alone: "Milgram, P., Drascic, D." and "49 pp, illus." are too
    # short to judge, whatever their punctuation adds.
    if len(" ".join(words)) < MIN_JUDGED_CHARS:
        return _judge_short(core, words, allowed)
    coverage = _lexicon_coverage(words)
    cld, cld_reliable = _pycld2_language(core)
    if "en" in allowed and coverage >= LEXICON_FAST and cld == "en":
        return None  # fast pass: no langdetect load for a clearly English sentence
    if cld is not None and cld != "en" and cld in allowed:
        return None
    probabilities = _langdetect_probabilities(core)
    p_en = probabilities.get("en", 0.0)
    # pycld2 says "en" by default on short, mixed text (Dutch "De bank is actief in 80
    # landen."): here its "en" counts only when it calls itself reliable.
    english = coverage >= LEXICON_MIN and (p_en >= P_EN_MIN or (cld == "en" and cld_reliable))
    if english:
        return None if "en" in allowed else "en"
    top = max(probabilities, key=probabilities.__getitem__) if probabilities else "und"
    if top != "en" and probabilities.get(top, 0.0) >= P_EN_MIN and top in allowed:
        return None
    if top in ("en", "und"):
        # langdetect's "en" without the lexicon's support: it has no Irish, Welsh ...
        return cld if cld is not None and cld != "en" else "und"
    return top


def _judge_short(core: str, words: list[str], allowed: frozenset[str]) -> str | None:
    """Verdict on a remainder under MIN_JUDGED_CHARS: None unless it is clearly not English.

    No detector is reliable on so little text, so a short remainder fails only on
    independent signals: at least MIN_SHORT_LOWER lower-case words (capitalised ones are
    names in any language), NONE of them in the English lexicon, and a detector that does
    not say English. A single English word saves it ("Thanks again", "See attached",
    "Order shipped today"); "Også etter avtale." or "Ele não é homem." fail."""
    if "en" not in allowed or len(" ".join(words)) < MIN_SHORT_CHARS:
        return None
    lower = [w.lower() for w in words if not w[0].isupper()]
    lexicon = _lexicon()
    if len(lower) < MIN_SHORT_LOWER or any(_in_lexicon(w, lexicon) for w in lower):
        return None
    # pycld2 only, and only when it calls itself reliable: langdetect on a few words of
    # chat English ("plz chk n rply", "idk tbh ngl fr") names Czech, Swedish or Welsh.
    # pycld2's Scots ("gud mornin frnds") is English spelt as spoken: not evidence.
    cld, reliable = _pycld2_language(core)
    if cld is None or not reliable or cld in ("en", "sco") or cld in allowed:
        return None
    return cld


@cache
def _lexicon() -> frozenset[str]:
    # Loading twice from two threads is harmless: the result is the same set.
    # A path beside this module, not importlib.resources: importing that costs 17 ms of
    # start-up, and the package is always installed as files (hatchling wheels).
    data = Path(__file__).parent / "data" / "english-lexicon.txt"
    text = data.read_text(encoding="utf-8")
    # A header of "#" lines, then one word a line: one split of the rest takes 2 ms less
    # than filtering 30,000 lines.
    last_comment = text.rfind("\n#")
    body = text[text.index("\n", last_comment + 1) + 1 :] if text.startswith("#") else text
    return frozenset(body.split())


def _words(core: str) -> list[str]:
    """Words without surrounding punctuation. One-letter words are initials, list markers
    and the "x" of "30 x 80" in any language: they say nothing."""
    words = [w.strip(_TOKEN_PUNCT).replace("’", "'") for w in core.split()]
    return [w for w in words if len(w) > 1 and any(ch.isalpha() for ch in w)]


def _lexicon_coverage(words: list[str]) -> float:
    """Share of words found in the English lexicon. Capitalised words are names in most
    sentences, so only lower-case words count when there are any."""
    lower = [w for w in words if not w[0].isupper()]
    judged = [w.lower() for w in (lower or words)]
    if not judged:
        return 0.0
    lexicon = _lexicon()
    hits = sum(1 for w in judged if _in_lexicon(w, lexicon))
    return hits / len(judged)


def _in_lexicon(word: str, lexicon: frozenset[str]) -> bool:
    if word in lexicon or word.split("'")[0] in lexicon:  # customer's, don't
        return True
    parts = word.split("-")  # orally-administered, follow-up: the list has no compounds
    return len(parts) > 1 and all(part in lexicon for part in parts)


def _pycld2_language(core: str) -> tuple[str | None, bool]:
    """pycld2's top language (None if unknown, unavailable or refused) and its reliability."""
    try:
        import pycld2
    except ImportError:  # optional: without it every long segment goes to langdetect
        return None, False
    try:
        reliable, _, details = pycld2.detect(core)
    except pycld2.error:  # invalid UTF-8 despite the cleaning: no opinion
        return None, False
    code = _norm(str(details[0][1]))
    return (None, False) if code in ("un", "xx") else (code, bool(reliable))


_factory_lock = threading.Lock()
_factory: Any = None


def _langdetect_factory() -> Any:
    """Load langdetect's profiles once; a lock because two first calls may race."""
    global _factory
    if _factory is None:
        with _factory_lock:
            if _factory is None:
                from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

                DetectorFactory.seed = 0
                factory = DetectorFactory()
                factory.seed = 0  # each Detector seeds its own Random from this
                factory.load_profile(PROFILES_DIRECTORY)
                _factory = factory
    return _factory


def _langdetect_probabilities(core: str) -> dict[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory().create()  # a fresh detector per call: no shared state
    detector.append(core)
    try:
        found = detector.get_probabilities()
    except LangDetectException:  # "No features in text": nothing to judge
        return {}
    probabilities: dict[str, float] = {}
    for item in found:
        code = _norm(item.lang)  # zh-cn and zh-tw both count as zh
        probabilities[code] = probabilities.get(code, 0.0) + item.prob
    return probabilities
