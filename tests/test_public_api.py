from __future__ import annotations

import subprocess
import sys

import ticketcheck


def test_all_is_sorted_and_resolves():
    assert ticketcheck.__all__ == sorted(ticketcheck.__all__)
    for name in ticketcheck.__all__:
        assert getattr(ticketcheck, name) is not None


def test_import_loads_no_heavy_parser():
    code = (
        "import sys, ticketcheck, ticketcheck.cli;"
        "heavy = [m for m in ('pypdf', 'PIL', 'langdetect', 'pydantic') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_loading_and_checking_loads_no_parser_for_a_plain_case():
    code = (
        "import sys, ticketcheck;"
        "case = ticketcheck.parse_case(b'---\\ncategory: common\\n---\\nThe parcel was delivered on May 3.\\n');"
        "ticketcheck.check(case);"
        "print(','.join(m for m in ('pypdf', 'PIL') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_unknown_attribute():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ticketcheck.nope  # noqa: B018 -- the attribute access is the test
