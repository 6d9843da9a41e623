"""How fast, and in how much memory, ``inspect_file`` judges large attachments.

Usage: python benchmarks/attachment_speed.py [--keep DIR]

Generates, in a temporary folder: a 10 MB, 500-page PDF; a 24-megapixel JPEG; a 2 GB sparse
file. Each case runs in its own subprocess so its peak RSS (ru_maxrss) is its own; the
Python-heap peak comes from tracemalloc. Beside ``inspect_file`` the same run measures the
baselines: ``qpdf --check`` on the PDF (skipped when qpdf is not installed) and a plain
Pillow ``Image.open(...).load()`` on the JPEG. The sparse file is judged by its size from
``os.stat`` alone, so it must take milliseconds and no memory.
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def make_pdf(path: Path, pages: int = 500, size: int = 10 * 1024 * 1024) -> None:
    """A PDF of ``pages`` text pages padded with incompressible data to about ``size``."""
    from ticketcheck.example_files import assemble_pdf

    rng = random.Random(1)
    pad = size // pages
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i in range(pages):
        text = f"BT /F1 12 Tf 72 720 Td (Proof of delivery, page {i + 1}) Tj ET\n".encode()
        # A comment of random hex digits: deflate halves it and no more.
        noise = rng.randbytes(pad * 4 // 5).hex().encode()
        stream = zlib.compress(text + b"% " + noise + b"\n")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
            + stream
            + b"\nendstream"
        )
    path.write_bytes(assemble_pdf(objects))


def make_jpeg(path: Path) -> None:
    """A 6000x4000 (24 MP) photo-like JPEG: noise over a gradient, quality 90."""
    from PIL import Image

    noise = Image.effect_noise((6000, 4000), 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize((6000, 4000)).convert("RGB")
    Image.blend(noise, gradient, 0.5).save(path, "JPEG", quality=90)


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, where there is one: Linux carries ru_maxrss over
    fork and exec, so a child would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(case: str, path: str) -> dict[str, object]:
    """One measurement, run inside the child process. Imports come first: start-up is
    measured elsewhere."""
    sys.path.insert(0, str(SRC))
    from PIL import Image

    from ticketcheck.inspection import inspect_file

    tracemalloc.start()
    started = time.perf_counter()
    verdict: object = None
    if case == "inspect":
        info = inspect_file(path)
        verdict = {
            k: v
            for k, v in info.to_dict().items()
            if k in {"format", "opens", "corrupt", "bomb", "pages", "width", "height", "problems"}
        }
    elif case == "pillow":
        with Image.open(path) as im:
            im.load()
            verdict = {"size": im.size}
    elif case == "qpdf":
        verdict = {
            "exit": subprocess.run(["qpdf", "--check", path], capture_output=True).returncode
        }
    seconds = time.perf_counter() - started
    _, heap_peak = tracemalloc.get_traced_memory()
    # qpdf's peak is its own process's (ru_maxrss of the child: an upper bound, since it
    # may include this interpreter's peak at fork).
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "heap_peak_mb": heap_peak / 2**20,
        "max_rss_mb": children if case == "qpdf" else peak_rss_mb(),
        "verdict": verdict,
    }


def measure(case: str, path: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--case", case, str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, object] = json.loads(out.stdout)
    return result


def main(argv: list[str]) -> int:
    if argv[:1] == ["--case"]:
        print(json.dumps(run_case(argv[1], argv[2])))
        return 0
    keep = Path(argv[1]) if argv[:1] == ["--keep"] else None
    folder = keep or Path(tempfile.mkdtemp(prefix="ticketcheck-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        pdf, jpeg, sparse = (
            folder / "pod-500p.pdf",
            folder / "photo-24mp.jpg",
            folder / "sparse-2g.pdf",
        )
        make_pdf(pdf)
        make_jpeg(jpeg)
        with sparse.open("wb") as fh:
            fh.write(b"%PDF-1.4\n")
            fh.truncate(2 * 1024**3)
        cases = [("inspect", pdf)]
        if shutil.which("qpdf"):
            cases.append(("qpdf", pdf))
        else:
            print("qpdf not installed: its baseline is skipped (apt-get install qpdf)")
        cases += [("inspect", jpeg), ("pillow", jpeg), ("inspect", sparse)]
        print(
            f"{'file':22} {'MB':>8} {'case':8} {'seconds':>8} {'heap MB':>8} {'RSS MB':>8}  verdict"
        )
        for case, path in cases:
            r = measure(case, path)
            size = path.stat().st_size / 2**20
            print(
                f"{path.name:22} {size:8.1f} {case:8} {r['seconds']:8.3f} "
                f"{r['heap_peak_mb']:8.1f} {r['max_rss_mb']:8.1f}  {json.dumps(r['verdict'])[:150]}"
            )
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
