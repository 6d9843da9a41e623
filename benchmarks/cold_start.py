"""Cold start of the command line, beside plain seeded langdetect on the same text.

    .venv/bin/python benchmarks/cold_start.py [--repeats 9]

A pre-submit script or a pre-commit hook pays the process start on every run, so this
times whole fresh processes (wall clock, median of the repeats, after one warm-up run that
fills the bytecode and rule-set caches, as any commit after the first finds them):
``ticketcheck --version``; ``ticketcheck check`` on a one-page
English A-to-Z case with no attachment; and a plain Python process that seeds langdetect
and detects the language of the same text (the baseline the language issue names). The
machine is shared and noisy: compare the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from language_speed import ONE_PAGE_CASE

FRONT = """---
category: a-to-z
subject: Response to A-to-Z claim for order 112-4829301-5738201
order_id: 112-4829301-5738201
tracking_number: 1Z5R89390357567127
carrier: UPS
---
"""

PLAIN = (
    "import sys\n"
    "from langdetect import DetectorFactory, detect\n"
    "DetectorFactory.seed = 0\n"
    "print(detect(open(sys.argv[1], encoding='utf-8').read()))\n"
)


# An installed package has its bytecode compiled (pip does it at install time); this
# sandbox sets PYTHONDONTWRITEBYTECODE, which would make every run compile every module.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False, env=ENV)
    return time.perf_counter() - start


def timed(commands: list[list[str]], repeats: int) -> list[list[float]]:
    """Wall times of each command, run in rounds (one of each per round) so that a burst of
    load on the shared machine falls on all of them alike."""
    for command in commands:  # warm-up: bytecode and rule-set caches, as on a second commit
        _wall(command)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeats):
        for i, command in enumerate(commands):
            times[i].append(_wall(command))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        case = Path(folder) / "claim.md"
        case.write_text(FRONT + ONE_PAGE_CASE, encoding="utf-8")
        body = Path(folder) / "body.txt"
        body.write_text(ONE_PAGE_CASE, encoding="utf-8")
        script = Path(folder) / "plain.py"
        script.write_text(PLAIN, encoding="utf-8")
        python = sys.executable
        names = [
            "python -c pass (interpreter start)",
            "ticketcheck --version",
            "ticketcheck check claim.md",
            "plain seeded langdetect, same text",
        ]
        commands = [
            [python, "-c", "pass"],
            [python, "-m", "ticketcheck", "--version"],
            [python, "-m", "ticketcheck", "check", str(case)],
            [python, str(script), str(body)],
        ]
        times = timed(commands, args.repeats)
    for name, runs in zip(names, times, strict=True):
        print(f"{name:<40} {statistics.median(runs) * 1000:7.0f} ms")
    ratios = [check / plain for check, plain in zip(times[2], times[3], strict=True)]
    print(
        f"{'check / plain langdetect':<40} {statistics.median(ratios):7.2f}  "
        f"(median of {args.repeats} rounds; quartiles {_quartiles(ratios)}; target: under 0.5)"
    )
    return 0


def _quartiles(values: list[float]) -> str:
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"{q1:.2f}-{q3:.2f}"


if __name__ == "__main__":
    raise SystemExit(main())
