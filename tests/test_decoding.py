"""Case files in the encodings Windows and Unix editors write, with right line numbers."""

from __future__ import annotations

import codecs

import pytest

from tests.conftest import NOW, ruleset_of
from ticketcheck.case import load_case, parse_case
from ticketcheck.decoding import DecodeError, decode_text
from ticketcheck.engine import check

ZH = (
    "---\ncategory: a-to-z\nsubject: 订单退款申诉\norder_id: 112-4829301-5738201\n---\n"
    "您好，亚马逊团队：\n包裹已于十一月二十日送达买家。\n附件是签收证明 {{tracking}}。\n"
)
JA = (
    "---\ncategory: a-to-z\nsubject: 返金申請について\norder_id: 112-4829301-5738201\n---\n"
    "アマゾンのご担当者様\n荷物は十一月二十日に配達されました。\n配達証明を添付します {{tracking}}。\n"
)
PLACEHOLDER = {"id": "placeholder", "check": "placeholder"}


def _placeholder_line(case):
    findings = check(case, ruleset_of(PLACEHOLDER), now=NOW).findings
    return [
        (f.rule, f.location.line, f.location.column) for f in findings if f.rule == "placeholder"
    ]


@pytest.mark.parametrize(
    ("text", "bom", "codec", "encoding"),
    [
        (ZH, b"", "utf-8", "utf-8"),
        (ZH, codecs.BOM_UTF8, "utf-8", "utf-8"),
        (ZH, codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (ZH, codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (ZH, b"", "gb18030", "gb18030"),
        (ZH, b"", "gbk", "gb18030"),
        (JA, b"", "shift_jis", "cp932"),
        (JA, b"", "cp932", "cp932"),
        (JA, codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (JA, codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_are_read_with_right_line_numbers(text, bom, codec, encoding, newline):
    case = parse_case(bom + text.replace("\n", newline).encode(codec), name="claim.md")
    assert case.source is not None
    assert case.source.problems == []
    assert case.source.encoding == encoding
    assert case.category == "a-to-z"
    assert case.subject in ("订单退款申诉", "返金申請について")
    assert "\r" not in case.body
    # The placeholder is on line 8, after two lines of Chinese/Japanese text.
    line = text.split("\n")[7]
    assert _placeholder_line(case) == [("placeholder", 8, line.index("{{") + 1)]


def test_windows_1252_smart_quotes_are_detected():
    text = "---\ncategory: a-to-z\n---\nWe said \u201cdelivered\u201d \u2013 caf\u00e9.\n{{x}}\n"
    case = parse_case(text.encode("cp1252"))
    assert case.source is not None and case.source.encoding == "cp1252"
    assert "\u201cdelivered\u201d" in case.body
    assert _placeholder_line(case) == [("placeholder", 5, 1)]


def test_forced_encoding_overrides_detection(tmp_path):
    path = tmp_path / "claim.md"
    path.write_bytes(JA.encode("shift_jis"))
    case = load_case(path, encoding="shift_jis")
    assert case.source is not None and case.source.encoding == "shift_jis"
    assert case.subject == "返金申請について"
    wrong = load_case(path, encoding="utf-8")
    assert wrong.source is not None
    [problem] = wrong.source.problems
    assert problem.message.startswith("not valid utf-8 text at byte ")
    assert problem.line == 3  # the subject line holds the first non-UTF-8 byte
    assert "encoding:" in problem.hint


def test_forced_encoding_keeps_front_matter_after_a_bom():
    case = parse_case(codecs.BOM_UTF8 + ZH.encode(), encoding="utf-8")
    assert case.category == "a-to-z"


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        (
            "no-such-codec",
            "unknown text encoding 'no-such-codec'; use a name such as utf-8, gb18030 or shift_jis",
        ),
        ("rot13", "unknown text encoding 'rot13'; use a name such as utf-8, gb18030 or shift_jis"),
        (
            "unicode_escape",
            "unknown text encoding 'unicode_escape'; use a name such as utf-8, gb18030 or shift_jis",
        ),
        (
            "undefined",
            "unknown text encoding 'undefined'; use a name such as utf-8, gb18030 or shift_jis",
        ),
        (
            "utf\x00",
            "unknown text encoding 'utf\\x00'; use a name such as utf-8, gb18030 or shift_jis",
        ),
    ],
)
def test_an_unusable_forced_encoding_is_a_problem_not_a_crash(encoding, message):
    case = parse_case(b"---\ncategory: a-to-z\n---\nbody\\x\n", encoding=encoding)
    assert case.source is not None
    assert [p.message for p in case.source.problems] == [message]


def test_undecodable_bytes_name_the_expected_encoding_and_line():
    data = b"---\ncategory: a-to-z\n---\nfine\n\x81\x20\xff\xfe\x81\n"
    with pytest.raises(DecodeError) as info:
        decode_text(data)
    assert str(info.value) == "not valid utf-8 text at byte 30; save the file as UTF-8"
    assert info.value.line == 5


def test_utf8_needs_no_detector(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "charset_normalizer", None)  # importing it would fail
    assert decode_text("---\ncafé\r\n".encode()) == ("---\ncafé\n", "utf-8")
    with pytest.raises(DecodeError, match="not valid utf-8"):
        decode_text(ZH.encode("gb18030"))
