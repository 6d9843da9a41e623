"""The command line, in-process: exit codes, stdout and stderr."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ticketcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "templates"
NOW = ["--now", "2026-11-26T12:00:00Z"]
GOOD = """\
---
category: account-health
subject: Plan of action
---
We confirmed every open order on the day it shipped, and a second person checks it daily.
"""
BAD = "---\ncategory: account-health\n---\nToo short {{x}}.\n"
# The repo's own rule set, so these tests do not move when the built-in rule sets grow.
HOUSE = """\
ruleset: house
rules:
  - {id: case-file, check: case-file}
  - {id: placeholder, check: placeholder}
  - {id: body-empty, check: text-length, field: body, min-chars: 40}
"""
CONFIG = "ruleset: house.yaml\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Templates\n\nNot a case.\n", encoding="utf-8")
    (tmp_path / "house.yaml").write_text(HOUSE, encoding="utf-8")
    (tmp_path / ".ticketcheck.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_several_formats_in_one_run(repo: Path) -> None:
    code, out, err = run("check", ".", *NOW, "--format", "sarif:out/x.sarif",
                         "--format", "junit:x.xml", "--format", "text")
    assert (code, err) == (2, "ticketcheck: cannot write out/x.sarif: No such file or directory\n")
    (repo / "out").mkdir()
    code, out, err = run("check", ".", *NOW, "--format", "sarif:out/x.sarif",
                         "--format", "junit:x.xml", "--format", "text")
    assert (code, err) == (1, "")
    assert out.endswith("2 cases checked: 2 errors, 0 warnings\n")
    assert json.loads((repo / "out" / "x.sarif").read_text())["version"] == "2.1.0"
    assert (repo / "x.xml").read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>')


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        (["text", "json"], "ticketcheck: at most one --format may go to stdout; write the "
                           "others to files (NAME:FILE)\n"),
        (["xml"], "ticketcheck: unknown format 'xml' (known: text, json, sarif, junit, github)\n"),
        (["sarif:"], "ticketcheck: --format sarif:: give a file after ':' (or drop the ':')\n"),
    ],
)
def test_format_usage_errors(repo: Path, formats: list[str], message: str) -> None:
    argv = ["check", "."]
    for fmt in formats:
        argv += ["--format", fmt]
    assert run(*argv) == (2, "", message)


def test_jobs_must_be_positive(repo: Path) -> None:
    code, _, err = run("check", ".", "--jobs", "0")
    assert code == 2 and "--jobs: must be 1 or more" in err


def test_config_error_exits_2_with_one_line_each(repo: Path) -> None:
    (repo / ".ticketcheck.yaml").write_text(CONFIG + "placeholder: [a]\nrules: {body-empty: loud}\n")
    code, out, err = run("check", ".")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        ".ticketcheck.yaml:2: placeholder: unknown key 'placeholder' (did you mean "
        "'placeholders'?)",
        ".ticketcheck.yaml:3: rules.body-empty: 'loud' is not a level: use off, on, info, "
        "warning, error",
    ]
    assert run("check", ".", "--no-config", *NOW)[0] == 1


def test_config_levels_and_fail_on(repo: Path) -> None:
    (repo / ".ticketcheck.yaml").write_text(
        CONFIG + "templates: true\nplaceholders: [x]\nrules: {body-empty: warning}\n"
    )
    code, out, _ = run("check", ".", *NOW)
    assert code == 0
    assert out.splitlines()[0] == "bad.md:4:1: warning: the body is 16 characters; the minimum is 40 [body-empty]"
    assert out.splitlines()[-1] == "2 cases checked: 0 errors, 1 warning"
    assert run("check", ".", *NOW, "--fail-on", "warning")[0] == 1


def test_pre_commit_batches(repo: Path) -> None:
    """pre-commit names files in batches, each its own process: each batch's exit code and
    output stand alone, and a Markdown file that is not a case is skipped."""
    code, out, err = run("check", "--only-cases", *NOW, "README.md", "good.md")
    assert (code, err) == (0, "")
    assert out == "1 case checked: 0 errors, 0 warnings\n"
    code, out, _ = run("check", "--only-cases", *NOW, "bad.md")
    assert code == 1 and out.startswith("bad.md:4:")
    code, out, _ = run("check", "--only-cases", *NOW, "README.md")
    assert (code, out) == (0, "0 cases checked: 0 errors, 0 warnings\n")
    # Named without --only-cases, a file is always checked (DESIGN).
    code, out, _ = run("check", *NOW, "README.md")
    assert code == 1 and "README.md:1:1: error: no front matter" in out


def test_pre_commit_hook_manifest() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["ticketcheck", "ticketcheck-strict"]
    for hook in hooks:
        assert hook["language"] == "python" and hook["require_serial"] is False
        assert hook["entry"].startswith("ticketcheck check --only-cases")
        files = re.compile(hook["files"])
        for name, hit in [("a/x.md", True), ("x.case.yaml", True), ("x.case.json", True),
                          ("x.case.yml", True), ("x.yaml", False), ("x.txt", False)]:
            assert bool(files.search(name)) is hit, name


def test_example_repo_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run("check", "--templates", "examples/templates")
    assert (code, err) == (0, ""), out
    assert out.endswith("cases checked: 0 errors, 0 warnings\n")


def test_example_repo_with_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "templates"
    shutil.copytree(EXAMPLE, repo)
    (repo / ".git").mkdir()
    template = repo / "a-to-z" / "item-not-received.md"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("on time with {{carrier}}", "on time with {{carier}}"),
                        encoding="utf-8")
    lines = template.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "{{carier}}" in text)
    column = lines[line - 1].index("{{carier}}") + 1
    monkeypatch.chdir(repo)
    code, out, err = run("check", "--templates", "--format", "sarif:ticketcheck.sarif",
                         "--format", "github", ".")
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        f"::error file=a-to-z/item-not-received.md,line={line},col={column},endLine={line},"
        f"endColumn={column + 10},title=placeholder (placeholder)::unknown placeholder "
        "{{carier}} (did you mean 'carrier'?)%0Ahint: fix its name, or declare it under "
        "'placeholders' in the config"
    )
    results = json.loads((repo / "ticketcheck.sarif").read_text())["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [
        "a-to-z/item-not-received.md"
    ]


@pytest.mark.parametrize(
    "argv",
    [["rules", "list"], ["rules", "show", "a-to-z"], ["rules", "schema"],
     ["explain", "placeholder"], ["rules", "validate", str(ROOT / "rules" / "common.yaml")]],
)
def test_other_commands_still_work(argv: list[str]) -> None:
    code, out, err = run(*argv)
    assert (code, err) == (0, "") and out


def test_inspect_still_works(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello")
    code, out, _ = run("inspect", "--format", "json", str(tmp_path / "a.txt"))
    assert code == 0 and json.loads(out)["files"][0]["format"] == "text"


def test_installed_console_script(repo: Path) -> None:
    script = Path(sys.executable).with_name("ticketcheck")
    if not script.exists():
        pytest.skip("the console script is not installed in this environment")
    done = subprocess.run([str(script), "check", "--format", "github", *NOW, "bad.md"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=bad.md,line=4,")


def _module_command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "ticketcheck", *argv]


def test_python_dash_m_flushes_everything_before_its_fast_exit(repo: Path) -> None:
    # run() ends the process with os._exit: output larger than any pipe or stdio buffer,
    # and a report written to a file, must still arrive whole.
    for n in range(120):
        (repo / f"bad{n}.md").write_text(BAD, encoding="utf-8")
    done = subprocess.run(_module_command("check", ".", *NOW, "--jobs", "1", "--format", "json",
                                          "--format", "junit:report.xml"),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert len(done.stdout) > 70_000
    results = json.loads(done.stdout)["results"]
    assert len(results) == 122 and sum(1 for r in results if r["findings"]) == 121
    assert (repo / "report.xml").read_text(encoding="utf-8").rstrip().endswith("</testsuites>")


def test_a_reader_that_goes_away_gets_no_traceback(repo: Path) -> None:
    for n in range(300):
        (repo / f"bad{n}.md").write_text(BAD, encoding="utf-8")
    with subprocess.Popen(_module_command("check", ".", *NOW, "--jobs", "1", "--format", "json"),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.read(10)  # the reader takes a little, like `| head -c 10`, then leaves
        proc.stdout.close()
        err = proc.stderr.read().decode()
        code = proc.wait()
    assert code == 1
    assert "Traceback" not in err and "Exception ignored" not in err


def test_check_caches_rule_sets_and_gives_the_same_findings(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "rule-set-cache"
    monkeypatch.setenv("TICKETCHECK_CACHE_DIR", str(cache))

    def check() -> tuple[int, str]:  # a new process each time, as on each commit
        done = subprocess.run(_module_command("check", ".", *NOW, "--format", "json"),
                              capture_output=True, text=True, check=False)
        return done.returncode, done.stdout

    first = check()
    # house.yaml, and the built-in sets the config's rule ids are checked against
    assert len(list(cache.glob("*.pickle"))) == 11
    assert check() == first
    (repo / "house.yaml").write_text(HOUSE.replace("min-chars: 40", "min-chars: 4000"), encoding="utf-8")
    edited = check()
    assert edited[0] == 1 and edited[1].count('"rule": "body-empty"') == 2
    assert first[1].count('"rule": "body-empty"') == 1
    monkeypatch.setenv("TICKETCHECK_CACHE_DIR", "")  # off
    assert check() == edited


def test_main_leaves_the_rule_set_cache_as_it_found_it(repo: Path) -> None:
    from ticketcheck import ruleset_cache

    assert ruleset_cache.enable(None) is None  # off, as for any program using the API
    assert run("check", ".", *NOW)[0] == 1
    assert ruleset_cache.enable(None) is None  # main() turned it on for the run only


def test_start_up_gc_pace_ends_with_the_first_case(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from ticketcheck import cli

    usual = gc.get_threshold()
    assert run("check", ".", *NOW)[0] == 1
    assert gc.get_threshold() == usual  # main() from a program leaves the collector alone
    # As run() leaves it: collecting rarely while starting up.
    monkeypatch.setattr(cli, "_usual_gc", usual)
    gc.set_threshold(*cli._START_UP_GC)
    try:
        assert run("check", ".", *NOW)[0] == 1
        assert gc.get_threshold() == usual and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*usual)
