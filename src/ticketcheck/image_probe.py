"""The image side of ``inspect``: dimensions, frames, decodability, bombs, orientation.

Order matters here, and each step is there for a file that beat the naive order:

1. Header dimensions are read with the format's Pillow plugin directly, *without*
   ``Image.open``'s own bomb check, and compared with ``InspectLimits.max_pixels``
   (width × height × frames) before any pixel is decoded. Pillow's own
   ``DecompressionBombError`` (at open, or at a later frame, as in a GIF whose second frame
   has huge extents) is caught and reported as ``bomb``; its ``DecompressionBombWarning`` is
   swallowed, because the limit that counts is ours (so a caller's larger ``max_pixels`` is
   honoured up to Pillow's hard error at twice its ``MAX_IMAGE_PIXELS``). Pillow's global
   settings are never changed.
2. Every frame is decoded: damage can hide after the first.
3. Metadata (EXIF orientation) is read only after decoding, because reading it first can
   swallow a decode error.

HEIC needs the optional ``pillow-heif`` plug-in to decode. Without it, a HEIC file is still
sized from its ``ispe`` box (so a 200-megapixel photo is still a bomb), and reported as not
openable here: Amazon does not accept HEIC anyway, so the advice is the same either way,
convert it to JPEG.
"""

from __future__ import annotations

import functools
import io
import time
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ticketcheck.inspection import WARNINGS_LOCK, describe_exception

if TYPE_CHECKING:
    from ticketcheck.inspection import InspectLimits

__all__ = [
    "ImageProbe",
    "gif_frames",
    "heif_dimensions",
    "isobmff_damage",
    "jpeg_frame_header",
    "probe_image",
]

# Pillow's format ids for our format names.
_PIL_ID = {
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WEBP",
    "tiff": "TIFF",
    "bmp": "BMP",
    "jp2": "JPEG2000",
    "avif": "AVIF",
    "heic": "HEIF",
}

# JPEG start-of-frame markers that libjpeg-turbo (Pillow's) cannot decode: lossless and
# hierarchical processes (arithmetic-coded sequential and progressive ones it can).
_JPEG_UNSUPPORTED_SOF = {0xC3, 0xC5, 0xC6, 0xC7, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC9, 0xCA} | _JPEG_UNSUPPORTED_SOF


@dataclass
class ImageProbe:
    """What ``probe_image`` found; ``inspection`` copies it into a ``FileInfo``."""

    opens: bool = False
    corrupt: bool = False
    truncated: bool = False
    bomb: bool = False
    width: int | None = None
    height: int | None = None
    frames: int | None = None
    orientation: int | None = None
    problems: list[str] = field(default_factory=list)


def jpeg_frame_header(data: bytes) -> tuple[int, int, int, int] | None:
    """``(sof_marker, precision, width, height)`` from the first SOFn segment, or None.

    Walks marker segments only (never entropy-coded data), so it is cheap and bounded.
    """
    pos = 2
    end = len(data)
    while pos + 4 <= end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in {0xD8, 0x01} or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if marker in {0xD9, 0xDA}:  # end of image, start of scan: no frame header before
            return None
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker in _JPEG_SOF:
            if pos + 9 > end:
                return None
            precision = data[pos + 4]
            height = int.from_bytes(data[pos + 5 : pos + 7], "big")
            width = int.from_bytes(data[pos + 7 : pos + 9], "big")
            return marker, precision, width, height
        if length < 2:
            return None
        pos += 2 + length
    return None


def heif_dimensions(data: bytes) -> tuple[int, int] | None:
    """The largest ``ispe`` (image spatial extents) box of a HEIF/AVIF file, or None.

    A gridded photo has one ``ispe`` per tile and one for the whole grid: the largest is
    the image. This needs no decoder, so it works without pillow-heif.
    """
    best: tuple[int, int] | None = None
    pos = data.find(b"ispe")
    while pos >= 0 and pos + 16 <= len(data):
        width = int.from_bytes(data[pos + 8 : pos + 12], "big")
        height = int.from_bytes(data[pos + 12 : pos + 16], "big")
        if best is None or width * height > best[0] * best[1]:
            best = (width, height)
        pos = data.find(b"ispe", pos + 4)
    return best


def isobmff_damage(data: bytes) -> str | None:
    """Why the top-level box structure of a HEIF/AVIF file is broken, or None.

    Cheap and decoder-free: every box must have a known-good size and end inside the
    file, so a cut-off ``mdat`` or a garbage box shows up even without pillow-heif.
    """
    pos, end = 0, len(data)
    while pos < end:
        if pos + 8 > end:
            return f"truncated: a box header is cut off at byte {pos}"
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if size == 1 and pos + 16 <= end:
            size = int.from_bytes(data[pos + 8 : pos + 16], "big")
        elif size == 0:  # the box runs to the end of the file
            size = end - pos
        if size < 8 or not kind.isascii() or not kind.strip(b" ").isalnum():
            return f"damaged: an invalid box at byte {pos}"
        if pos + size > end:
            name = kind.decode("ascii")
            return f"truncated: the '{name}' box needs {pos + size - end:,} more bytes than the file has"
        pos += size
    return None


@functools.cache
def _heif_plugin() -> bool:
    """Register pillow-heif's opener once, if it is installed."""
    try:
        from pillow_heif import register_heif_opener  # type: ignore[import-not-found]  # optional plug-in
    except ImportError:
        return False
    register_heif_opener()
    return True


def _min_encoded_bytes(fmt: str, data: bytes, pixels: int) -> int | None:
    """The fewest bytes that can hold ``pixels`` in this format, where a floor is known.

    Used only on images already refused as bombs, to tell a genuine huge image from a small
    file whose header was edited to claim a huge size (its data must be cut short).
    """
    if fmt == "jpeg":
        # Huffman-coded JPEG spends at least 1 bit per 8x8 block of luma.
        return pixels // 512
    if fmt == "gif":
        # LZW: a 12-bit code stands for at most 4096 pixels.
        return pixels * 12 // (8 * 4096)
    if fmt == "png":
        # Deflate expands at most 1032:1, and a pixel is at least 1 bit.
        return pixels // 8 // 1032
    if fmt == "bmp" and len(data) >= 34:
        header_size = int.from_bytes(data[14:18], "little")
        compression = int.from_bytes(data[30:34], "little") if header_size >= 40 else 0
        bits = int.from_bytes(data[28:30], "little") if header_size >= 40 else 1
        if compression in {0, 3}:  # uncompressed: RLE can legally skip pixels
            return pixels * max(bits, 1) // 8
    return None


def _record_failure(exc: BaseException, probe: ImageProbe, where: str) -> None:
    from PIL import Image

    message = str(exc).lower()
    if isinstance(exc, Image.DecompressionBombError):
        probe.bomb = True
        probe.problems.append(f"decompression bomb: {where} is larger than Pillow's pixel limit")
    elif isinstance(exc, ValueError) and "decompressed data too large" in message:
        probe.bomb = True
        probe.problems.append(
            "decompression bomb: a compressed metadata chunk inflates past Pillow's limit"
        )
    elif isinstance(exc, OSError) and ("truncated" in message or "not enough data" in message):
        probe.truncated = True
        probe.corrupt = True
        probe.problems.append(f"truncated: image data ends early ({where})")
    else:
        probe.corrupt = True
        probe.problems.append(f"damaged: cannot decode {where} ({describe_exception(exc)})")


def _open_header(data: bytes, fmt: str) -> Any:
    """The Pillow image for ``data`` with only its header parsed, skipping Image.open's
    bomb check (ours comes next, with the caller's limit and the frame count)."""
    from PIL import Image

    pil_id = _PIL_ID[fmt]
    if pil_id not in Image.OPEN:
        Image.init()
    if pil_id not in Image.OPEN:
        raise LookupError(f"no Pillow plug-in for {fmt}")
    factory, _accept = Image.OPEN[pil_id]
    return factory(io.BytesIO(data), "")


def _check_bomb(
    probe: ImageProbe, fmt: str, data: bytes, limits: InspectLimits, frames: int
) -> bool:
    """Refuse by header dimensions; True when the image must not be decoded."""
    width, height = probe.width or 0, probe.height or 0
    pixels = width * height
    if frames > limits.max_frames:
        # Refused like any bomb, before decoding: Pillow keeps state per GIF frame, and
        # decoding 40,000 of them grew one process past 500 MB in the fuzz run.
        probe.bomb = True
        probe.problems.append(
            f"frame flood: {frames} frames is over the limit of {limits.max_frames}; not decoded"
        )
        return True
    if pixels * frames <= limits.max_pixels:
        return False
    probe.bomb = True
    what = f"{width}×{height}" + (f" × {frames} frames" if frames > 1 else "")
    probe.problems.append(
        f"decompression bomb: {what} is {pixels * frames:,} pixels, over the limit of "
        f"{limits.max_pixels:,}; not decoded"
    )
    floor = _min_encoded_bytes(fmt, data, pixels)
    if floor is not None and len(data) < floor:
        probe.truncated = True
        probe.corrupt = True
        probe.problems.append(
            f"truncated: {len(data):,} bytes cannot hold a {width}×{height} image; "
            "its size fields were edited or its data was cut off"
        )
    return True


def _decode_frames(im: Any, probe: ImageProbe, limits: InspectLimits, deadline: float) -> bool:
    frames = probe.frames or 1
    for index in range(frames):
        where = f"frame {index + 1}"
        if time.monotonic() > deadline:
            probe.problems.append(
                f"too slow to check: gave up after {limits.max_seconds:g} s at {where} of {frames}"
            )
            return False
        try:
            if index:
                im.seek(index)
            fw, fh = im.size
            if fw * fh > limits.max_pixels:
                probe.bomb = True
                probe.problems.append(
                    f"decompression bomb: {where} is {fw}×{fh}, over the limit of "
                    f"{limits.max_pixels:,} pixels; not decoded"
                )
                return False
            im.load()
        except Exception as exc:
            _record_failure(exc, probe, where)
            return False
    return True


def _read_orientation(im: Any, probe: ImageProbe) -> None:
    try:
        if (probe.frames or 1) > 1:
            im.seek(0)
        value = im.getexif().get(0x0112)
    except Exception:  # metadata is advisory: a broken EXIF block must not fail the image
        probe.problems.append("its EXIF metadata cannot be read")
        return
    if value is None:
        return
    if isinstance(value, int) and 1 <= value <= 8:
        probe.orientation = value
        if value != 1:
            probe.problems.append(
                f"EXIF orientation {value}: viewers that ignore it show the image rotated"
            )
    else:
        probe.problems.append(f"EXIF orientation holds an invalid value ({str(value)[:40]!r})")


def _check_ending(fmt: str, data: bytes, probe: ImageProbe) -> None:
    """Formats with an end marker: a missing one means the file was cut off, even when
    the pixels decode (Pillow stops at the last pixel)."""
    if fmt == "png" and b"IEND" not in data[-4096:]:
        probe.truncated = probe.corrupt = True
        probe.problems.append("truncated: the PNG has no IEND chunk at its end")
    elif fmt == "jpeg" and data.rfind(b"\xff\xd9") < 0:
        probe.truncated = probe.corrupt = True
        probe.problems.append("truncated: the JPEG has no end-of-image marker")


def _unsupported_jpeg(data: bytes, probe: ImageProbe) -> bool:
    """After Pillow failed on a JPEG: is it a valid but unusual kind (lossless, 12-bit)
    rather than a damaged one? Then say so, without calling it corrupt."""
    sof = jpeg_frame_header(data)
    if sof is None or not (sof[0] in _JPEG_UNSUPPORTED_SOF or sof[1] in {12, 16}):
        return False
    probe.width, probe.height, probe.frames = sof[2], sof[3], 1
    probe.corrupt = probe.truncated = False
    kind = "lossless" if sof[0] in {0xC3, 0xC7, 0xCB, 0xCF} else f"{sof[1]}-bit"
    probe.problems = [
        f"cannot be decoded here: a {kind} JPEG, which most viewers cannot show; "
        "save it as an ordinary 8-bit JPEG"
    ]
    return True


def gif_frames(data: bytes) -> list[tuple[int, int, int, int, int]] | None:
    """``(left, top, width, height, compressed_bytes)`` of every frame of a GIF, walking
    its blocks without decoding, or None when no frame is found."""
    if len(data) < 13:
        return None
    pos = 13
    if data[10] & 0x80:  # global colour table
        pos += 3 << ((data[10] & 0x07) + 1)
    frames: list[tuple[int, int, int, int, int]] = []
    end = len(data)

    def skip_sub_blocks(at: int) -> tuple[int, int]:
        total = 0
        while at < end:
            size = data[at]
            at += 1
            if size == 0:
                return at, total
            at += size
            total += size
        return at, total

    while pos < end:
        block = data[pos]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            pos, _ = skip_sub_blocks(pos + 2)
        elif block == 0x2C:  # image descriptor
            if pos + 10 > end:
                break
            left = int.from_bytes(data[pos + 1 : pos + 3], "little")
            top = int.from_bytes(data[pos + 3 : pos + 5], "little")
            width = int.from_bytes(data[pos + 5 : pos + 7], "little")
            height = int.from_bytes(data[pos + 7 : pos + 9], "little")
            flags = data[pos + 9]
            pos += 10
            if flags & 0x80:  # local colour table
                pos += 3 << ((flags & 0x07) + 1)
            pos, size = skip_sub_blocks(pos + 1)  # +1: LZW minimum code size
            frames.append((left, top, width, height, size))
        else:
            break
    return frames or None


def _gif_precheck(data: bytes, probe: ImageProbe, limits: InspectLimits) -> bool:
    """Header-only bomb check for GIFs, whose Pillow plug-in raises on huge frames while
    merely opening or seeking: True when the GIF must not be decoded.

    A frame's cost is its extents (left + width by top + height): that is the canvas Pillow
    allocates, so a small frame placed far off the screen is a bomb too.
    """
    frames = gif_frames(data)
    if not frames:
        return False
    extents = [(x + w) * (y + h) for x, y, w, h, _ in frames]
    total = sum(extents)
    if max(extents) <= limits.max_pixels and total <= limits.max_pixels:
        return False
    screen_w = int.from_bytes(data[6:8], "little")
    screen_h = int.from_bytes(data[8:10], "little")
    probe.bomb = True
    probe.width, probe.height, probe.frames = screen_w, screen_h, len(frames)
    probe.problems.append(
        f"decompression bomb: its {len(frames)} frame(s) span {total:,} pixels, over the "
        f"limit of {limits.max_pixels:,}; not decoded"
    )
    for index, (x, y, w, h, size) in enumerate(frames):
        if x + w > screen_w or y + h > screen_h:
            probe.corrupt = True
            probe.problems.append(
                f"damaged: frame {index + 1} reaches {x + w}×{y + h}, outside its "
                f"{screen_w}×{screen_h} screen"
            )
            break
        if size < (_min_encoded_bytes("gif", data, w * h) or 0):
            probe.truncated = probe.corrupt = True
            probe.problems.append(
                f"truncated: frame {index + 1} has {size:,} bytes of data, too few for "
                f"{w}×{h} pixels"
            )
            break
    return True


def probe_image(data: bytes, fmt: str, limits: InspectLimits, deadline: float) -> ImageProbe:
    """Inspect image bytes of the sniffed format ``fmt``. Never raises."""
    probe = ImageProbe()
    if fmt == "gif" and _gif_precheck(data, probe, limits):
        return probe
    if fmt in {"heic", "avif"}:
        damage = isobmff_damage(data)
        if damage is not None:
            probe.corrupt = True
            probe.truncated = damage.startswith("truncated")
            probe.problems.append(damage)
    if fmt == "heic" and not _heif_plugin():
        dims = heif_dimensions(data)
        if dims is not None:
            probe.width, probe.height = dims
            probe.frames = 1
            _check_bomb(probe, fmt, data, limits, 1)
        probe.problems.append(
            "HEIC is not decoded here (pillow-heif is not installed) and Amazon does not "
            "accept it: convert it to JPEG"
        )
        return probe
    try:
        with WARNINGS_LOCK, warnings.catch_warnings():
            # Our own pixel limit decides; Pillow's bomb warning and its other advisory
            # warnings (odd EXIF, malformed MPO index) must not escape to the caller.
            warnings.simplefilter("ignore")
            _probe_with_pillow(data, fmt, probe, limits, deadline)
    except Exception as exc:  # the last net: no parser exception escapes
        _record_failure(exc, probe, "the image")
        probe.opens = False
    if not probe.opens and not probe.bomb and fmt == "jpeg" and _unsupported_jpeg(data, probe):
        return probe
    if probe.opens:
        _check_ending(fmt, data, probe)
    short = min(probe.width or 0, probe.height or 0)
    if limits.min_short_side and probe.width and short < limits.min_short_side:
        probe.problems.append(
            f"too small to be legible: {probe.width}×{probe.height} pixels; "
            f"the shorter side should be at least {limits.min_short_side}"
        )
    return probe


def _probe_with_pillow(
    data: bytes, fmt: str, probe: ImageProbe, limits: InspectLimits, deadline: float
) -> None:
    try:
        im = _open_header(data, fmt)
    except Exception as exc:
        _record_failure(exc, probe, "the header")
        return
    with im:
        probe.width, probe.height = im.size
        try:
            frames = int(getattr(im, "n_frames", 1))
        except Exception as exc:
            _record_failure(exc, probe, "the frame list")
            return
        probe.frames = frames
        if _check_bomb(probe, fmt, data, limits, frames):
            return
        if fmt == "jpeg" and frames == 1:
            # DCT scaling: libjpeg still entropy-decodes every block of every scan (so a
            # truncated or damaged stream fails the same way) but skips most of the inverse
            # transform: several times faster on a 24-megapixel photo.
            im.draft(im.mode, (max(1, im.size[0] // 8), max(1, im.size[1] // 8)))
        if not _decode_frames(im, probe, limits, deadline):
            return
        probe.opens = True
        _read_orientation(im, probe)
