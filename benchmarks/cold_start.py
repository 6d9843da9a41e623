"""Cold start of the command line, beside plain seeded langdetect on the same text.

    .venv/bin/python benchmarks/cold_start.py [--repeats 9]

A pre-submit script or a pre-commit hook pays the process start on every run, so this
times whole fresh processes (wall clock, median of the repeats, after one warm-up run that
fills the bytecode caches): ``ticketcheck --version``; ``ticketcheck check`` on a one-page
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


def timed(command: list[str], repeats: int) -> float:
    subprocess.run(command, capture_output=True, check=False, env=ENV)  # warm-up: bytecode caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        case = Path(folder) / "claim.md"
        case.write_text(FRONT + ONE_PAGE_CASE, encoding="utf-8")
        body = Path(folder) / "body.txt"
        body.write_text(ONE_PAGE_CASE, encoding="utf-8")
        script = Path(folder) / "plain.py"
        script.write_text(PLAIN, encoding="utf-8")
        python = sys.executable
        rows = [
            ("python -c pass (interpreter start)", timed([python, "-c", "pass"], args.repeats)),
            ("ticketcheck --version", timed([python, "-m", "ticketcheck", "--version"], args.repeats)),
            ("ticketcheck check claim.md", timed([python, "-m", "ticketcheck", "check", str(case)], args.repeats)),
            ("plain seeded langdetect, same text", timed([python, str(script), str(body)], args.repeats)),
        ]
    for name, seconds in rows:
        print(f"{name:<40} {seconds * 1000:7.0f} ms")
    ratio = rows[2][1] / rows[3][1]
    print(f"{'check / plain langdetect':<40} {ratio:7.2f}  (target: under 0.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
