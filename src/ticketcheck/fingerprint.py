"""What a case *is*, for recognising it again: an exact fingerprint and a set of word shingles.

The exact fingerprint is a SHA-256 over the normalized text (subject and body: case-folded
words, punctuation and spacing dropped) and the SHA-256 of every attachment's bytes, so
re-wrapped lines or a renamed copy of the same PDF still match. The shingles are hashed
runs of ``SHINGLE_WORDS`` consecutive words; two texts are near-duplicates when the Jaccard
index of their shingle sets is high. Changing one sentence of a ten-sentence case changes
only the shingles that overlap that sentence, while two different cases about the same
order share little beyond a greeting and the order ID.

Attachments are read only through ``attachments.resolve``: a path that leaves the case's
root is never opened, and its fingerprint part is just its name.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .attachments import AttachmentStore, resolve
from .case import Attachment, Case

#: Words per shingle. Five keeps a shared greeting or a shared order ID from making two
#: different cases look alike; the measurement is in the README (Case history).
SHINGLE_WORDS = 5
_WORD = re.compile(r"[^\W_]+")
_CHUNK = 1 << 16


@dataclass(frozen=True)
class AttachmentDigest:
    """An attachment as the ledger remembers it. ``sha256`` is None when it could not be read."""

    name: str
    sha256: str | None
    size: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "size": self.size}


@dataclass(frozen=True)
class CaseFingerprint:
    """The exact fingerprint of a case, its text hash, attachments and shingles."""

    fingerprint: str
    text_hash: str
    attachments: tuple[AttachmentDigest, ...]
    shingles: frozenset[int]


def words(text: str) -> list[str]:
    """Case-folded words of ``text``: what stays the same when a case is re-wrapped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashed ``size``-word shingles of ``text``; a shorter text is one shingle of all words."""
    tokens = words(text)
    if not tokens:
        return frozenset()
    if len(tokens) < size:
        return frozenset({_hash64(" ".join(tokens))})
    return frozenset(
        _hash64(" ".join(tokens[i : i + size])) for i in range(len(tokens) - size + 1)
    )


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b|; 0.0 when both are empty (nothing to compare is not a match)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def case_text(case: Case) -> str:
    """The text a fingerprint covers: the subject and the body."""
    return f"{case.subject}\n{case.body}"


def fingerprint_case(case: Case, store: AttachmentStore | None = None) -> CaseFingerprint:
    """Fingerprint a case: its normalized text and its attachments' bytes."""
    text = case_text(case)
    text_hash = hashlib.sha256(" ".join(words(text)).encode()).hexdigest()
    digests = tuple(_digest(a, case, store) for a in case.attachments)
    whole = hashlib.sha256(b"ticketcheck-fingerprint-1\ntext " + text_hash.encode())
    # Sorted by content, so the order the files are listed in does not matter.
    for part in sorted(d.sha256 or f"unreadable {d.name}" for d in digests):
        whole.update(b"\nattachment " + part.encode())
    return CaseFingerprint(whole.hexdigest(), text_hash, digests, shingles(text))


def pack_shingles(values: Iterable[int]) -> bytes:
    """Shingles as a compact blob for the ledger (sorted, 8 bytes each)."""
    ordered = sorted(values)
    return struct.pack(f">{len(ordered)}Q", *ordered)


def unpack_shingles(blob: bytes) -> frozenset[int]:
    """The inverse of ``pack_shingles``; a damaged blob yields the whole shingles it holds."""
    count = len(blob) // 8
    return frozenset(struct.unpack(f">{count}Q", blob[: count * 8]))


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def _digest(attachment: Attachment, case: Case, store: AttachmentStore | None) -> AttachmentDigest:
    if attachment.data is not None:
        data = attachment.data
        return AttachmentDigest(attachment.name, hashlib.sha256(data).hexdigest(), len(data))
    resolved = store.resolve(attachment) if store is not None else resolve(attachment, case.root)
    if resolved.path is None:
        return AttachmentDigest(attachment.name, None, None)
    digest = hashlib.sha256()
    size = 0
    try:
        with resolved.path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return AttachmentDigest(attachment.name, None, None)
    return AttachmentDigest(attachment.name, digest.hexdigest(), size)
