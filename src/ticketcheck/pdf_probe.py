"""The PDF side of ``inspect``: does it open, is it encrypted, damaged, or active?

pypdf reads in non-strict mode, as Amazon's reviewers' viewers do: damage that a reader
repairs on the fly (a wrong ``startxref``, a broken xref table, a header after leading junk)
still opens, but it is reported as ``corrupt`` because pypdf said it repaired something. pypdf
reports those repairs through the ``pypdf`` logger and ``warnings``; both are captured here
for the current thread only, so the library never prints and concurrent inspections do not
steal each other's messages.

Each page's content stream is inflated here with ``zlib`` rather than by pypdf, for two
reasons: pypdf silently tolerates a bad zlib checksum (damage we want to report), and a
decompressed-bytes budget (``InspectLimits.max_decompressed_bytes``) caps memory on a
deflate bomb.

``extract_pdf_text`` gives the text of the first pages, capped, for checks that verify a
proof (a proof of delivery, an invoice) by its content.
"""

from __future__ import annotations

import io
import logging
import os
import threading
import time
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ticketcheck.inspection import HARD_GRACE, WARNINGS_LOCK, TooSlow, hard_deadline
from ticketcheck.inspection import describe_exception as _describe

if TYPE_CHECKING:
    from ticketcheck.inspection import InspectLimits

__all__ = ["PdfProbe", "PdfText", "extract_pdf_text", "probe_pdf"]

# How far we walk action chains (/Next) and form-field trees: hostile files loop them.
_MAX_DEPTH = 16
_MAX_ANNOTS_PER_PAGE = 1000
_MAX_FIELDS = 5000
_INFLATE_STEP = 1 << 20


@dataclass
class PdfProbe:
    """What ``probe_pdf`` found; ``inspection`` copies it into a ``FileInfo``."""

    opens: bool = False
    encrypted: bool = False
    needs_password: bool = False
    corrupt: bool = False
    bomb: bool = False
    truncated: bool = False
    pages: int | None = None
    header_offset: int | None = None
    javascript: bool = False
    launch_action: bool = False
    embedded_files: bool = False
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PdfText:
    """Text of the first pages of a PDF.

    ``no_text_layer`` is true when the pages read hold no extractable text (a scan or a
    photo saved as PDF: its content can only be checked by OCR). ``truncated`` is true when
    pages or characters beyond the caps were left out.
    """

    text: str
    pages_read: int
    page_count: int | None
    no_text_layer: bool
    truncated: bool
    problems: tuple[str, ...] = ()


class _Budget(Exception):
    """Raised when the decompressed-bytes budget runs out."""


class _ThreadMessages(logging.Handler):
    """Collects pypdf log records emitted by the thread that created it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a malformed record must not break inspection
            self.messages.append(str(record.msg))


@contextmanager
def _pypdf_messages() -> Iterator[list[str]]:
    """Capture what pypdf logs and warns while reading: each message is a repair it made.

    Adding a handler to the ``pypdf`` logger also keeps Python's last-resort handler from
    printing these messages to stderr.
    """
    handler = _ThreadMessages()
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    try:
        # catch_warnings is process-wide; pypdf's own warnings are rare next to its logging.
        with WARNINGS_LOCK, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler.messages
        handler.messages.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)


def _resolve(obj: Any) -> Any:
    get_object = getattr(obj, "get_object", None)
    return get_object() if get_object is not None else obj


def _filters(stream: Any) -> list[str]:
    value = _resolve(stream.get("/Filter"))
    if value is None:
        return []
    if isinstance(value, list):
        return [str(_resolve(v)) for v in value]
    return [str(value)]


def _inflate(raw: bytes, budget: list[int]) -> None:
    """Inflate ``raw`` fully, spending ``budget[0]`` bytes; raises zlib.error on damage."""
    inflater = zlib.decompressobj()
    pending = raw
    while pending:
        out = inflater.decompress(pending, _INFLATE_STEP)
        budget[0] -= len(out)
        if budget[0] < 0:
            raise _Budget
        pending = inflater.unconsumed_tail
        if inflater.eof:
            return
    if not inflater.eof:
        raise zlib.error("the compressed data ends early")


def _touch_contents(page: Any, budget: list[int]) -> None:
    """Resolve the page's content stream(s) and decode them within the budget."""
    from pypdf.generic import ArrayObject, StreamObject

    contents = _resolve(page.get("/Contents"))
    if contents is None:
        return
    streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
    for item in streams:
        stream = _resolve(item)
        if not isinstance(stream, StreamObject):
            raise ValueError("the /Contents entry is not a stream")
        filters = _filters(stream)
        # pypdf keeps a stream's still-encoded (already decrypted) bytes in _data; there is no
        # public accessor for them.
        raw = getattr(stream, "_data", None)
        if filters and filters[0] in {"/FlateDecode", "/Fl"} and isinstance(raw, bytes):
            _inflate(raw, budget)
        elif filters:
            budget[0] -= len(stream.get_data())
            if budget[0] < 0:
                raise _Budget


def _scan_action(action: Any, probe: PdfProbe, depth: int = 0) -> None:
    from pypdf.generic import DictionaryObject

    action = _resolve(action)
    if depth > _MAX_DEPTH:
        return
    if isinstance(action, list):
        for item in action[:_MAX_ANNOTS_PER_PAGE]:
            _scan_action(item, probe, depth + 1)
        return
    if not isinstance(action, DictionaryObject):
        return
    kind = action.get("/S")
    if kind == "/JavaScript" or "/JS" in action:
        probe.javascript = True
    elif kind == "/Launch":
        probe.launch_action = True
    elif kind == "/GoToE":
        probe.embedded_files = True
    if "/Next" in action:
        _scan_action(action["/Next"], probe, depth + 1)


def _scan_additional_actions(holder: Any, probe: PdfProbe) -> None:
    from pypdf.generic import DictionaryObject

    aa = _resolve(holder.get("/AA"))
    if isinstance(aa, DictionaryObject):
        for value in list(aa.values())[:64]:
            _scan_action(value, probe)


def _scan_page(page: Any, probe: PdfProbe) -> None:
    from pypdf.generic import DictionaryObject

    _scan_additional_actions(page, probe)
    annots = _resolve(page.get("/Annots"))
    if not isinstance(annots, list):
        return
    for ref in annots[:_MAX_ANNOTS_PER_PAGE]:
        annot = _resolve(ref)
        if not isinstance(annot, DictionaryObject):
            continue
        if annot.get("/Subtype") == "/FileAttachment":
            probe.embedded_files = True
        if "/A" in annot:
            _scan_action(annot["/A"], probe)
        _scan_additional_actions(annot, probe)


def _scan_fields(fields: Any, probe: PdfProbe) -> None:
    from pypdf.generic import DictionaryObject

    stack = [(f, 0) for f in fields] if isinstance(fields, list) else []
    seen = 0
    while stack and seen < _MAX_FIELDS:
        ref, depth = stack.pop()
        seen += 1
        node = _resolve(ref)
        if not isinstance(node, DictionaryObject) or depth > _MAX_DEPTH:
            continue
        if "/A" in node:
            _scan_action(node["/A"], probe)
        _scan_additional_actions(node, probe)
        kids = _resolve(node.get("/Kids"))
        if isinstance(kids, list):
            stack.extend((k, depth + 1) for k in kids)


def _scan_catalog(reader: Any, probe: PdfProbe) -> None:
    from pypdf.generic import DictionaryObject

    root = _resolve(reader.trailer.get("/Root"))
    if not isinstance(root, DictionaryObject):
        return
    names = _resolve(root.get("/Names"))
    if isinstance(names, DictionaryObject):
        if "/JavaScript" in names:
            probe.javascript = True
        if "/EmbeddedFiles" in names:
            probe.embedded_files = True
    open_action = _resolve(root.get("/OpenAction"))
    if isinstance(open_action, DictionaryObject):
        _scan_action(open_action, probe)
    _scan_additional_actions(root, probe)
    form = _resolve(root.get("/AcroForm"))
    if isinstance(form, DictionaryObject):
        _scan_fields(_resolve(form.get("/Fields")), probe)


def _open_reader(data: bytes, probe: PdfProbe) -> Any | None:
    """A PdfReader on ``data``, decrypted with the empty password where needed; None (and
    the reason in ``probe``) when it needs a password or cannot be decrypted here."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    reader = PdfReader(io.BytesIO(data), strict=False)
    if not reader.is_encrypted:
        return reader
    probe.encrypted = True
    try:
        opened = reader.decrypt("")
    except DependencyError:
        probe.problems.append(
            "encrypted with AES: cannot be checked without the cryptography package"
        )
        return None
    if not opened:
        probe.needs_password = True
        probe.problems.append("password-protected: the empty password does not open it")
        return None
    probe.problems.append(
        "encrypted, though it opens without a password; some upload forms refuse encrypted PDFs"
    )
    return reader


def _read_pages(reader: Any, probe: PdfProbe, limits: InspectLimits, deadline: float) -> None:
    count = len(reader.pages)
    probe.pages = count
    if count == 0:
        probe.corrupt = True
        probe.problems.append("damaged: the PDF has no pages")
        return
    checked = min(count, limits.max_pages)
    if count > checked:
        probe.problems.append(f"has {count} pages; only the first {checked} were checked")
    budget = [limits.max_decompressed_bytes]
    for index in range(checked):
        if time.monotonic() > deadline:
            probe.problems.append(
                f"too slow to check: gave up after {limits.max_seconds:g} s at page "
                f"{index + 1} of {count}"
            )
            return
        try:
            page = reader.pages[index]
            _touch_contents(page, budget)
            _scan_page(page, probe)
        except _Budget:
            probe.bomb = True
            probe.problems.append(
                "decompression bomb: page content inflates past the "
                f"{limits.max_decompressed_bytes // (1024 * 1024)} MB limit (page {index + 1})"
            )
            return
        except zlib.error as exc:
            probe.corrupt = True
            probe.problems.append(
                f"damaged: the content stream of page {index + 1} does not decompress ({exc})"
            )
            # The page still renders in lenient readers: go on checking the others.
            continue
        except Exception as exc:
            probe.corrupt = True
            probe.problems.append(f"damaged: page {index + 1} cannot be read ({_describe(exc)})")
            return
    probe.opens = True


# pypdf messages that are not damage: a header after leading bytes (reported on its own,
# with the offset), and a catalog that lacks /Type /Catalog, which pypdf finds anyway
# (sloppy but harmless; qpdf and pikepdf open such files without complaint).
_NOT_DAMAGE = ("invalid pdf header",)
_ROOT_SEARCH = (
    "invalid root object in trailer",
    'searching object with "/catalog" key',
    "possible root found",
)


def _damage_messages(messages: list[str]) -> list[str]:
    lowered = [m.strip().lower() for m in messages]
    root_search = any(m.startswith(_ROOT_SEARCH) for m in lowered)
    damage = []
    for original, low in zip(messages, lowered, strict=True):
        if not low or low.startswith(_NOT_DAMAGE) or low.startswith(_ROOT_SEARCH):
            continue
        # While searching for a catalog pypdf probes object numbers that need not exist.
        if root_search and low.startswith("object ") and low.endswith("not defined."):
            continue
        damage.append(original.strip())
    return damage


def probe_pdf(data: bytes, limits: InspectLimits, deadline: float) -> PdfProbe:
    """Inspect PDF bytes. Never raises: every parser exception becomes ``corrupt``."""
    from ticketcheck.inspection import pdf_header_offset

    probe = PdfProbe()
    offset = pdf_header_offset(data[:2048])
    probe.header_offset = offset
    if offset:
        probe.problems.append(
            f"the PDF header is at byte {offset}, not at the start; some readers reject it"
        )
        # Offsets inside a PDF count from its header (that is how Acrobat and qpdf read a
        # file with leading junk), so parse from there: otherwise every xref offset looks
        # wrong and a sound file would be reported as repaired.
        data = data[offset:]
    if b"%%EOF" not in data[-1024:]:
        probe.truncated = True
        probe.corrupt = True
        probe.problems.append("truncated: the file does not end with %%EOF; it was cut off")
    messages: list[str] = []
    try:
        with _pypdf_messages() as messages:
            reader = _open_reader(data, probe)
            if reader is not None:
                if "/Size" not in reader.trailer:
                    probe.corrupt = True
                    probe.problems.append("damaged: the trailer has no /Size entry")
                _read_pages(reader, probe, limits, deadline)
                _scan_catalog(reader, probe)
    except Exception as exc:
        probe.opens = False
        probe.corrupt = True
        probe.problems.append(f"damaged: cannot be read as a PDF ({_describe(exc)})")
    repairs = _damage_messages(messages)
    if repairs:
        probe.corrupt = True
        probe.problems.append(f"damaged: the reader had to repair it ({repairs[0]})")
    if probe.javascript:
        probe.problems.append("contains JavaScript, which upload checks and viewers may block")
    if probe.launch_action:
        probe.problems.append("has a launch action that starts another program")
    if probe.embedded_files:
        probe.problems.append("has files embedded in it")
    return probe


def extract_pdf_text(
    source: bytes | str | os.PathLike[str],
    max_pages: int = 5,
    max_chars: int = 50_000,
    limits: InspectLimits | None = None,
) -> PdfText:
    """The text of the first ``max_pages`` pages, at most ``max_chars`` characters.

    Never raises for bad content: an unreadable, encrypted or damaged PDF gives empty text
    and a problem. ``source`` is the PDF's bytes or a path (read with the same safety rules
    as ``inspect_file``).
    """
    from ticketcheck.inspection import InspectLimits, _read_capped

    limits = limits or InspectLimits()
    if isinstance(source, bytes):
        data = source
    else:
        read = _read_capped(os.fspath(source), limits)
        if read.problem is not None or read.too_large:
            problem = read.problem or "too large to open"
            return PdfText("", 0, None, True, False, (problem,))
        data = read.data
    probe = PdfProbe()
    parts: list[str] = []
    problems: list[str] = []
    pages_read = 0
    count: int | None = None
    truncated = False
    chars = 0
    deadline = time.monotonic() + limits.max_seconds
    try:
        with hard_deadline(limits.max_seconds + HARD_GRACE), _pypdf_messages():
            reader = _open_reader(data, probe)
            if reader is None:
                problems.extend(p for p in probe.problems if not p.startswith("encrypted, though"))
            else:
                count = len(reader.pages)
                for index in range(min(count, max_pages)):
                    if time.monotonic() > deadline:
                        truncated = True
                        break
                    text = reader.pages[index].extract_text() or ""
                    pages_read += 1
                    if chars + len(text) > max_chars:
                        parts.append(text[: max_chars - chars])
                        truncated = True
                        break
                    parts.append(text)
                    chars += len(text)
                if count > max_pages:
                    truncated = True
    except TooSlow:
        truncated = True
        problems.append(f"too slow to read: gave up after {limits.max_seconds + HARD_GRACE:g} s")
    except Exception as exc:
        problems.append(f"damaged: cannot read its text ({_describe(exc)})")
    joined = "\n".join(parts)
    no_text = not joined.strip()
    if no_text:
        joined = ""
    if no_text and pages_read:
        problems.append("no text layer: the pages read hold no text (a scan or a photo?)")
    return PdfText(joined, pages_read, count, no_text, truncated, tuple(problems))
