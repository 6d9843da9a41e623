"""Meta-tests: every check kind has its module, class, docstring, summary and test file,
all spelled from one name."""

from __future__ import annotations

import sys
import typing
from pathlib import Path

import pytest

from ticketcheck.checks import CHECKS

TESTS = Path(__file__).parent / "checks"


@pytest.mark.parametrize("kind", sorted(CHECKS))
def test_kind_is_spelled_four_ways(kind):
    cls = CHECKS[kind]
    module = kind.replace("-", "_")
    assert cls.__module__ == f"ticketcheck.checks.{module}"
    assert cls.__name__ == "".join(part.capitalize() for part in kind.split("-"))
    assert (TESTS / f"test_{module}.py").is_file(), f"tests/checks/test_{module}.py is missing"
    assert typing.get_args(cls.model_fields["check"].annotation) == (kind,)


@pytest.mark.parametrize("kind", sorted(CHECKS))
def test_kind_is_documented(kind):
    cls = CHECKS[kind]
    doc = sys.modules[cls.__module__].__doc__ or ""
    assert doc.startswith(f"``{kind}``"), "the module docstring opens with the kind's name"
    assert "```yaml" in doc, "the module docstring shows a YAML example"
    assert cls.SUMMARY


def test_design_kinds_keep_their_names():
    # DESIGN.md's kind names are a contract; the registry may grow but not rename them.
    design = {"case-file", "attachment-missing", "attachment-format", "attachment-size",
              "attachment-count", "attachment-integrity", "language", "sensitive-words",
              "required-field", "required-proof", "required-section", "placeholder",
              "text-length", "duplicate", "follow-up", "deadline"}
    missing = sorted(design - set(CHECKS))
    # Kinds still being built are listed here and must shrink to nothing.
    assert set(missing) <= PENDING, missing


PENDING: set[str] = set()
