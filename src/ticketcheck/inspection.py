"""What an attachment really is: its format from the bytes, whether it opens, and why not.

``inspect_file`` and ``inspect_bytes`` never raise on bad content and never print: a corrupt,
encrypted, truncated or hostile file comes back as a ``FileInfo`` whose flags and
``problems`` say what is wrong. Checks (``attachment-format``, ``attachment-integrity``,
``required-proof``) read these verdicts; ``ticketcheck inspect`` prints them.

The format comes from magic bytes only (the name's extension is only compared with it).
PDFs are read with pypdf (``pdf_probe``), images with Pillow (``image_probe``); both are
imported inside the functions that need them, so ``import ticketcheck`` stays fast.

Every file is bounded: a file larger than ``InspectLimits.max_bytes`` is never read into
memory (its size comes from ``os.stat`` and only its first bytes are sniffed), and pages,
pixels, frames, decompressed bytes and seconds are capped per file.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from typing import Any

__all__ = [
    "FORMATS",
    "FileInfo",
    "InspectLimits",
    "describe_exception",
    "extension_matches",
    "inspect_bytes",
    "inspect_file",
    "pdf_header_offset",
    "sniff_format",
]

#: Every value ``FileInfo.format`` can take.
FORMATS = (
    "pdf", "jpeg", "png", "gif", "webp", "tiff", "bmp", "jp2", "heic", "avif",
    "svg", "html", "text", "zip", "empty", "unknown",
)  # fmt: skip

#: Held while a parser runs under ``warnings.catch_warnings``: the warning filters are
#: process-wide, so two threads entering and leaving it interleaved would leave them changed
#: for the whole process. ``check()`` is called from several threads by web services.
WARNINGS_LOCK = threading.RLock()

#: How many leading bytes are enough to sniff any format (Acrobat looks for ``%PDF-`` in
#: the first 1024 bytes; SVG and HTML may start after a long comment or BOM).
HEAD_BYTES = 8192

# Extensions that agree with each real format. A ZIP is also what Office/OpenDocument files
# are, so their extensions agree with "zip": telling a .docx from a renamed .zip needs more
# than magic bytes.
_EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "jpeg": frozenset({"jpg", "jpeg", "jpe", "jfif", "jif"}),
    "png": frozenset({"png"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    "tiff": frozenset({"tif", "tiff"}),
    "bmp": frozenset({"bmp", "dib"}),
    "jp2": frozenset({"jp2", "j2k", "jpf", "jpx", "jpm", "j2c", "jpc"}),
    "heic": frozenset({"heic", "heif", "heics", "heifs", "hif"}),
    "avif": frozenset({"avif", "avifs"}),
    "svg": frozenset({"svg"}),
    "html": frozenset({"html", "htm", "xhtml", "xht"}),
    "text": frozenset({"txt", "text", "csv", "tsv", "md", "log", "eml"}),
    "zip": frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"}),
}


@dataclass(frozen=True)
class InspectLimits:
    """Caps that keep one hostile file from taking the process down.

    ``max_pixels`` defaults to Pillow's own ``MAX_IMAGE_PIXELS`` (89.5 MP); it bounds
    width × height × frames. ``min_short_side`` is off by default: when set, an image whose
    shorter side is under it gets a "too small to be legible" problem.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_pages: int = 2000
    max_pixels: int = 89_478_485
    max_frames: int = 1000
    max_decompressed_bytes: int = 256 * 1024 * 1024
    max_seconds: float = 4.0  # a case must be checked in under 5 s, attachments included
    min_short_side: int | None = None


@dataclass(frozen=True)
class FileInfo:
    """What one attachment really is. ``to_dict()`` gives the ``ticketcheck inspect`` JSON.

    ``opens`` means: a PDF yields every page without a password; an image decodes every
    frame. ``corrupt`` can be true for a file that still opens (damage a reader repaired).
    """

    path: str
    size: int
    format: str
    extension_matches: bool
    opens: bool = False
    encrypted: bool = False
    needs_password: bool = False
    corrupt: bool = False
    bomb: bool = False
    pages: int | None = None
    width: int | None = None
    height: int | None = None
    frames: int | None = None
    problems: tuple[str, ...] = ()
    # Extras, after the DESIGN keys in to_dict().
    header_offset: int | None = None
    javascript: bool = False
    launch_action: bool = False
    embedded_files: bool = False
    orientation: int | None = None
    truncated: bool = False
    seconds: float = field(default=0.0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict, keys in DESIGN order then the extras (``seconds`` excluded, so
        the same file gives byte-identical JSON)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "seconds":
                continue
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def describe_exception(exc: BaseException) -> str:
    """``Type: first line of the message`` (capped), for problem strings."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def pdf_header_offset(head: bytes) -> int | None:
    """Where ``%PDF-`` starts within the first 1024 bytes (Acrobat's window), or None."""
    pos = head.find(b"%PDF-", 0, 1024 + 5)
    return None if pos < 0 or pos > 1024 else pos


def _is_bmp(head: bytes) -> bool:
    # "BM" alone starts plenty of text files: also require a known DIB header size.
    return (
        head[:2] == b"BM"
        and len(head) >= 18
        and int.from_bytes(head[14:18], "little") in {12, 16, 40, 52, 56, 64, 108, 124}
    )


def _isobmff_format(head: bytes) -> str | None:
    """heic or avif from an ISO-BMFF ``ftyp`` box (major and compatible brands)."""
    if head[4:8] != b"ftyp" or len(head) < 16:
        return None
    box_len = int.from_bytes(head[0:4], "big")
    end = min(max(box_len, 16), len(head), 256)
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    if brands & {b"avif", b"avis"}:
        return "avif"
    if brands & {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}:
        return "heic"
    return None


def _sniff_markup_or_text(head: bytes) -> str:
    body = head
    for bom in (b"\xef\xbb\xbf",):
        if body.startswith(bom):
            body = body[len(bom) :]
    if b"\x00" in body:
        return "unknown"
    lowered = body.lstrip().lower()
    if lowered.startswith(b"<svg") or (
        lowered.startswith((b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in lowered
    ):
        return "svg"
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        lowered.startswith((b"<?xml", b"<!--")) and b"<html" in lowered
    ):
        return "html"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The head may cut a multi-byte character in two: only the last 3 bytes may fail.
        if exc.start < len(body) - 3:
            return "unknown"
        text = body[: exc.start].decode("utf-8")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return "text" if controls == 0 else "unknown"


def sniff_format(head: bytes) -> str:
    """The real format of a file from its first bytes (``HEAD_BYTES`` are plenty).

    Signatures at byte 0 win; then a PDF header anywhere in the first 1024 bytes (Acrobat
    accepts that, and files do it: a ZIP signature at 0 with ``%PDF-`` at 1016 is a PDF to
    every PDF reader); then ZIP, markup and plain text.
    """
    if not head:
        return "empty"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    if head.startswith((b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")):
        return "jp2"
    isobmff = _isobmff_format(head)
    if isobmff:
        return isobmff
    if _is_bmp(head):
        return "bmp"
    if pdf_header_offset(head) is not None:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    return _sniff_markup_or_text(head)


def extension_matches(name: str, fmt: str) -> bool:
    """Whether ``name``'s extension agrees with the real format ``fmt``."""
    base = os.path.basename(name)
    if "." not in base.strip("."):
        return False
    ext = base.rsplit(".", 1)[1].lower()
    return ext in _EXTENSIONS.get(fmt, frozenset())


def _too_large(path: str, size: int, head: bytes, limits: InspectLimits) -> FileInfo:
    fmt = sniff_format(head)
    mb = limits.max_bytes / (1024 * 1024)
    return FileInfo(
        path=path,
        size=size,
        format=fmt,
        extension_matches=extension_matches(path, fmt),
        header_offset=pdf_header_offset(head) if fmt == "pdf" else None,
        problems=(
            f"too large to open: {size / (1024 * 1024):.1f} MB is over the {mb:g} MB "
            "inspection limit; only its first bytes were read",
        ),
    )


@dataclass(frozen=True)
class _Read:
    """A file read under the limits: the whole of it, or only its head when too large."""

    data: bytes
    size: int
    too_large: bool = False
    problem: str | None = None


_NOT_REGULAR = "is not a regular file (a directory, FIFO, device or socket)"


def _read_capped(name: str, limits: InspectLimits) -> _Read:
    """Read a regular file, never more than ``limits.max_bytes`` of it, never following a
    symlink and never opening a FIFO or device (which could block forever)."""
    try:
        st = os.lstat(name)
    except OSError as exc:
        return _Read(b"", 0, problem=f"cannot be read: {exc.strerror or exc}")
    if stat.S_ISLNK(st.st_mode):
        return _Read(b"", 0, problem="is a symbolic link: not followed")
    if not stat.S_ISREG(st.st_mode):
        return _Read(b"", 0, problem=_NOT_REGULAR)
    # O_NONBLOCK: if the path was swapped for a FIFO after lstat, open must not wait for a
    # writer; O_NOFOLLOW: nor for a symlink.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        return _Read(b"", st.st_size, problem=f"cannot be read: {exc.strerror or exc}")
    try:
        fst = os.fstat(fd)
        if not stat.S_ISREG(fst.st_mode):
            return _Read(b"", 0, problem=_NOT_REGULAR)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            if fst.st_size > limits.max_bytes:
                return _Read(fh.read(HEAD_BYTES), fst.st_size, too_large=True)
            # read(n) allocates n bytes up front, so ask for what stat promised (+1 to see
            # growth), never more than max_bytes + 1: a file growing as we read stays bounded.
            data = fh.read(min(fst.st_size, limits.max_bytes) + 1)
            if len(data) > fst.st_size and len(data) <= limits.max_bytes:
                data += fh.read(limits.max_bytes + 1 - len(data))
    except OSError as exc:
        return _Read(b"", st.st_size, problem=f"cannot be read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    if len(data) > limits.max_bytes:
        return _Read(data[:HEAD_BYTES], len(data), too_large=True)
    return _Read(data, len(data))


class TooSlow(BaseException):
    """Raised by ``hard_deadline``'s alarm inside a parser stuck past its deadline.

    A BaseException, so the parsers' own ``except Exception`` nets cannot swallow it (they
    turn every error into a "damaged" problem); their ``finally`` blocks still run."""


@contextmanager
def hard_deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` by raising ``TooSlow`` (main thread only).

    The parsers check their deadline between pages and frames, but one page of a hostile
    PDF (pypdf re-scanning the whole file for every broken object) or one frame of a GIF
    can take far longer. A POSIX interval timer stops it. Off the main thread, or when the
    program already uses SIGALRM or a timer, this does nothing and the cooperative
    deadline is all there is.
    """
    import signal

    usable = (
        seconds > 0  # nothing left to wait for: the cooperative deadline has passed already
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def inspect_file(path: str | os.PathLike[str], limits: InspectLimits = InspectLimits()) -> FileInfo:
    """Inspect the file at ``path``. Never raises for bad content or an unreadable path.

    Symlinks are not followed, and FIFOs, devices, sockets and directories are refused
    before anything is opened, so a hostile path cannot make this hang. A file over
    ``limits.max_bytes`` is sized with ``os.stat`` and only its head is read.
    """
    name = os.fspath(path)
    read = _read_capped(name, limits)
    if read.problem is not None:
        return FileInfo(
            path=name, size=read.size, format="unknown", extension_matches=False,
            problems=(read.problem,),
        )  # fmt: skip
    if read.too_large:
        return _too_large(name, read.size, read.data, limits)
    return inspect_bytes(read.data, name, limits)


def inspect_bytes(data: bytes, name: str, limits: InspectLimits = InspectLimits()) -> FileInfo:
    """Inspect an attachment held in memory; ``name`` is only used for its extension and
    for ``FileInfo.path``."""
    started = time.monotonic()
    size = len(data)
    if size > limits.max_bytes:
        return _too_large(name, size, data[:HEAD_BYTES], limits)
    head = data[:HEAD_BYTES]
    fmt = sniff_format(head)
    base: dict[str, Any] = {
        "path": name,
        "size": size,
        "format": fmt,
        "extension_matches": extension_matches(name, fmt),
    }
    try:
        with hard_deadline(limits.max_seconds + HARD_GRACE):
            info = _probe(data, fmt, base, limits, started + limits.max_seconds)
    except TooSlow:
        return _too_slow(base, limits, started)
    return replace(info, seconds=time.monotonic() - started)


def _probe(
    data: bytes, fmt: str, base: dict[str, Any], limits: InspectLimits, deadline: float
) -> FileInfo:
    """The format's own probe, its verdict as a FileInfo (``seconds`` set by the caller)."""
    if fmt == "empty":
        info = FileInfo(
            **base, corrupt=True, truncated=True, problems=("empty: the file has no bytes",)
        )
    elif fmt == "pdf":
        from ticketcheck.pdf_probe import probe_pdf

        pdf = probe_pdf(data, limits, deadline)
        info = FileInfo(
            **base,
            opens=pdf.opens,
            encrypted=pdf.encrypted,
            needs_password=pdf.needs_password,
            corrupt=pdf.corrupt,
            bomb=pdf.bomb,
            pages=pdf.pages,
            problems=tuple(pdf.problems),
            header_offset=pdf.header_offset,
            javascript=pdf.javascript,
            launch_action=pdf.launch_action,
            embedded_files=pdf.embedded_files,
            truncated=pdf.truncated,
        )
    elif fmt in {"jpeg", "png", "gif", "webp", "tiff", "bmp", "jp2", "heic", "avif"}:
        from ticketcheck.image_probe import probe_image

        img = probe_image(data, fmt, limits, deadline)
        info = FileInfo(
            **base,
            opens=img.opens,
            corrupt=img.corrupt,
            bomb=img.bomb,
            width=img.width,
            height=img.height,
            frames=img.frames,
            problems=tuple(img.problems),
            orientation=img.orientation,
            truncated=img.truncated,
        )
    else:
        what = {
            "svg": "an SVG vector drawing",
            "html": "an HTML page",
            "text": "plain text",
            "zip": "a ZIP archive",
        }.get(fmt, "of no known document or image format")
        info = FileInfo(**base, problems=(f"not a PDF or an image: the content is {what}",))
    return info


#: Seconds past the cooperative deadline before the alarm interrupts a parser.
HARD_GRACE = 0.5


def _too_slow(base: dict[str, Any], limits: InspectLimits, started: float) -> FileInfo:
    seconds = limits.max_seconds + HARD_GRACE
    return FileInfo(
        **base,
        problems=(f"too slow to check: gave up after {seconds:g} s (a damaged or hostile file?)",),
        seconds=time.monotonic() - started,
    )
