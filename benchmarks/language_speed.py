"""Speed of ticketcheck.language beside plain seeded langdetect.

    .venv/bin/python benchmarks/language_speed.py [--repeats 5]

Cold start: a fresh interpreter per measurement times start -> verdict on a one-page English
case (import, first call, verdict), measured inside the child with perf_counter, and the
whole process's wall time; the median of the repeats is printed. Throughput: sentences per
second on warm detectors, over the built-in English and foreign sentences below.
No corpus needed: the texts are written here.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time

ONE_PAGE_CASE = """Hello Seller Support,

I am writing about order 112-4829301-5738201, which the buyer reports was never delivered.
The package was shipped on March 14 with UPS, tracking number 1Z4F83W20398127465, and the
carrier's website shows it as delivered on March 16 at 2:32 PM.
The buyer, jane.doe@example.com, opened an A-to-z Guarantee claim two days later.
We believe this claim should not count against our account for the following reasons.
First, the carrier scan shows the package was left at the front door of the address the buyer gave us.
Second, we sent the buyer a message on March 17 asking them to check with their neighbours.
They did not reply to that message, and the claim was filed without any further contact.
The item is ASIN B003ZYF3LO, a stainless steel water bottle, quantity 2, total $45.99.
Please see the attached proof of delivery and the photo taken by the driver.
We have sold on Amazon for six years and our order defect rate has always been below 0.3 percent.
We would appreciate it if you could review the claim and remove it from our performance metrics.
If you need any more documents, please let us know and we will send them the same day.
Thank you for your time and help with this case.

Best regards,
John Smith
Acme Outdoor Goods LLC
Phone: +1 (206) 555-0147
"""

SENTENCES = [
    "Hello, I am writing about my order because the package arrived damaged yesterday.",
    "Please see the attached invoice and proof of delivery for this shipment.",
    "We would like to request a reimbursement for the inventory lost in your warehouse.",
    "Order 113-1234567-1234567 shipped with tracking 1Z4F83W20398127465 on 2024-03-14.",
    "Das Paket ist leider nicht angekommen, bitte helfen Sie mir schnell.",
    "Le colis n'est jamais arrivé et le client demande un remboursement complet.",
    "El paquete no ha llegado todavía y el cliente está muy molesto.",
    "荷物がまだ届いていません。",
]

CHILD = {
    "ticketcheck": (
        "from ticketcheck.language import find_foreign_spans\n"
        "verdict = not find_foreign_spans(TEXT)\n"
    ),
    "plain langdetect": (
        "from langdetect import DetectorFactory, detect\n"
        "DetectorFactory.seed = 0\n"
        "verdict = detect(TEXT) == 'en'\n"
    ),
}


def cold_start(name: str, repeats: int) -> tuple[float, float, bool]:
    code = (
        "import time\n_t0 = time.perf_counter()\n"
        f"TEXT = {ONE_PAGE_CASE!r}\n" + CHILD[name]
        + "import sys\nprint(time.perf_counter() - _t0, verdict, 'langdetect' in sys.modules)\n"
    )
    inside, wall = [], []
    verdict = False
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.split()
        wall.append(time.perf_counter() - t0)
        inside.append(float(out[0]))
        verdict = out[1] == "True"
        loaded = out[2] == "True"
    print(f"{name:18s} cold start {statistics.median(inside) * 1000:7.1f} ms (process wall "
          f"{statistics.median(wall) * 1000:6.1f} ms); verdict English={verdict}; "
          f"langdetect loaded={loaded}")
    return statistics.median(inside), statistics.median(wall), verdict


def throughput(seconds: float) -> None:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    from ticketcheck.language import find_foreign_spans

    def plain(text: str) -> None:
        DetectorFactory.seed = 0
        with contextlib.suppress(LangDetectException):
            detect(text)

    methods = {"ticketcheck": find_foreign_spans, "plain langdetect": plain}
    for name, judge in methods.items():
        for sentence in SENTENCES:  # warm up: profiles loaded, caches filled
            judge(sentence)
        count, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            for sentence in SENTENCES:
                judge(sentence)
            count += len(SENTENCES)
        rate = count / (time.perf_counter() - t0)
        english = SENTENCES[:4]
        count, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            for sentence in english:
                judge(sentence)
            count += len(english)
        rate_en = count / (time.perf_counter() - t0)
        print(f"{name:18s} {rate:8.0f} sentences/s (mixed set), {rate_en:8.0f} sentences/s (English only)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0, help="per throughput measurement")
    args = parser.parse_args(argv)
    ours = cold_start("ticketcheck", args.repeats)
    plain = cold_start("plain langdetect", args.repeats)
    print(f"cold start ratio ticketcheck / plain: {ours[0] / plain[0]:.2f} (in-process), "
          f"{ours[1] / plain[1]:.2f} (process wall)")
    throughput(args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
