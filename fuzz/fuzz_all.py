"""The long fuzz run: mutate real files and feed them to every entry point that reads input.

    .venv/bin/python fuzz/fuzz_all.py --inputs 100000 --workers 2
    .venv/bin/python fuzz/fuzz_all.py --replay /tmp/ticketcheck-fuzz-XXXX/case-1234.bin

Targets: case files (``parse_case`` + ``check`` with the built-in rule sets, attachments on
disk and in memory), rule-set files (``load_ruleset``, then a check with the loaded set),
YAML (``load_yaml``), bytes to text (``decode_text``), regular expressions
(``check_pattern``), and PDFs and images (``inspect_bytes``). Seeds are the example cases,
the built-in rule sets, generated Chinese/Japanese/UTF-16 cases and, when present, the
hostile files of ``/work/shared/corpus/files``; mutations are byte flips, random bytes,
inserted YAML/encoding tokens, deletions, repeats, truncations and splices.

Each input runs in a worker process (one per core) under a soft CPU-time limit (``ITIMER_PROF``) and
a hard watchdog in the parent, with its address space capped. The parent prints a summary:
inputs run, unhandled exceptions, internal-error findings, hangs, worker deaths, the slowest
input and the peak RSS, and saves every failing input in a temporary folder it names.
Input ``i`` is a pure function of ``(--seed, i)``, so a failure can be regenerated.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/shared/corpus/files")
WEIGHTS = {"case": 34, "ruleset": 10, "yaml": 12, "decode": 12, "regex": 10, "pdf": 11, "image": 11}
TOKENS = [
    b"&a ", b"*a", b"<<: ", b"<<: [*a, *a]", b"[", b"{", b"]", b"}", b"- ", b": ", b"\n",
    b"\r", b"\r\n", b"---\n", b"...\n", b"!!binary ", b"!!python/object:os.system ", b"!!bool ",
    b"!!set ", b"!!omap ", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"{{order_id}}", b"'", b'"',
    b"\t", b"#", b"|", b">", "订单号".encode("gb18030"), "配達済み".encode("cp932"),
    b"\xe2\x80\xa8", b"\xc2\x85", b"1:59:59:59", b"~", b"null", b".inf", b"2024-13-45",
    b"../", b"/etc/passwd", b"pod.pdf", b"fifo.pdf", b"loop.pdf", b"outside.pdf", b"dir.pdf",
    b"category: a-to-z\n", b"attachments:\n  - ", b"9" * 50, b"(a+)+", b"\\", b"%PDF-1.7\n",
    b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"obj\n<<", b"stream\n", b"endobj", b"/Length 99999",
]  # fmt: skip
REGEX_SEEDS = [
    r"\{\{\s*([A-Za-z0-9_.-]{1,80})\s*\}\}", r"^\d{3}-\d{7}-\d{7}$", r"(a+)+$", r"(\w+\s?)+",
    r"(?:ab+c)*", r"(ab|a.)*c", r"(?>a+)+", r"[^\s]+@[^\s]+", r"(?i)\b(refund|return)s?\b",
    r"(?P<x>a)(?(x)b|c)", r"(?<=a)b(?!c)", r"\1(a)", r"[\w-]{2,}", r"a{2,}b{,3}c{4}",
]  # fmt: skip
NOW_ISO = "2026-11-26T12:00:00+00:00"


# -- inputs ---------------------------------------------------------------------------


def _case_seeds() -> list[tuple[str, bytes]]:
    seeds = [(p.name, p.read_bytes()) for p in sorted((ROOT / "examples").rglob("*.md"))]
    zh = "---\ncategory: a-to-z\nsubject: 订单退款申诉\norder_id: 112-4829301-5738201\n---\n您好：\n包裹已送达。{{buyer}}\n"
    ja = "---\ncategory: account-health\nsubject: 返金について\n---\nご担当者様\n荷物は配達されました。\n"
    attach = (
        "---\ncategory: a-to-z\ncarrier: UPS\ntracking_number: 1Z4F83W20398127465\n"
        "attachments:\n  - path: pod.pdf\n    proof: proof-of-delivery\n  - photo.jpg\n"
        "  - fifo.pdf\n  - loop.pdf\n  - outside.pdf\n  - dir.pdf\n  - ../escape.pdf\n"
        "  - /etc/passwd\n  - zero.pdf\n---\nThe parcel was delivered, see the POD.\n"
    )
    seeds += [
        ("zh.md", zh.encode("gb18030")), ("ja.md", ja.encode("cp932")),
        ("utf16.md", "\ufeff".encode("utf-16-le") + zh.encode("utf-16-le")),
        ("attach.md", attach.encode()), ("crlf.md", attach.replace("\n", "\r\n").encode()),
        ("x.case.yaml", b"category: a-to-z\nsubject: Hi\nbody: |\n  Hello {{x}}\n  team\n"),
        ("x.case.json", b'{"category": "a-to-z", "body": "Hello", "attachments": ["pod.pdf"]}'),
    ]  # fmt: skip
    return seeds


def _file_seeds(kind: str) -> list[tuple[str, bytes]]:
    pdf = {".pdf"}
    image = {
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".bmp",
        ".tif",
        ".webp",
        ".jp2",
        ".heic",
        ".heif",
        ".avif",
        ".svg",
    }
    wanted = pdf if kind == "pdf" else image
    seeds = []
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            if path.suffix.lower() in wanted and path.stat().st_size <= 4 * 1024 * 1024:
                seeds.append((path.name, path.read_bytes()))
    if not seeds:  # no corpus: a minimal file of each kind
        seeds = [("min.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF")] if kind == "pdf" else [
            ("min.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")]  # fmt: skip
    return seeds


def _mutate(rng: random.Random, data: bytes, seeds: list[tuple[str, bytes]], text: bool) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 5, 8, 16))):
        op = rng.randrange(9)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:  # flip a bit
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1 and buf:  # a random byte
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif op == 2:
            buf[pos:pos] = (
                rng.choice(TOKENS)
                if text or rng.random() < 0.3
                else rng.randbytes(rng.randrange(1, 9))
            )
        elif op == 3 and buf:  # delete a range
            buf[pos : pos + rng.randrange(1, 64)] = b""
        elif op == 4 and buf:  # repeat a chunk (bounded)
            chunk = buf[pos : pos + rng.randrange(1, 32)]
            buf[pos:pos] = chunk * rng.choice((2, 10, 100, 1000))
        elif op == 5:  # truncate
            del buf[pos:]
        elif op == 6:  # splice another seed in
            other = rng.choice(seeds)[1]
            start = rng.randrange(len(other) + 1)
            buf[pos:pos] = other[start : start + rng.randrange(1, 512)]
        elif op == 7 and buf:  # interesting number
            buf[pos:pos] = str(rng.choice((0, -1, 2**31, 2**63, 10**30, 65535))).encode()
        elif op == 8 and buf:  # swap two ranges' order
            a, b = sorted((rng.randrange(len(buf)), rng.randrange(len(buf))))
            buf[a:b] = buf[a:b][::-1] if rng.random() < 0.2 else buf[a:b]
        if len(buf) > 3 * 1024 * 1024:
            del buf[3 * 1024 * 1024 :]
    return bytes(buf)


def _large(rng: random.Random) -> tuple[str, bytes]:
    """Inputs that test the limits rather than the parser's corners."""
    kind = rng.randrange(6)
    head = b"---\ncategory: a-to-z\n"
    if kind == 0:
        return "long-line.md", head + b"---\n" + b"word " * rng.choice((30_000, 300_000))
    if kind == 1:
        return "deep.md", head + b"x: " + b"[" * rng.choice((50, 5000)) + b"\n---\n"
    if kind == 2:
        lines = [b"a: &a [x, x, x, x, x, x, x, x, x]"]
        for i in range(1, 9):
            lines.append(
                b"%c: &%c [" % (97 + i, 97 + i) + b",".join([b"*%c" % (96 + i)] * 9) + b"]"
            )
        return "bomb.case.yaml", b"\n".join(lines)
    if kind == 3:
        items = b"".join(b"  - f%d.pdf\n" % i for i in range(rng.choice((99, 150, 5000))))
        return "many.md", head + b"attachments:\n" + items + b"---\nbody\n"
    if kind == 4:
        return "big-body.md", head + b"---\n" + (
            b"The parcel was delivered on time. " * 60 + b"\n"
        ) * rng.choice((100, 900))
    return "big-front.md", head + b"".join(
        b"k%d: %s\n" % (i, b"v" * 60) for i in range(rng.choice((100, 5000)))
    ) + b"---\n"


class Inputs:
    """Input ``i`` of a run with seed ``s``, regenerated identically in any process."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.cases = _case_seeds()
        self.rules = [(p.name, p.read_bytes()) for p in sorted((ROOT / "rules").glob("*.yaml"))]
        self.pdfs = _file_seeds("pdf")
        self.images = _file_seeds("image")
        self.targets = list(WEIGHTS)
        self.weights = [WEIGHTS[t] for t in self.targets]

    def make(self, index: int) -> tuple[str, str, bytes]:
        """``(target, name, data)`` of input ``index``."""
        rng = random.Random(self.seed * 1_000_003 + index)
        target = rng.choices(self.targets, self.weights)[0]
        if target == "case":
            if rng.random() < 0.04:
                name, data = _large(rng)
                return target, name, data
            name, data = rng.choice(self.cases)
            return target, name, _mutate(rng, data, self.cases, True)
        if target in ("ruleset", "yaml"):
            name, data = rng.choice(self.rules + self.cases[-2:])
            return target, name, _mutate(rng, data, self.rules, True)
        if target == "decode":
            name, data = rng.choice(self.cases)
            return (
                target,
                rng.choice(
                    ("auto", "auto", "utf-8", "gb18030", "shift_jis", "utf-16", "punycode", "nope")
                ),
                _mutate(rng, data, self.cases, False),
            )
        if target == "regex":
            return (
                target,
                "pattern",
                _mutate(
                    rng,
                    rng.choice(REGEX_SEEDS).encode(),
                    [("re", r.encode()) for r in REGEX_SEEDS],
                    True,
                ),
            )
        seeds = self.pdfs if target == "pdf" else self.images
        name, data = rng.choice(seeds)
        return target, name, _mutate(rng, data, seeds, False)


# -- the worker -------------------------------------------------------------------------


class SoftTimeout(BaseException):
    """Raised by SIGPROF inside a slow input (BaseException: no ``except Exception`` eats it)."""


def _tree(base: Path) -> Path:
    """The checked tree of every case: real attachments, and every hostile kind of path."""
    tree = base / "tree"
    tree.mkdir()
    pdfs, images = _file_seeds("pdf"), _file_seeds("image")
    (tree / "pod.pdf").write_bytes(pdfs[0][1])
    (tree / "photo.jpg").write_bytes(images[0][1])
    (base / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    os.mkfifo(tree / "fifo.pdf")
    os.symlink("loop.pdf", tree / "loop.pdf")
    os.symlink("../secret.pdf", tree / "outside.pdf")
    os.symlink("/dev/zero", tree / "zero.pdf")
    (tree / "dir.pdf").mkdir()
    return tree


def _run(target: str, name: str, data: bytes, tree: Path, inputs: Inputs, index: int) -> str:
    """Run one input; return "ok" or "internal-error: ..."; raise on an unhandled error."""
    import datetime as dt

    from ticketcheck import check, inspect_bytes, load_ruleset, parse_case
    from ticketcheck.case import Attachment
    from ticketcheck.decoding import DecodeError, decode_text
    from ticketcheck.errors import RuleSetError
    from ticketcheck.regex_safety import check_pattern
    from ticketcheck.yaml_source import YamlError, load_yaml

    now = dt.datetime.fromisoformat(NOW_ISO)
    if target == "case":
        case = parse_case(data, name=name, path=tree / name, root=tree)
        if index % 5 == 0 and inputs.pdfs:  # an in-memory attachment too
            rng = random.Random(index)
            fname, fdata = rng.choice(inputs.pdfs + inputs.images)
            extra = Attachment(name=fname, data=_mutate(rng, fdata, inputs.pdfs, False))
            case = case.model_copy(update={"attachments": (*case.attachments, extra)})
        report = check(case, now=now)
        crashed = [f.message for f in report.findings if f.check == "internal-error"]
        return f"internal-error: {crashed[0]}" if crashed else "ok"
    if target == "ruleset":
        folder = tree.parent / "rules" / str(index)
        folder.mkdir(parents=True)
        path = folder / name
        path.write_bytes(data)
        try:
            ruleset = load_ruleset(path)
        except RuleSetError:
            return "ok"
        finally:
            path.unlink()
            folder.rmdir()
        case = parse_case(
            inputs.cases[index % len(inputs.cases)][1], name="c.md", path=tree / "c.md", root=tree
        )
        report = check(case, ruleset, now=now)
        crashed = [f.message for f in report.findings if f.check == "internal-error"]
        return f"internal-error: {crashed[0]}" if crashed else "ok"
    if target == "yaml":
        with contextlib.suppress(YamlError):
            load_yaml(data.decode("utf-8", "replace"))
        return "ok"
    if target == "decode":
        with contextlib.suppress(DecodeError):
            decode_text(data, None if name == "auto" else name)
        return "ok"
    if target == "regex":
        check_pattern(data.decode("utf-8", "replace"))
        return "ok"
    inspect_bytes(data, name)
    return "ok"


#: Files outside the checked tree that a case points at; opening one is an escape.
SENTINELS: set[str] = set()
OPENED_OUTSIDE: list[str] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        path = os.fsdecode(args[0])
        if path in SENTINELS or os.path.realpath(path) in SENTINELS:
            OPENED_OUTSIDE.append(path)


def _worker(conn: Connection, seed: int, soft: int, memory_mb: int, base: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, memory_mb * 1024 * 1024))

    def alarm(signum: int, frame: Any) -> None:
        raise SoftTimeout

    # CPU time, not wall time: other processes share the cores, and a slow input is one that
    # makes *us* work, not one that waited for the scheduler.
    signal.signal(signal.SIGPROF, alarm)
    inputs = Inputs(seed)
    tree = _tree(Path(tempfile.mkdtemp(dir=base)))
    SENTINELS.update({str(tree.parent / "secret.pdf"), "/dev/zero", "/etc/passwd"})
    sys.addaudithook(_audit)
    import ticketcheck.engine  # noqa: F401  -- import costs are not an input's time

    while True:
        index = conn.recv()
        if index is None:
            return
        target, name, data = inputs.make(index)
        started = time.perf_counter()
        cpu = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, soft)
        try:
            status = _run(target, name, data, tree, inputs, index)
        except SoftTimeout:
            status = "hang: " + traceback.format_exc(limit=-12)
        except MemoryError:
            status = "memory: MemoryError"
        except BaseException:  # every unhandled error is what we are looking for
            status = "exception: " + traceback.format_exc(limit=-6)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        if OPENED_OUTSIDE:
            status = f"escape: opened {OPENED_OUTSIDE[0]}"
            OPENED_OUTSIDE.clear()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        conn.send((index, target, status, (seconds, cpu), rss))


# -- the parent ------------------------------------------------------------------------


class Pool:
    def __init__(self, args: argparse.Namespace, base: str) -> None:
        self.args = args
        self.base = base
        self.ctx = mp.get_context("fork")
        self.slots: list[tuple[Any, Connection, int | None, float, int]] = []
        for _ in range(args.workers):
            self.slots.append(self._spawn())

    def _spawn(self) -> tuple[Any, Connection, int | None, float, int]:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(
            target=_worker,
            args=(child, self.args.seed, self.args.timeout, self.args.memory_mb, self.base),
            daemon=True,
        )
        proc.start()
        child.close()
        return proc, parent, None, 0.0, 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first input index")
    parser.add_argument("--timeout", type=int, default=5, help="seconds per input (soft)")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space cap per worker")
    parser.add_argument("--recycle", type=int, default=3000, help="inputs per worker process")
    parser.add_argument("--only", help="run only this target")
    parser.add_argument("--replay", type=int, help="run input N in this process and show it")
    args = parser.parse_args(argv)
    if args.replay is not None:
        return _replay(args)
    return _fuzz(args)


def _replay(args: argparse.Namespace) -> int:
    inputs = Inputs(args.seed)
    target, name, data = inputs.make(args.replay)
    print(target, name, len(data), repr(data[:300]))
    with tempfile.TemporaryDirectory() as base:
        print(_run(target, name, data, _tree(Path(base)), inputs, args.replay))
    return 0


def _fuzz(args: argparse.Namespace) -> int:
    out = Path(tempfile.mkdtemp(prefix="ticketcheck-fuzz-"))
    work = tempfile.mkdtemp(prefix="ticketcheck-fuzz-work-")
    inputs = Inputs(args.seed)
    pool = Pool(args, work)
    todo = iter(range(args.start, args.start + args.inputs))
    if args.only:
        todo = (i for i in todo if inputs.make(i)[0] == args.only)
    counts: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    slowest: tuple[float, int, str] = (0.0, -1, "")
    wall = 0.0
    peak: tuple[int, int, str] = (0, -1, "")
    started = time.monotonic()
    hard = args.timeout * 6  # wall time, with room for a busy machine
    done = 0
    next_report = 5000
    exhausted = False
    slots = pool.slots
    while True:
        for n, (proc, conn, busy, since, served) in enumerate(slots):
            if busy is None and not exhausted:
                if served >= args.recycle:
                    conn.send(None)
                    proc.join(5)
                    proc, conn, busy, since, served = pool._spawn()
                index = next(todo, None)
                if index is None:
                    exhausted = True
                else:
                    conn.send(index)
                    slots[n] = (proc, conn, index, time.monotonic(), served + 1)
        if exhausted and all(slot[2] is None for slot in slots):
            break
        ready = set(wait([slot[1] for slot in slots if slot[2] is not None], timeout=0.5))
        for n, (proc, conn, busy, since, served) in enumerate(slots):
            if busy is None:
                continue
            verdict: str | None = None
            if conn in ready:
                try:
                    index, target, status, (seconds, cpu), rss = conn.recv()
                except (EOFError, OSError):
                    verdict = f"worker died (exit {proc.exitcode})"
                else:
                    counts[target] += 1
                    done += 1
                    if cpu > slowest[0]:
                        slowest = (cpu, index, target)
                    wall = max(wall, seconds)
                    if rss > peak[0]:
                        peak = (rss, index, target)
                    if status != "ok":
                        _save(out, inputs, index, status)
                        problems[f"{target}: {_headline(status)}"] += 1
                    slots[n] = (proc, conn, None, 0.0, served)
                    continue
            elif time.monotonic() - since > hard or not proc.is_alive():
                verdict = (
                    "hard hang (killed)"
                    if proc.is_alive()
                    else f"worker died (exit {proc.exitcode})"
                )
            if verdict is not None:
                proc.kill()
                proc.join()
                target = inputs.make(busy)[0]
                counts[target] += 1
                done += 1
                _save(out, inputs, busy, verdict)
                problems[f"{target}: {verdict}"] += 1
                slots[n] = pool._spawn()
        if done >= next_report:
            next_report += 5000
            print(
                f"... {done:,} inputs, {time.monotonic() - started:,.0f} s, {sum(problems.values())} problems",
                flush=True,
            )
    for proc, conn, *_ in slots:
        # A worker recycled or killed on the last input has closed its end already.
        with contextlib.suppress(BrokenPipeError, OSError):
            conn.send(None)
        proc.join(5)
    elapsed = time.monotonic() - started
    print(
        f"\ninputs run: {done:,} in {elapsed:,.0f} s with {args.workers} workers (seed {args.seed})"
    )
    for target, count in sorted(counts.items()):
        print(f"  {target:8} {count:,}")
    print(
        f"slowest input: {slowest[0]:.2f} s of CPU (#{slowest[1]}, {slowest[2]}); longest wall time {wall:.2f} s"
    )
    print(f"peak worker RSS: {peak[0] / 1024:.0f} MB (first reached at #{peak[1]}, {peak[2]})")
    print(f"problems: {sum(problems.values())}")
    for what, count in problems.most_common():
        print(f"  {count:6,} x {what}")
    print(f"failing inputs saved in: {out}")
    return 1 if problems else 0


def _headline(status: str) -> str:
    """The exception line of a traceback, and the frame it was raised in."""
    lines = status.splitlines()
    frames = [line.strip() for line in lines if line.strip().startswith("File ")]
    last = [line for line in lines if line and not line[0].isspace()][-1]
    where = frames[-2 if "SoftTimeout" in last and len(frames) > 1 else -1] if frames else ""
    return f"{last[:120]} @ {where[:140]}"


def _save(out: Path, inputs: Inputs, index: int, status: str) -> None:
    target, name, data = inputs.make(index)
    (out / f"{target}-{index}-{Path(name).name}.bin").write_bytes(data)
    (out / f"{target}-{index}.txt").write_text(
        f"{target} {name} (replay: --replay {index})\n{status}\n"
    )


if __name__ == "__main__":
    sys.exit(main())
