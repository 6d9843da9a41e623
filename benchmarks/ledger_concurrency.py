"""Do processes recording into one ledger at the same time keep every record intact?

Usage: python benchmarks/ledger_concurrency.py [--processes 2] [--count 500] [--ledger PATH]

Starts the processes together (a barrier), each recording ``--count`` distinct cases into
one fresh ledger (a temporary one unless ``--ledger`` names a new file), then checks that
the ledger holds exactly processes x count records, that every one reads back with the
fingerprint and shingles its case gives, and that SQLite's integrity check passes. Prints
the counts and the wall time; exit status 1 on any lost, duplicated or damaged record.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Run from a clean clone without installing: find the package in ../src.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ticketcheck.case import Case
from ticketcheck.fingerprint import fingerprint_case
from ticketcheck.ledger import list_records, record

BODY = (
    "Hello Amazon team, the buyer of order {order} reports that the package never arrived. "
    "UPS delivered it to the front door on November 3, and the proof of delivery is attached. "
    "We ask you to decline the claim. This is case {n} of worker {worker}."
)


def make_case(worker: int, n: int) -> Case:
    order = f"{100 + worker:03d}-{n:07d}-{worker * 1000 + n:07d}"
    return Case(
        category="a-to-z",
        order_id=order,
        body=BODY.format(order=order, n=n, worker=worker),
    )


def case_id(worker: int, n: int) -> str:
    return f"{worker}{n:09d}"


def _worker(ledger: str, worker: int, count: int, barrier: Any) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    barrier.wait()
    for n in range(count):
        record(make_case(worker, n), case_id(worker, n), ledger)


def run(ledger: Path, processes: int, count: int) -> tuple[list[str], float]:
    """Record concurrently; the problems found (empty when all is well) and the seconds."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    workers = [
        context.Process(target=_worker, args=(str(ledger), w, count, barrier))
        for w in range(1, processes + 1)
    ]
    started = time.perf_counter()
    for process in workers:
        process.start()
    for process in workers:
        process.join()
    seconds = time.perf_counter() - started
    problems = [f"worker {i + 1} exited with {p.exitcode}" for i, p in enumerate(workers)
                if p.exitcode != 0]  # fmt: skip
    records = list_records(ledger)
    expected = {case_id(w, n): (w, n) for w in range(1, processes + 1) for n in range(count)}
    if len(records) != len(expected):
        problems.append(f"{len(records)} records; expected {len(expected)}")
    seen: set[str] = set()
    for entry in records:
        if entry.case_id in seen or entry.case_id not in expected:
            problems.append(f"record {entry.id}: unexpected or repeated case {entry.case_id}")
            continue
        seen.add(entry.case_id)
        printed = fingerprint_case(make_case(*expected[entry.case_id]))
        if (entry.fingerprint, entry.shingles) != (printed.fingerprint, printed.shingles):
            problems.append(f"record {entry.id}: case {entry.case_id} does not read back intact")
    with sqlite3.connect(ledger) as conn:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        problems.append(f"integrity check: {verdict}")
    return problems, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--ledger", type=Path, help="a new file to record into")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        ledger = args.ledger or Path(folder) / "ledger.sqlite"
        if ledger.exists():
            print(f"{ledger} exists; name a new file", file=sys.stderr)
            return 2
        problems, seconds = run(ledger, args.processes, args.count)
        total = len(list_records(ledger))
    rate = total / seconds if seconds else 0.0
    print(f"{args.processes} processes x {args.count} cases: {total} records in {seconds:.2f} s "
          f"({rate:.0f} records/s)")  # fmt: skip
    for line in problems:
        print(f"FAIL: {line}")
    print("OK: every record intact" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
