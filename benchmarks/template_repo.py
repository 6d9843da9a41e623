"""A template repo checked end to end: ``ticketcheck check`` with --jobs 1 and --jobs 2,
beside a straightforward script doing the same kind of checks case by case.

Generates a repo of case templates of realistic length (seeded) in a temp dir, about half
with a PDF (pypdf) or JPEG (Pillow) attachment, then times, in the same run, each as a
subprocess so interpreter start-up counts for all three:

- ``ticketcheck check --templates --format json:... --jobs 1 REPO``
- the same with ``--jobs 2`` (and asserts the JSON is byte-identical to --jobs 1)
- the baseline: front matter with ``yaml.safe_load``, seeded langdetect per sentence, one
  regex per term of a 200-term list, pypdf and Pillow on each attachment.

ticketcheck runs whatever its built-in rule sets hold when this runs (language, wording and
attachment checks are added over time), so the figures move with them.

    .venv/bin/python benchmarks/template_repo.py [--cases 2000] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCES = [
    "We shipped the order within the handling time shown on the listing.",
    "The carrier's tracking history shows that the package was delivered to the address.",
    "The proof of delivery from the carrier is attached to this case.",
    "We wrote to the buyer through Buyer-Seller Messaging and offered our help.",
    "Please review the claim with this information in mind.",
    "Our late shipment rate rose because shipments were confirmed at the end of each week.",
    "We connected our shipping software to Seller Central so each label confirms its order.",
    "A second person now checks every morning that yesterday's orders are confirmed.",
    "We buy these products only from an authorised distributor of the brand.",
    "The attached invoice shows our purchase of more than ten units of the product.",
    "All units are new, in their original packaging, and stored in our own warehouse.",
    "We removed the remaining units from sale and sent them back to the distributor.",
    "We review our performance metrics every Monday and act on any change the same day.",
    "The buyer has the item, and we offered a partial refund for the delay.",
    "Thank you for your time and for reviewing our request.",
]
SECTIONS = ["## Root cause", "## Corrective actions", "## Preventive measures"]
CATEGORIES = ["a-to-z", "account-health", "category-approval"]
TERMS = [
    "guarantee", "lawsuit", "attorney", "legal action", "fraud", "scam", "positive review",
    "five stars", "remove the feedback", "gift card", "whatsapp", "telegram", "bitcoin",
    "paypal", "western union", "outside amazon", "call me", "my phone", "email me", "website",
    "discount code", "coupon", "bribe", "fake", "counterfeit", "replica", "knockoff", "stolen",
    "threat", "sue", "court", "damages", "compensation", "urgent", "asap", "immediately",
]
TERMS += [f"forbidden phrase {n:03}" for n in range(200 - len(TERMS))]


def make_repo(root: Path, count: int, seed: int) -> None:
    import pypdf
    from PIL import Image

    rng = random.Random(seed)
    pdf = io.BytesIO()
    writer = pypdf.PdfWriter()
    for _ in range(2):
        writer.add_blank_page(width=612, height=792)
    writer.write(pdf)
    jpeg = io.BytesIO()
    # A phone photo of a document: legible size, noisy content (about 1 MB as JPEG).
    image = Image.effect_noise((1200, 1600), 40).convert("RGB")
    image.save(jpeg, "JPEG", quality=80)
    (root / ".git").mkdir(parents=True)
    (root / ".ticketcheck.yaml").write_text(
        "templates: true\nplaceholders: [order_id, seller_name, tracking_number, carrier, asin]\n"
    )
    for index in range(count):
        category = CATEGORIES[index % 3]
        folder = root / category / f"group-{index % 20:02}"
        folder.mkdir(parents=True, exist_ok=True)
        front = [f"category: {category}", f"subject: Case {index} for order {{{{order_id}}}}"]
        if category == "a-to-z":
            front += ['order_id: "{{order_id}}"', 'tracking_number: "{{tracking_number}}"',
                      'carrier: "{{carrier}}"']
        elif category == "category-approval":
            front.append('asin: "{{asin}}"')
        if index % 2 == 0:
            name = f"case-{index:04}.pdf" if index % 4 == 0 else f"case-{index:04}.jpg"
            (folder / name).write_bytes(pdf.getvalue() if name.endswith(".pdf") else jpeg.getvalue())
            front += ["attachments:", f"  - {name}"]
        paragraphs = ["Hello Amazon team,"]
        for section in SECTIONS if category == "account-health" else [""]:
            chosen = " ".join(rng.sample(SENTENCES, rng.randint(4, 7)))
            paragraphs.append(f"{section}\n\n{chosen}".strip())
        paragraphs.append("{{seller_name}}")
        text = "---\n" + "\n".join(front) + "\n---\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"case-{index:04}.md").write_text(text, encoding="utf-8")


def baseline(root: Path) -> int:
    """The straightforward script: every check written inline, case by case."""
    import pypdf
    import yaml
    from langdetect import DetectorFactory, detect
    from PIL import Image

    DetectorFactory.seed = 0
    patterns = [re.compile(r"\b" + re.escape(t) + r"\b", re.IGNORECASE) for t in TERMS]
    problems = 0
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front) or {}
        for sentence in re.split(r"(?<=[.!?])\s+", body):
            if len(sentence) > 20 and detect(sentence) != "en":
                problems += 1
        problems += sum(1 for p in patterns if p.search(body))
        for name in meta.get("attachments", []):
            file = path.parent / name
            if file.suffix == ".pdf":
                reader = pypdf.PdfReader(file)
                problems += sum(1 for _ in reader.pages) == 0
            else:
                with Image.open(file) as image:
                    image.load()
    return problems


CPU: dict[str, float] = {}


def timed(argv: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall time of a subprocess; its CPU time (with its workers) goes to ``CPU``."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[" ".join(argv[-6:])] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate the repo here and keep it")
    parser.add_argument("--baseline", type=Path, help=argparse.SUPPRESS)  # the subprocess
    args = parser.parse_args()
    if args.baseline:
        print(baseline(args.baseline))
        return
    work = Path(tempfile.mkdtemp(prefix="ticketcheck-bench-"))
    root = args.keep or work / "repo"
    try:
        make_repo(root, args.cases, args.seed)
        command = [sys.executable, "-m", "ticketcheck", "check", "--templates",
                      "--now", "2026-11-26T12:00:00Z"]
        results: dict[str, float] = {}
        cpu: dict[str, float] = {}
        outputs = {}
        for jobs in ("1", "2"):
            out = work / f"jobs{jobs}.json"
            seconds, done = timed([*command, "--jobs", jobs, "--format", f"json:{out}",
                                   str(root)])
            if done.returncode not in (0, 1):
                raise SystemExit(f"ticketcheck failed ({done.returncode}): {done.stderr[:2000]}")
            results[f"ticketcheck --jobs {jobs}"] = seconds
            cpu[f"ticketcheck --jobs {jobs}"] = list(CPU.values())[-1]
            outputs[jobs] = out.read_bytes()
        seconds, done = timed([sys.executable, __file__, "--baseline", str(root)])
        if done.returncode != 0:
            raise SystemExit(f"baseline failed: {done.stderr[:2000]}")
        results["baseline script"] = seconds
        cpu["baseline script"] = list(CPU.values())[-1]
        summary = json.loads(outputs["1"])["summary"]
        print(f"{args.cases} templates ({args.cases // 2} with an attachment), "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
              f"Python {sys.version.split()[0]}")
        print(f"ticketcheck summary: {summary}")
        print(f"--jobs 2 output identical to --jobs 1: {outputs['1'] == outputs['2']}")
        base = results["baseline script"]
        for name, secs in results.items():
            print(f"{name:<22} {secs:7.2f} s wall  {cpu[name]:7.2f} s CPU  "
                  f"{secs / base:5.2f}x baseline  {args.cases / secs:5.0f} cases/s")
        print(f"--jobs 2 speed-up over --jobs 1: "
              f"{results['ticketcheck --jobs 1'] / results['ticketcheck --jobs 2']:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
