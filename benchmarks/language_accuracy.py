"""Accuracy of ticketcheck.language beside plain seeded langdetect, on the Lingua test corpus.

    .venv/bin/python benchmarks/language_accuracy.py /work/shared/corpus/lang [--per-lang N]

Items (sentences, word pairs, single words): an item is "judged English" when
find_foreign_spans() returns no span; for plain langdetect when detect() == "en" (an
exception counts as not English). false-EN is a macro mean over the 28 other languages.
Tickets: 1-8 random English sentences (30 % carry Amazon-style IDs), joined by a space or a
newline; a mixed ticket has one foreign sentence inserted. "Located" = at least one span
and every span inside the foreign sentence. Plain langdetect judges each piece of the same
text split on .!? + space and on newlines. Fixed seeds: every run prints the same figures.
Corpus: Lingua (Peter M. Stahl), Apache-2.0; data from the Leipzig Corpora Collection.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

from ticketcheck.language import find_foreign_spans

KINDS = ["sentences", "word-pairs", "single-words"]
MARKETPLACE = [
    "de",
    "fr",
    "es",
    "it",
    "nl",
    "pl",
    "sv",
    "tr",
    "pt",
    "ja",
    "zh",
    "ar",
    "ko",
    "hi",
    "vi",
    "id",
]
CONFUSABLE = ["da", "nb", "af", "la", "sw", "tl", "ms", "cy", "ga", "eo", "ro"]
NON_EN = [*MARKETPLACE, *CONFUSABLE, "ru"]
SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")  # the plain baseline's splitter: linear, no nesting

ID_HEAVY_CASE = """Hello Seller Support,
Order 112-4829301-5738201 was shipped on 03/14/2024 with UPS tracking 1Z4F83W20398127465.
ASIN: B003ZYF3LO, SKU: KT-4471-BLK, quantity 2, total $45.99 (tax $3.68).
The buyer, jane.doe@example.com, says the package never arrived at 1234 Elm St., Apt 5B.
Carrier scan: https://www.ups.com/track?loc=en_US&tracknum=1Z4F83W20398127465 shows delivered 2024-03-16 14:32.
Please see the attached proof of delivery (POD_112-4829301-5738201.pdf) and invoice INV-2024-0316.
Case ID 14829301571, refund request R-5538201 of USD 45.99 on 3/18/24.
Thank you,
John Smith
Phone: +1 (206) 555-0147
"""


def read_lines(path: Path) -> list[str]:
    # split on "\n" only: splitlines() also splits on C1 controls found inside corpus lines
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def plain_langdetect() -> Callable[[str], bool]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    def is_english(text: str) -> bool:
        DetectorFactory.seed = 0
        try:
            return bool(detect(text) == "en")
        except LangDetectException:
            return False

    return is_english


def ours(text: str) -> bool:
    return not find_foreign_spans(text)


def with_ids(sentence: str, rng: random.Random) -> str:
    tokens = [
        f"{rng.randint(100, 999)}-{rng.randint(0, 9999999):07d}-{rng.randint(0, 9999999):07d}",
        "B0" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(8)),
        "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16)),
        f"https://www.amazon.com/dp/B0{rng.randint(10**7, 10**8 - 1)}",
    ]
    picked = " ".join(rng.sample(tokens, rng.randint(1, 2)))
    return f"{sentence} {picked}" if rng.random() < 0.5 else f"{picked} {sentence}"


def pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def items(corpus: Path, per_lang: int | None) -> None:
    plain = plain_langdetect()
    for kind in KINDS:
        rates: dict[str, tuple[float, float]] = {}
        for lang in ["en", *NON_EN]:
            lines = read_lines(corpus / kind / f"{lang}.txt")[:per_lang]
            rates[lang] = (sum(map(ours, lines)) / len(lines), sum(map(plain, lines)) / len(lines))
        print(f"\n## {kind}: share judged English, % (ours / plain seeded langdetect)")
        print(f"English recall         {pct(rates['en'][0])} / {pct(rates['en'][1])}")
        for name, group in (
            ("false-EN, all 28", NON_EN),
            ("false-EN, marketplace", MARKETPLACE),
            ("false-EN, confusable", CONFUSABLE),
        ):
            mean = [sum(rates[lang][i] for lang in group) / len(group) for i in (0, 1)]
            print(f"{name:22s} {pct(mean[0])} / {pct(mean[1])}")
        print(
            "per language: "
            + "  ".join(f"{lang} {100 * a:.1f}/{100 * b:.1f}" for lang, (a, b) in rates.items())
        )
        sys.stdout.flush()


def build_ticket(en: list[str], foreign: str | None, rng: random.Random) -> tuple[str, int, int]:
    """Ticket text and the foreign sentence's (start, end), or (-1, -1)."""
    sentences = [
        with_ids(s, rng) if rng.random() < 0.3 else s for s in rng.sample(en, rng.randint(1, 8))
    ]
    position = rng.randint(0, len(sentences)) if foreign is not None else -1
    if foreign is not None:
        sentences.insert(position, foreign)
    separator = "\n" if rng.random() < 0.3 else " "
    text, start, end = "", -1, -1
    for i, sentence in enumerate(sentences):
        if text:
            text += separator
        if i == position:
            start = len(text)
            end = start + len(sentence)
        text += sentence
    return text, start, end


def flagged_pieces(text: str, is_english: Callable[[str], bool]) -> list[tuple[int, int]]:
    out = []
    position = 0
    for piece in SPLIT.split(text):
        start = text.index(piece, position)
        position = start + len(piece)
        if piece.strip() and not is_english(piece):
            out.append((start, position))
    return out


def tickets(corpus: Path) -> None:
    plain = plain_langdetect()
    rng = random.Random(99)
    en = read_lines(corpus / "sentences" / "en.txt")
    methods: dict[str, Callable[[str], list[tuple[int, int]]]] = {
        "ours": lambda t: [(s.start, s.end) for s in find_foreign_spans(t)],
        "plain langdetect per sentence": lambda t: flagged_pieces(t, plain),
    }
    built_en = [build_ticket(en, None, rng)[0] for _ in range(20 * len(NON_EN))]
    built_mixed = []
    for lang in NON_EN:
        foreign = read_lines(corpus / "sentences" / f"{lang}.txt")
        built_mixed += [(lang, *build_ticket(en, rng.choice(foreign), rng)) for _ in range(20)]
    cases_rng = random.Random(7)
    cases = []
    for _ in range(5):
        order = cases_rng.sample(en, len(en))
        order = [with_ids(s, cases_rng) if cases_rng.random() < 0.3 else s for s in order]
        cases += [" ".join(order[i : i + 20]) for i in range(0, len(order) - 19, 20)]
    print(
        f"\n## tickets: {len(built_en)} English, {len(built_mixed)} with one foreign sentence; "
        f"{len(cases)} cases of 20 English sentences"
    )
    for name, spans in methods.items():
        passed = sum(not spans(t) for t in built_en) / len(built_en)
        caught = located = 0
        caught_market = 0
        for lang, text, start, end in built_mixed:
            found = spans(text)
            caught += bool(found)
            caught_market += bool(found) and lang in MARKETPLACE
            located += bool(found) and all(start <= a and b <= end for a, b in found)
        n = len(built_mixed)
        cases_hit = sum(bool(spans(c)) for c in cases)
        id_case = len(spans(ID_HEAVY_CASE))
        print(
            f"{name}: English tickets passed {pct(passed)} %, mixed caught {pct(caught / n)} % "
            f"(marketplace {pct(caught_market / (20 * len(MARKETPLACE)))} %), foreign sentence "
            f"located {pct(located / n)} %, cases of 20 with a span {cases_hit}/{len(cases)} "
            f"({pct(cases_hit / len(cases))} %), ID-heavy case spans: {id_case}"
        )
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus", type=Path, help="folder with sentences/ word-pairs/ single-words/"
    )
    parser.add_argument("--per-lang", type=int, default=None, help="first N items per language")
    parser.add_argument("--only", choices=["items", "tickets"], default=None)
    args = parser.parse_args(argv)
    if args.only != "tickets":
        items(args.corpus, args.per_lang)
    if args.only != "items":
        tickets(args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
