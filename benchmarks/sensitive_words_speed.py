"""How fast is the ``sensitive-words`` check, end to end, against one regex per term?

1,000 generated customer-service messages are checked with ``ticketcheck.check`` against a
rule set holding one ``sensitive-words`` rule of 5,000 generated terms (single words and 2-3
word phrases; seeded). In the same run, the same messages go through a plain loop of one
compiled, case-insensitive, ``\\b``-bounded regex per term: what a hand-rolled filter does.
The check's side includes everything a user pays for: folding, matching, building findings,
locating them, suppressions and sorting. Compiling the rule (once per process) is timed apart.

    .venv/bin/python benchmarks/sensitive_words_speed.py [--messages N] [--terms N] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ticketcheck import Case, check
from ticketcheck.checks.sensitive_words import SensitiveWords
from ticketcheck.ruleset import RuleSet

# The same generated vocabulary, terms and messages as wording_speed.py, so the two
# benchmarks measure the same input: the matcher alone there, the whole check here.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from wording_speed import make_message, make_terms


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20240503)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    terms = make_terms(args.terms, rng)
    cases = [
        Case(category="bench", subject="Order update", body=make_message(rng, terms))
        for _ in range(args.messages)
    ]

    t0 = time.perf_counter()
    rule = SensitiveWords.model_validate(
        {"id": "bench", "check": "sensitive-words", "terms": terms, "fields": ["body"]}
    )
    ruleset = RuleSet(name="bench", rules=(rule,))
    build = time.perf_counter() - t0
    check(cases[0], ruleset)  # warm the folding cache, as a long-running process would be
    t0 = time.perf_counter()
    findings = sum(len(check(case, ruleset).findings) for case in cases)
    ours = time.perf_counter() - t0

    t0 = time.perf_counter()
    regexes = [
        re.compile(r"\b" + r"\s+".join(map(re.escape, t.split())) + r"\b", re.IGNORECASE)
        for t in terms
    ]
    compile_time = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = sum(1 for case in cases for rx in regexes for _ in rx.finditer(case.body))
    theirs = time.perf_counter() - t0

    n = len(cases)
    print(f"{n} messages, {len(terms)} terms")
    print(f"sensitive-words check : {n / ours:10.1f} messages/s  (rule compiled in {build * 1000:.0f} ms;"
          f" {findings} findings)")
    print(f"regex per term        : {n / theirs:10.1f} messages/s  (compiled in {compile_time * 1000:.0f} ms;"
          f" {hits} hits)")
    print(f"ratio                 : {theirs / ours:10.1f}x")


if __name__ == "__main__":
    main()
