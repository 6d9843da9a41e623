"""Parallel runs give exactly what a serial run gives, in the same order."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from ticketcheck.cli import main
from ticketcheck.runner import POOL_THRESHOLD, CaseSettings, Job, default_jobs, run_all, run_one

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def make_repo(root: Path, count: int) -> None:
    for index in range(count):
        folder = root / ("a-to-z" if index % 2 else "account-health")
        folder.mkdir(parents=True, exist_ok=True)
        category = folder.name if index % 7 else "a-to-zz"  # some unknown categories
        body = "Hello, the order was delivered on time and the buyer has it. " * (index % 3)
        if index % 5 == 0:
            body += "Order {{order_id}}."
        (folder / f"case-{index:03}.md").write_text(
            f"---\ncategory: {category}\norder_id: 112-4829301-57382{index % 10:02}\n---\n{body}\n",
            encoding="utf-8",
        )
    (root / "a-to-z" / "binary.md").write_bytes(b"\x00\x01\x02")


def test_pool_keeps_order_and_results(tmp_path: Path) -> None:
    count = POOL_THRESHOLD + 15
    make_repo(tmp_path, count)
    jobs = [Job(str(p), str(tmp_path), now=NOW) for p in sorted(tmp_path.rglob("*.md"))]
    seen: list[int] = []
    serial = run_all(jobs, workers=1, progress=lambda done, total: seen.append(done))
    parallel = run_all(jobs, workers=2)
    assert serial == parallel
    assert seen == list(range(1, len(jobs) + 1))
    assert [o.report.path for o in parallel if o.report] == [j.path for j in jobs]


def test_started_is_called_once_when_start_up_is_over(tmp_path: Path) -> None:
    make_repo(tmp_path, POOL_THRESHOLD + 3)
    jobs = [Job(str(p), str(tmp_path), now=NOW) for p in sorted(tmp_path.rglob("*.md"))]
    events: list[str] = []
    run_all(jobs, workers=1, started=lambda: events.append("started"),
            progress=lambda done, total: events.append(str(done)))
    assert events[:3] == ["started", "1", "2"]  # after the first case, before its progress
    assert events.count("started") == 1 and len(events) == len(jobs) + 1
    pooled: list[str] = []
    run_all(jobs, workers=2, started=lambda: pooled.append("started"),
            progress=lambda done, total: pooled.append(str(done)))
    assert pooled[0] == "started" and pooled.count("started") == 1  # before the pool forks


def test_run_one_never_raises(tmp_path: Path) -> None:
    outcome = run_one(Job(str(tmp_path), str(tmp_path)))  # a directory is not a case
    assert outcome.report is None and outcome.code == 2
    assert outcome.messages == (f"ticketcheck: {tmp_path}: is a directory, not a case file",)
    bad = run_one(Job(str(tmp_path / "x.md"), str(tmp_path),
                      settings=CaseSettings(ruleset="missing.yaml")))
    assert bad.code == 2


def test_meta_levels_from_config(tmp_path: Path) -> None:
    case = tmp_path / "case.md"
    case.write_text("---\ncategory: a-to-z\nignore: [nothing-here]\n---\nBody.\n", encoding="utf-8")
    plain = run_one(Job(str(case), str(tmp_path), now=NOW))
    assert plain.report is not None
    assert "unused-suppression" in {f.rule for f in plain.report.findings}
    quiet = run_one(Job(str(case), str(tmp_path), now=NOW,
                        settings=CaseSettings(levels=(("unused-suppression", "off"),))))
    assert quiet.report is not None
    assert "unused-suppression" not in {f.rule for f in quiet.report.findings}
    loud = run_one(Job(str(case), str(tmp_path), now=NOW,
                       settings=CaseSettings(levels=(("unused-suppression", "error"),))))
    assert loud.report is not None
    assert [str(f.severity) for f in loud.report.findings if f.rule == "unused-suppression"] == [
        "error"
    ]


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "text"])
def test_cli_jobs_2_is_byte_identical_to_jobs_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    make_repo(tmp_path / "repo", POOL_THRESHOLD + 10)
    monkeypatch.chdir(tmp_path)
    results = []
    for jobs in ("1", "2"):
        out, err = io.StringIO(), io.StringIO()
        code = main(["check", "repo", "--jobs", jobs, "--format", fmt,
                     "--now", "2026-11-26T12:00:00Z"], stdout=out, stderr=err)
        results.append((code, out.getvalue(), err.getvalue()))
    assert results[0] == results[1]
    assert results[0][0] == 1


def test_default_jobs_is_positive() -> None:
    assert default_jobs() >= 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("ci", "shown"), [(None, True), ("true", False)])
def test_progress_only_on_a_terminal_outside_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ci: str | None, shown: bool
) -> None:
    make_repo(tmp_path / "repo", POOL_THRESHOLD + 5)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    err = _Terminal()
    main(["check", str(tmp_path / "repo"), "--jobs", "1"], stdout=io.StringIO(), stderr=err)
    assert ("\rchecking: 10/" in err.getvalue()) is shown
    if shown:
        assert err.getvalue().endswith("\r\033[K")  # the line is cleared at the end
