"""Does ``inspect_file`` agree with the corpus manifest's expected verdicts?

Usage: python benchmarks/corpus_conformance.py DIR

DIR holds the files and a ``manifest.yaml`` (see shared/corpus/files/SOURCE.md). For every
listed file this prints the per-field agreement (format, opens, encrypted, needs_password,
truncated_or_corrupt vs corrupt, bomb), every disagreement (``unsure`` entries marked: the
manifest itself calls those debatable), every crash, and the slowest file.

Exit status 1 when format, encrypted or needs_password disagree anywhere, when opens,
corrupt or bomb agree on fewer than 95% of the files, on any crash, or when any file takes
more than 2 s; 2 on a usage error.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path
from typing import Any

import yaml

# Run from a clean clone without installing: find the package in ../src.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ticketcheck.inspection import FileInfo, inspect_file

EXACT = ("format", "encrypted", "needs_password")
MOSTLY = ("opens", "corrupt", "bomb")
MIN_AGREEMENT = 0.95
MAX_SECONDS = 2.0
# The manifest's format enum has no svg, zip or empty: it files them under unknown.
_MANIFEST_FORMAT = {"svg": "unknown", "zip": "unknown", "empty": "unknown"}


def _ours(info: FileInfo, field: str) -> Any:
    if field == "format":
        return _MANIFEST_FORMAT.get(info.format, info.format)
    return getattr(info, field)


def _expected(entry: dict[str, Any], field: str) -> Any:
    expected = entry["expected"]
    return expected["truncated_or_corrupt"] if field == "corrupt" else expected[field]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    folder = Path(argv[0])
    manifest = yaml.safe_load((folder / "manifest.yaml").read_text(encoding="utf-8"))
    entries = manifest["files"]
    fields = EXACT + MOSTLY
    agree = dict.fromkeys(fields, 0)
    disagreements: list[str] = []
    crashes: list[str] = []
    slowest = (0.0, "")
    over_time: list[str] = []
    for entry in entries:
        name = entry["file"]
        started = time.perf_counter()
        try:
            info = inspect_file(folder / name)
        except Exception:
            crashes.append(f"{name}: {traceback.format_exc().strip().splitlines()[-1]}")
            continue
        seconds = time.perf_counter() - started
        slowest = max(slowest, (seconds, name))
        if seconds > MAX_SECONDS:
            over_time.append(f"{name}: {seconds:.2f} s")
        unsure = " [unsure]" if entry["expected"].get("unsure") or entry.get("unsure") else ""
        for field in fields:
            ours, expected = _ours(info, field), _expected(entry, field)
            if ours == expected:
                agree[field] += 1
            else:
                problems = "; ".join(info.problems) or "no problem reported"
                disagreements.append(
                    f"{name}{unsure}: {field} ours={ours} expected={expected} -- {problems}"
                )
    total = len(entries)
    failed = False
    print(f"corpus: {folder} ({total} files)")
    for field in fields:
        share = agree[field] / total if total else 1.0
        bar = 1.0 if field in EXACT else MIN_AGREEMENT
        verdict = "ok" if share >= bar else "FAIL"
        failed |= share < bar
        label = "truncated_or_corrupt->corrupt" if field == "corrupt" else field
        print(f"  {label:30} {agree[field]:4}/{total} {share:7.1%}  (need {bar:.0%}) {verdict}")
    print(f"disagreements: {len(disagreements)}")
    for line in disagreements:
        print(f"  {line}")
    print(f"crashes: {len(crashes)}")
    for line in crashes:
        print(f"  {line}")
    print(f"slowest: {slowest[1]} {slowest[0]:.3f} s (limit {MAX_SECONDS:g} s)")
    for line in over_time:
        print(f"  over the limit: {line}")
    failed |= bool(crashes) or bool(over_time)
    print("FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
