"""How much reading a proof's text costs: the capped path against reading every page.

Usage: python benchmarks/proof_text.py [PAGES]   (default 500)

Writes a PDF of PAGES text pages (each about 40 lines, with the delivery wording and the
tracking number on page 1) to a temporary folder, then reads it twice, each in a fresh
state:

- ``ticketcheck``: what ``required-proof`` does, ``proof_text.read_text`` with the rule's
  default caps (5 pages, 50,000 characters) and then the proof-of-delivery match;
- ``pypdf full``: ``PdfReader`` and ``extract_text()`` on every page.

Prints wall time (best of 3) and peak Python memory (tracemalloc) of each. Exit status 1
if the capped path is not faster than the full read.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run from a clean clone without installing: find the package in ../src, the factory in tests.
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.pdf_factory import make_pdf  # noqa: E402  (needs the path set above)
from ticketcheck.attachments import AttachmentStore  # noqa: E402
from ticketcheck.case import Attachment  # noqa: E402
from ticketcheck.proof_text import read_text  # noqa: E402
from ticketcheck.proofs import DEFAULT_KINDS, read_proof  # noqa: E402

TRACKING = "1Z4F83W20398127463"
LINE = "Item {n:04d}  Blue widget, 12 units, carton {n}, handled at sort centre 7 on route 12"


def _pages(count: int) -> list[str]:
    first = f"UPS Proof of Delivery\nTracking number: {TRACKING}\nDelivered: Nov 3, 2026\n"
    return [
        (first if i == 0 else "") + "\n".join(LINE.format(n=i * 40 + j) for j in range(40))
        for i in range(count)
    ]


def _ours(path: Path) -> int:
    store = AttachmentStore(path.parent)
    attachment = Attachment(name=path.name, path=path, proof="proof-of-delivery")
    text = read_text(attachment, store, max_pages=5, max_chars=50_000)
    reading = read_proof(DEFAULT_KINDS["proof-of-delivery"], text.text,
                         tracking_number=TRACKING, order_id=None, now=dt.date(2026, 11, 26))  # fmt: skip
    assert reading.matches, reading
    return len(text.text)


def _pypdf_full(path: Path) -> int:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return sum(len(page.extract_text() or "") for page in reader.pages)


def _measure(run: Callable[[Path], int], path: Path) -> tuple[float, float, int]:
    """(best seconds of 3, peak MB, characters read)."""
    best = float("inf")
    chars = 0
    for _ in range(3):
        started = time.perf_counter()
        chars = run(path)
        best = min(best, time.perf_counter() - started)
    tracemalloc.start()
    run(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / (1024 * 1024), chars


def main(argv: list[str]) -> int:
    pages = int(argv[0]) if argv else 500
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pod.pdf"
        path.write_bytes(make_pdf(_pages(pages)))
        size = path.stat().st_size / (1024 * 1024)
        print(f"{pages}-page PDF, {size:.1f} MB")
        _pypdf_full(path)  # warm up: import pypdf outside the timings
        results = {"ticketcheck (5 pages, 50k chars)": _measure(_ours, path),
                   "pypdf full read": _measure(_pypdf_full, path)}  # fmt: skip
    for name, (seconds, peak, chars) in results.items():
        print(f"{name:34} {seconds * 1000:9.1f} ms  peak {peak:7.1f} MB  {chars:>10,} chars")
    ours, full = results.values()
    print(f"speed-up x{full[0] / ours[0]:.0f}, memory /{full[1] / max(ours[1], 1e-9):.0f}")
    return 0 if ours[0] < full[0] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
