"""``check()`` from several threads at once gives what sequential calls give.

A web service checking uploads calls ``check`` from a thread pool; lazy globals (the rule-set
cache, the pydantic adapter, langdetect's profiles, Pillow's plug-ins) must not race.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.conftest import NOW
from ticketcheck.case import Attachment, Case, load_case
from ticketcheck.engine import check

BODIES = [
    "Hello Amazon team, the parcel was delivered on time. Please see the proof of delivery.",
    "Bonjour, le colis a été livré hier. Merci de vérifier la preuve de livraison ci-jointe.",
    "您好，包裹已于十一月二十日送达买家，附件是签收证明。",
    "Dear team, call me at +1 555 123 4567 or mail seller@example.com. {{buyer_name}}",
    "Root cause: wrong label. Corrective actions: relabelled. Preventive measures: checks.",
    "",
]


def _png(size: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (size % 255, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _cases(tmp_path: Path) -> list[Case]:
    png, pdf = _png(40), _pdf()
    (tmp_path / "pod.pdf").write_bytes(pdf)
    (tmp_path / "photo.png").write_bytes(png)
    (tmp_path / "broken.png").write_bytes(png[: len(png) // 2])
    cases: list[Case] = []
    for index, body in enumerate(BODIES):
        for category in ("a-to-z", "account-health", "category-approval", "nope"):
            cases.append(Case(category=category, body=body, order_id="112-4829301-5738201"))
            memory = (
                Attachment(name="pod.pdf", data=pdf, proof="proof-of-delivery"),
                Attachment(name=f"p{index}.png", data=_png(20 + index)),
                Attachment(name="cut.pdf", data=pdf[:200]),
            )
            cases.append(Case(category=category, body=body, attachments=memory))
        path = tmp_path / f"case{index}.md"
        path.write_text(
            "---\ncategory: a-to-z\ntracking_number: 1Z4F83W20398127465\ncarrier: UPS\n"
            "attachments:\n  - path: pod.pdf\n    proof: proof-of-delivery\n  - photo.png\n"
            "  - broken.png\n  - missing.pdf\n---\n" + body + "\n",
            encoding="utf-8",
        )
        cases.append(load_case(path))
    return cases


def _result(case: Case) -> tuple[object, ...]:
    report = check(case, now=NOW)
    assert not report.crashed, [f.message for f in report.findings if f.check == "internal-error"]
    return report.ok, tuple(
        (f.rule, f.check, f.severity, f.message, f.location) for f in report.findings
    )


def test_check_from_eight_threads_matches_sequential_results(tmp_path):
    cases = _cases(tmp_path) * 4
    # Threads first, so lazy loading (rule sets, detectors, plug-ins) happens under contention.
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(_result, cases))
    sequential = [_result(case) for case in cases]
    assert threaded == sequential


def test_concurrent_inspection_leaves_the_warning_filters_as_they_were():
    import warnings
    from concurrent.futures import ThreadPoolExecutor

    from tests.conftest import make_image, make_pdf
    from ticketcheck import inspect_bytes

    before = list(warnings.filters)
    files = [("a.png", make_image("PNG", (64, 64))), ("b.pdf", make_pdf(2))] * 32
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda item: inspect_bytes(item[1], item[0]), files))
    assert all(info.opens for info in results)
    assert list(warnings.filters) == before
