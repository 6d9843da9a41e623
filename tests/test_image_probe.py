from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, features

from ticketcheck.image_probe import gif_frames, heif_dimensions, isobmff_damage, jpeg_frame_header
from ticketcheck.inspection import InspectLimits, inspect_bytes, inspect_file


def image_bytes(fmt: str, size: tuple[int, int] = (64, 48), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt, **save)
    return out.getvalue()


def animated_gif(frames: int = 3, size: tuple[int, int] = (32, 32)) -> bytes:
    # Distinct colours: Pillow merges identical consecutive frames when saving.
    images = [Image.new("RGB", size, (i * 40 % 256, 255 - i * 40 % 256, 7)) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:])
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_header(width: int, height: int, padding: int = 0) -> bytes:
    """A PNG whose IHDR claims width x height, with one tiny IDAT: a pixel-flood bomb.
    ``padding`` bytes of comment make it big enough to hold that many pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + (png_chunk(b"tEXt", b"pad\x00" + b"x" * padding) if padding else b"")
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + png_chunk(b"IEND", b"")
    )


def heic_with_ispe(width: int, height: int) -> bytes:
    ftyp = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
    ispe = struct.pack(">I4sIII", 20, b"ispe", 0, width, height)
    meta = struct.pack(">I4sI", 12 + len(ispe), b"meta", 0) + ispe
    return ftyp + meta


FORMATS = [("JPEG", "jpeg", "a.jpg"), ("PNG", "png", "a.png"), ("GIF", "gif", "a.gif"),
           ("WEBP", "webp", "a.webp"), ("TIFF", "tiff", "a.tif"), ("BMP", "bmp", "a.bmp"),
           ("JPEG2000", "jp2", "a.jp2"), ("AVIF", "avif", "a.avif")]  # fmt: skip


@pytest.mark.parametrize(("pil", "fmt", "name"), FORMATS)
def test_every_format_opens(pil: str, fmt: str, name: str) -> None:
    feature = {"WEBP": "webp", "JPEG2000": "jpg_2000", "AVIF": "avif"}.get(pil)
    if feature and not features.check(feature):
        pytest.skip(f"Pillow built without {feature}")
    info = inspect_bytes(image_bytes(pil), name)
    assert (info.format, info.extension_matches, info.opens, info.corrupt, info.bomb) == (
        fmt, True, True, False, False,
    )  # fmt: skip
    assert (info.width, info.height, info.frames) == (64, 48, 1)


def test_every_frame_is_decoded_and_counted() -> None:
    info = inspect_bytes(animated_gif(3), "anim.gif")
    assert (info.opens, info.frames) == (True, 3)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (image_bytes("PNG", (200, 200))[:-200], "cut.png"),
        (image_bytes("JPEG", (200, 200))[:-300], "cut.jpg"),
    ],
)
def test_truncated_image(data: bytes, name: str) -> None:
    info = inspect_bytes(data, name)
    assert (info.opens, info.corrupt, info.truncated) == (False, True, True)
    assert info.problems[0].startswith("truncated: image data ends early")


def test_damage_after_the_first_frame_is_found() -> None:
    data = animated_gif(3, (64, 64))
    cut = data.rfind(b"\x2c\x00\x00") + 30  # inside the last frame's image data
    info = inspect_bytes(data[:cut], "anim.gif")
    assert not info.opens and info.corrupt
    assert "frame 3" in info.problems[-1]


def test_png_without_iend_opens_but_is_truncated() -> None:
    data = image_bytes("PNG", (4, 4))
    info = inspect_bytes(data[:-12], "a.png")
    assert (info.opens, info.corrupt, info.truncated) == (True, True, True)
    assert info.problems == ("truncated: the PNG has no IEND chunk at its end",)


@pytest.mark.parametrize(
    ("width", "height", "padding", "corrupt"),
    [(100_000, 100_000, 0, True), (12_000, 12_000, 0, True), (12_000, 12_000, 20_000, False)],
)
def test_pixel_flood_png_is_refused_before_decoding(
    width: int, height: int, padding: int, corrupt: bool
) -> None:
    info = inspect_bytes(png_with_header(width, height, padding), "bomb.png")
    assert (info.bomb, info.opens, info.width, info.height) == (True, False, width, height)
    # A few bytes cannot hold that many pixels, even deflated: the header was edited.
    assert info.corrupt is corrupt
    assert info.problems[0].startswith(f"decompression bomb: {width}×{height} is")


def test_our_pixel_limit_applies() -> None:
    info = inspect_bytes(image_bytes("PNG", (100, 100)), "a.png", InspectLimits(max_pixels=5000))
    assert info.bomb and not info.opens


def test_pixel_limit_counts_frames() -> None:
    info = inspect_bytes(animated_gif(4, (50, 50)), "a.gif", InspectLimits(max_pixels=9000))
    assert info.bomb and not info.opens


def test_frame_flood_is_a_bomb_refused_before_decoding() -> None:
    # Decoding 40,000 GIF frames grew one process past 500 MB in the fuzz run.
    info = inspect_bytes(animated_gif(5, (2, 2)), "a.gif", InspectLimits(max_frames=3))
    assert (info.bomb, info.opens, info.frames) == (True, False, 5)
    assert info.problems[0] == "frame flood: 5 frames is over the limit of 3; not decoded"


def test_gif_frame_far_off_screen_is_a_bomb() -> None:
    data = bytearray(animated_gif(2, (10, 10)))
    second = data.rfind(b"\x2c\x00\x00\x00\x00")
    data[second + 1 : second + 5] = struct.pack("<HH", 65000, 65000)  # left, top
    info = inspect_bytes(bytes(data), "a.gif")
    assert (info.bomb, info.opens, info.corrupt) == (True, False, True)
    assert "damaged: frame 2 reaches 65010×65010, outside its 10×10 screen" in info.problems


def test_text_chunk_bomb() -> None:
    body = b"Comment\x00\x00" + zlib.compress(b"a" * (64 * 1024 * 1024), 9)
    base = png_with_header(4, 4)
    data = base[:33] + png_chunk(b"zTXt", body) + base[33:]
    info = inspect_bytes(data, "a.png")
    assert info.bomb and not info.opens


@pytest.mark.parametrize(("orientation", "expected"), [(1, 1), (6, 6), (8, 8)])
def test_exif_orientation(orientation: int, expected: int) -> None:
    exif = Image.Exif()
    exif[0x0112] = orientation
    info = inspect_bytes(image_bytes("JPEG", exif=exif.tobytes()), "a.jpg")
    assert info.orientation == expected
    rotated = f"EXIF orientation {orientation}: viewers that ignore it show the image rotated"
    assert (rotated in info.problems) is (orientation != 1)


def test_exif_orientation_holding_a_string() -> None:
    # Pillow will not write a string into a SHORT tag: build the TIFF block by hand.
    entry = struct.pack("<HHI4s", 0x0112, 2, 4, b"php\x00")
    exif = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00" + entry + b"\x00\x00\x00\x00"
    info = inspect_bytes(image_bytes("JPEG", exif=exif), "a.jpg")
    assert info.opens and info.orientation is None
    assert info.problems[-1].startswith("EXIF orientation holds an invalid value")


@pytest.mark.parametrize(("limit", "flagged"), [(None, False), (40, False), (100, True)])
def test_too_small_to_be_legible(limit: int | None, flagged: bool) -> None:
    info = inspect_bytes(image_bytes("PNG", (64, 48)), "a.png", InspectLimits(min_short_side=limit))
    message = "too small to be legible: 64×48 pixels; the shorter side should be at least 100"
    assert (message in info.problems) is flagged


def test_12_bit_jpeg_is_unsupported_not_corrupt() -> None:
    data = bytearray(image_bytes("JPEG"))
    sof = data.find(b"\xff\xc0")
    data[sof + 1] = 0xC1  # extended sequential
    data[sof + 4] = 12  # sample precision
    info = inspect_bytes(bytes(data), "a.jpg")
    assert (info.opens, info.corrupt, info.width, info.height) == (False, False, 64, 48)
    assert info.problems[0].startswith("cannot be decoded here: a 12-bit JPEG")


@pytest.mark.parametrize(("width", "height", "bomb"), [(4032, 3024, False), (16320, 12240, True)])
def test_heic_is_sized_without_a_decoder(width: int, height: int, bomb: bool) -> None:
    info = inspect_bytes(heic_with_ispe(width, height), "IMG_0001.HEIC")
    assert (info.format, info.extension_matches, info.width, info.height, info.bomb) == (
        "heic", True, width, height, bomb,
    )  # fmt: skip
    assert not info.corrupt


def test_random_bytes_after_an_image_signature_never_raise() -> None:
    for head in (
        b"\xff\xd8\xff",
        b"\x89PNG\r\n\x1a\n",
        b"GIF89a",
        b"II*\x00",
        b"BM" + b"\x00" * 12 + b"(\x00\x00\x00",
    ):
        info = inspect_bytes(head + bytes(range(256)) * 4, "x.img")
        assert not info.opens and (info.corrupt or info.bomb)


def test_jpeg_frame_header() -> None:
    assert jpeg_frame_header(image_bytes("JPEG", (33, 21))) == (0xC0, 8, 33, 21)
    assert jpeg_frame_header(b"\xff\xd8\xff\xd9") is None


def test_gif_frames() -> None:
    frames = gif_frames(animated_gif(2, (7, 5)))
    assert frames is not None and [(f[2], f[3]) for f in frames] == [(7, 5), (7, 5)]


def test_heif_dimensions_and_box_damage() -> None:
    data = heic_with_ispe(640, 480)
    assert heif_dimensions(data) == (640, 480)
    assert isobmff_damage(data) is None
    assert (
        isobmff_damage(data[:-3])
        == "truncated: the 'meta' box needs 3 more bytes than the file has"
    )
    assert (
        isobmff_damage(data + b"\x00\x00\x00\x04\xff\xff\xff\xff")
        == "damaged: an invalid box at byte 56"
    )


def test_inspect_file_on_an_image(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(image_bytes("PNG"))
    info = inspect_file(path)
    assert (info.format, info.extension_matches, info.opens) == ("png", False, True)
