"""``--format sarif``: valid SARIF 2.1.0 with what GitHub code scanning needs."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ticketcheck.cli import main

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
CASE = """\
---
category: a-to-z
order_id: 112-4829301-573820
tracking_number: 1Z4F83W20398127465
carrier: UPS
attachments: [pod.pdf]
---
Hello Amazon team, the package was delivered on time to the buyer's door.
Please review the claim for order {{order_id}} and {{order_id}}.
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "claim one.md").write_text(CASE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    code = main(["check", "--format", "sarif", "--now", "2026-11-26T12:00:00Z", *args],
                stdout=out, stderr=io.StringIO())
    assert code == 1
    log: dict[str, Any] = json.loads(out.getvalue())
    return log


def test_validates_against_the_schema(repo: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(sarif("cases"), schema, cls=jsonschema.Draft4Validator)


def test_has_what_github_code_scanning_needs(repo: Path) -> None:
    run = sarif("cases")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "ticketcheck"
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    pod = next(r for r in rules if r["id"] == "attachment-missing")
    assert pod["helpUri"].startswith("https://")
    results = run["results"]
    assert {r["ruleId"] for r in results} >= {"attachment-missing", "placeholder"}
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "cases/claim%20one.md",
                                                 "uriBaseId": "%SRCROOT%"}
        assert location["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["primaryLocationLineHash"]
    placeholder = [r for r in results if r["ruleId"] == "placeholder"]
    assert placeholder[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 9, "startColumn": 35, "endLine": 9, "endColumn": 47,
    }


def fingerprints(log: dict[str, Any]) -> dict[str, list[str]]:
    prints: dict[str, list[str]] = {}
    for result in log["runs"][0]["results"]:
        prints.setdefault(result["ruleId"], []).append(
            result["partialFingerprints"]["primaryLocationLineHash"]
        )
    return prints


def test_fingerprints_survive_an_edit_above(repo: Path) -> None:
    before = sarif("cases")
    case = repo / "cases" / "claim one.md"
    case.write_text(CASE.replace("Hello Amazon team,", "Hello Amazon team,\n\nA new line.\n"),
                    encoding="utf-8")
    after = sarif("cases")
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"]
             for r in after["runs"][0]["results"] if r["ruleId"] == "placeholder"]
    assert lines == [12, 12]  # the findings moved ...
    assert fingerprints(after) == fingerprints(before)  # ... and kept their alerts
    same_message = fingerprints(before)["placeholder"]
    assert len(set(same_message)) == 2  # two identical findings are told apart


def test_byte_identical_runs(repo: Path) -> None:
    assert sarif("cases") == sarif("cases")
    out = [io.StringIO(), io.StringIO()]
    for buffer in out:
        main(["check", "--format", "sarif", "--now", "2026-11-26T12:00:00Z", "cases"],
             stdout=buffer, stderr=io.StringIO())
    assert out[0].getvalue() == out[1].getvalue()


def test_suppression_rules_are_described(repo: Path) -> None:
    case = repo / "cases" / "claim one.md"
    case.write_text(CASE + "<!-- ticketcheck: disable=placeholder -->\n", encoding="utf-8")
    run = sarif("cases")["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "invalid-suppression")
    assert rule["shortDescription"]["text"] == (
        "A ticketcheck suppression comment has no reason or cannot be read"
    )
