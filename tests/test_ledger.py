"""The ledger: fingerprints, similarity, recording, default path, concurrency, ``cases``."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import NOW
from ticketcheck.case import Attachment, Case
from ticketcheck.case_log import case_rows, cases_json, cases_text, describe_record, record_file
from ticketcheck.checks.deadline import Deadline
from ticketcheck.fingerprint import fingerprint_case, jaccard, shingles
from ticketcheck.ledger import (
    DEFAULT_THRESHOLD,
    LedgerError,
    Record,
    default_ledger,
    find_records,
    find_similar,
    list_records,
    record,
)

ORDER = "112-4829301-5738201"
ORIGINAL = (
    f"Hello Amazon team, I am writing about the A-to-Z claim on order {ORDER}. "
    "The buyer reports that the package never arrived. "
    "We shipped the order on November 1 with UPS, tracking number 1Z4F83W20398127465. "
    "UPS shows the package as delivered to the front door on November 3 at 2:14 PM. "
    "The carrier's proof of delivery with the GPS location is attached to this case. "
    "We also sent the buyer a message on November 4 offering help, and they did not reply. "
    "Since the package was delivered on time to the address the buyer gave, we ask you to "
    "decline the claim. Thank you for reviewing this case."
)
#: One sentence of eight reworded.
REWORDED = ORIGINAL.replace(
    "We also sent the buyer a message on November 4 offering help, and they did not reply.",
    "On November 4 we contacted the customer through Buyer-Seller Messaging but received "
    "no answer.",
)
#: Another case on the same order, from the same greeting and closing.
DIFFERENT = (
    f"Hello Amazon team, I am writing about the A-to-Z claim on order {ORDER}. "
    "The buyer says the blender arrived damaged and asked for a refund. "
    "We offered a free return label on November 10 and the buyer accepted it. "
    "The return has not reached our warehouse yet, and the label shows no carrier scan. "
    "Our return policy matches Amazon's, and we will refund in full as soon as the item is "
    "scanned. Please keep the claim on hold until the return is in transit. "
    "Thank you for reviewing this case."
)


def a_case(body: str = ORIGINAL, **fields: object) -> Case:
    values: dict[str, object] = {"category": "a-to-z", "order_id": ORDER, "body": body}
    values.update(fields)
    return Case.model_validate(values)


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite"


@pytest.mark.parametrize(
    ("other", "low", "high"),
    [
        (ORIGINAL, 1.0, 1.0),
        (ORIGINAL.replace(". ", ".\n").upper(), 1.0, 1.0),  # re-wrapped, re-cased
        (REWORDED, 0.6, 0.75),
        (DIFFERENT, 0.0, 0.15),
    ],
    ids=["same", "rewrapped", "reworded", "different"],
)
def test_similarity(other: str, low: float, high: float) -> None:
    score = jaccard(shingles(ORIGINAL), shingles(other))
    assert low <= score <= high


def test_fingerprint_ignores_wrapping_and_attachment_order() -> None:
    files = (Attachment(name="a.pdf", data=b"A"), Attachment(name="b.jpg", data=b"B"))
    one = fingerprint_case(a_case(attachments=files))
    two = fingerprint_case(a_case(ORIGINAL.replace(". ", ".\n\n"), attachments=files[::-1]))
    assert one.fingerprint == two.fingerprint
    changed = fingerprint_case(a_case(attachments=(files[0], Attachment(name="b.jpg", data=b"C"))))
    assert changed.fingerprint != one.fingerprint


def test_fingerprint_never_reads_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "cases"
    root.mkdir()
    (tmp_path / "secret.pdf").write_bytes(b"secret")
    (root / "pod.pdf").write_bytes(b"pod")
    case = a_case(
        root=root,
        attachments=(
            Attachment(name="../secret.pdf", path=root / "../secret.pdf"),
            Attachment(name="pod.pdf", path=root / "pod.pdf"),
        ),
    )
    outside, inside = fingerprint_case(case).attachments
    assert (outside.sha256, outside.size) == (None, None)
    assert inside.size == 3


def test_record_round_trip(ledger: Path) -> None:
    received = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    case = a_case(received_at=received, attachments=(Attachment(name="pod.pdf", data=b"%PDF"),))
    stored = record(case, "1234567890", ledger, now=NOW)
    assert isinstance(stored, Record)
    assert stored.id is not None
    (read,) = list_records(ledger)
    assert read == stored
    assert read.received_at == dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC)
    data = read.to_dict()
    assert data["case_id"] == "1234567890"
    assert data["submitted_at"] == "2026-11-26T12:00:00+00:00"
    assert data["attachments"][0]["size"] == 4
    json.dumps(data)  # JSON-ready
    with pytest.raises(AttributeError):
        read.case_id = "0"  # type: ignore[misc]  # frozen on purpose: a record is history


@pytest.mark.parametrize("case_id", ["123", "12345678901", "abcdefghij", ""])
def test_record_refuses_a_bad_case_id(ledger: Path, case_id: str) -> None:
    with pytest.raises(LedgerError, match="is not valid"):
        record(a_case(), case_id, ledger)
    assert not ledger.exists()


@pytest.mark.parametrize(
    ("body", "order", "category", "found"),
    [
        (ORIGINAL, ORDER, "a-to-z", [(True, 1.0)]),
        (REWORDED, ORDER, "a-to-z", [(False, 0.69)]),
        (DIFFERENT, ORDER, "a-to-z", []),
        (REWORDED, "113-1111111-2222222", "a-to-z", []),  # near-duplicates need the same order
        (REWORDED, ORDER, "account-health", []),  # ... and the same category
        (ORIGINAL, "113-1111111-2222222", "account-health", [(True, 1.0)]),  # exact: anywhere
    ],
)
def test_find_similar(
    ledger: Path, body: str, order: str, category: str, found: list[tuple[bool, float]]
) -> None:
    record(a_case(), "1234567890", ledger, now=NOW)
    matches = find_similar(a_case(body, order_id=order, category=category), ledger)
    assert [(m.exact, round(m.similarity, 2)) for m in matches] == found


def test_find_similar_threshold(ledger: Path) -> None:
    record(a_case(), "1234567890", ledger, now=NOW)
    assert find_similar(a_case(REWORDED), ledger, threshold=0.9) == []
    assert DEFAULT_THRESHOLD <= 0.6  # the reworded copy must stay above the default


def test_checking_never_creates_a_ledger(ledger: Path) -> None:
    assert find_similar(a_case(), ledger) == []
    assert list_records(ledger) == []
    assert find_records(ledger, order_id=ORDER) == []
    assert not ledger.exists()


def test_a_broken_ledger_is_a_ledger_error(ledger: Path) -> None:
    ledger.write_bytes(b"this is not a database" * 100)
    with pytest.raises(LedgerError):
        list_records(ledger)
    with pytest.raises(LedgerError):
        record(a_case(), "1234567890", ledger)


def test_default_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TICKETCHECK_LEDGER", raising=False)
    project = tmp_path / "repo"
    case = project / "cases" / "a-to-z" / "claim.md"
    case.parent.mkdir(parents=True)
    assert default_ledger(case) == case.parent / ".ticketcheck" / "ledger.sqlite"
    (project / ".git").mkdir()
    assert default_ledger(case) == project / ".ticketcheck" / "ledger.sqlite"
    (project / "cases" / ".ticketcheck.yaml").write_text("{}\n")
    assert default_ledger(case) == project / "cases" / ".ticketcheck" / "ledger.sqlite"
    monkeypatch.setenv("TICKETCHECK_LEDGER", str(tmp_path / "team.sqlite"))
    assert default_ledger(case) == tmp_path / "team.sqlite"


def test_recorded_path_is_relative_to_the_project(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cases").mkdir()
    case_file = tmp_path / "cases" / "claim.md"
    case_file.write_text(f"---\ncategory: a-to-z\norder_id: {ORDER}\n---\n{ORIGINAL}\n")
    entry, where = record_file(case_file, "1234567890", now=NOW)
    assert where == tmp_path / ".ticketcheck" / "ledger.sqlite"
    assert entry.path == "cases/claim.md"
    assert describe_record(entry, where) == (
        f"recorded case 1234567890 (cases/claim.md, a-to-z, order {ORDER}) "
        f"at 2026-11-26 12:00 UTC in {where}"
    )


def _record_many(ledger: str, worker: int, count: int, barrier: object) -> None:
    barrier.wait()  # type: ignore[attr-defined]  # a multiprocessing Barrier proxy
    for i in range(count):
        body = f"Worker {worker} case {i}: " + ORIGINAL
        record(a_case(body), f"{worker}{i:09d}", ledger, now=NOW)


def test_two_processes_recording_at_once_keep_every_record(ledger: Path) -> None:
    count = 50
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [
        context.Process(target=_record_many, args=(str(ledger), w, count, barrier))
        for w in (1, 2)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join()
    assert [p.exitcode for p in workers] == [0, 0]
    records = list_records(ledger)
    assert len(records) == 2 * count
    assert {r.case_id for r in records} == {f"{w}{i:09d}" for w in (1, 2) for i in range(count)}
    assert all(r.shingles and len(r.fingerprint) == 64 for r in records)
    with sqlite3.connect(ledger) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_cases_open_first(ledger: Path) -> None:
    hours = dt.timedelta(hours=1)
    record(a_case("closed " + ORIGINAL, received_at=NOW - 80 * hours), "1111111111", ledger,
           now=NOW - 70 * hours)  # fmt: skip
    record(a_case("late " + ORIGINAL, received_at=NOW - 60 * hours), "2222222222", ledger,
           now=NOW - 50 * hours)  # fmt: skip
    record(a_case("early " + ORIGINAL, received_at=NOW - 10 * hours), "3333333333", ledger,
           now=NOW - 5 * hours)  # fmt: skip
    record(a_case(DIFFERENT, category="account-health"), "4444444444", ledger, now=NOW - hours)
    windows = {"a-to-z": Deadline(id="response-deadline", check="deadline", window_hours=72)}
    rows = case_rows(ledger, now=NOW, windows=windows)
    assert [(r.record.case_id, r.open) for r in rows] == [
        ("2222222222", True),  # 12 hours left: the most urgent first
        ("3333333333", True),
        ("4444444444", None),  # no window; then newest first
        ("1111111111", False),
    ]
    data = cases_json(rows)
    assert data["version"] == 1
    assert data["cases"][0]["age_hours"] == 60.0
    assert data["cases"][0]["remaining_hours"] == 12.0
    assert data["cases"][0]["window_hours"] == 72.0
    assert data["cases"][2]["since"] == "submitted_at"
    lines = cases_text(rows).splitlines()
    assert lines[0].split() == ["CASE", "ID", "CATEGORY", "ORDER", "SUBMITTED", "AGE", "WINDOW",
                                "STATUS", "PATH"]  # fmt: skip
    assert "open, 12 hours left" in lines[1]
    assert lines[4].split()[-2:] == ["closed", "-"]


def test_cases_of_an_empty_ledger(ledger: Path) -> None:
    assert case_rows(ledger, now=NOW) == []
    assert cases_json([]) == {"version": 1, "cases": []}
    assert cases_text([], ledger) == f"no cases recorded in {ledger}\n"
