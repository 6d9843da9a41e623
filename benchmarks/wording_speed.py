"""How fast is PhraseMatcher against one compiled regex per term?

1,000 generated customer-service messages against 5,000 generated terms (single words and
2-3 word phrases), both seeded, in the same run. Also checks that both find the same hits on
the plain-ASCII messages, where the two definitions of "whole word" agree.

    .venv/bin/python benchmarks/wording_speed.py [--messages N] [--terms N] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ticketcheck.wording import PhraseMatcher, Term

_VOCAB_TEXT = """
order package parcel item product listing invoice refund replacement return label carrier
delivery shipment tracking customer buyer seller account case claim appeal photo warehouse
supplier brand inventory box address payment charge receipt document proof signature scan
damage delay issue problem request response message policy review feedback rating star
store shop sale promotion discount coupon gift card code offer deal price quality service
team staff manager support help guarantee warranty legal action attorney court complaint
fault mistake error system fee cost week day hour time date today tomorrow morning evening
send sent ship shipped deliver delivered receive received check checked confirm confirmed
update updated remove removed change changed contact reply answer apologize thank please
happy satisfied sorry unfortunately immediately quickly carefully correct wrong new old
free full partial original prepaid positive negative honest fast slow late early broken
"""
_FILLER_TEXT = "the a our your we you it is was has have been and to of for on in with this that will can please"
VOCAB = _VOCAB_TEXT.split()
FILLER = _FILLER_TEXT.split()
SYLLABLES = [c + v for c in "bcdfgklmnprstvz" for v in "aeiou"]


def make_terms(n: int, rng: random.Random) -> list[str]:
    terms: set[str] = set()
    while len(terms) < n:
        r = rng.random()
        if r < 0.3:  # invented brand-like words: mostly absent from messages
            terms.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
        elif r < 0.4:
            terms.add(rng.choice(VOCAB))
        else:
            terms.add(" ".join(rng.choices(VOCAB, k=rng.randint(2, 3))))
    return sorted(terms)


def make_message(rng: random.Random, terms: list[str]) -> str:
    words: list[str] = []
    for _ in range(rng.randint(40, 120)):
        r = rng.random()
        words.append(rng.choice(FILLER) if r < 0.45 else rng.choice(terms) if r < 0.5 else rng.choice(VOCAB))
    sentences, i = [], 0
    while i < len(words):
        n = rng.randint(6, 16)
        sentences.append(" ".join(words[i : i + n]).capitalize() + rng.choice(".!?."))
        i += n
    return " ".join(sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20240503)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    terms = make_terms(args.terms, rng)
    messages = [make_message(rng, terms) for _ in range(args.messages)]

    t0 = time.perf_counter()
    matcher = PhraseMatcher([Term(t) for t in terms])
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = [{(m.start, m.end, m.term_index) for m in matcher.find(text)} for text in messages]
    ours_s = time.perf_counter() - t0

    # The same messages with what real text brings: curly quotes, a non-breaking space and a
    # look-alike letter. Only our side runs: a regex per term would simply miss these.
    fancy = [t.replace("'", "\u2019").replace(" the ", " th\u0435\u00a0") + " \u2014 ok" for t in messages]
    t0 = time.perf_counter()
    for text in fancy:
        matcher.find(text)
    fancy_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    regexes = [re.compile(r"\b" + r"\s+".join(map(re.escape, t.split())) + r"\b", re.IGNORECASE) for t in terms]
    regex_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = [
        {(m.start(), m.end(), i) for i, rx in enumerate(regexes) for m in rx.finditer(text)}
        for text in messages
    ]
    regex_s = time.perf_counter() - t0

    same = sum(a == b for a, b in zip(ours, theirs, strict=True))
    hits = sum(map(len, ours))
    print(f"{len(messages)} messages, {len(terms)} terms, {hits} hits")
    print(f"PhraseMatcher : {len(messages) / ours_s:10.1f} messages/s  (build {build * 1000:.0f} ms)")
    print(f"  non-ASCII   : {len(messages) / fancy_s:10.1f} messages/s")
    print(f"regex per term: {len(messages) / regex_s:10.1f} messages/s  (compile {regex_build * 1000:.0f} ms)")
    print(f"ratio         : {regex_s / ours_s:10.1f}x")
    print(f"same hits     : {same}/{len(messages)} messages")
    if same != len(messages):
        sys.exit("hits differ")


if __name__ == "__main__":
    main()
