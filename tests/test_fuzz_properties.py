"""Properties over arbitrary input: loading never raises, checking never crashes.

Example counts are small and the runs derandomized so the suite stays quick and repeatable;
``fuzz/fuzz_all.py`` runs the same targets for hundreds of thousands of inputs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticketcheck.case import Case, parse_case
from ticketcheck.checks import CHECKS
from ticketcheck.decoding import DecodeError, decode_text
from ticketcheck.engine import check
from ticketcheck.errors import RuleSetError
from ticketcheck.ruleset import builtin_names, load_ruleset
from ticketcheck.yaml_source import YamlError, load_yaml

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAMES = st.sampled_from(["case.md", "x.case.yaml", "x.case.json", "CASE.MARKDOWN"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=30), st.dates(), st.datetimes(),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(
    ["category", "subject", "order_id", "tracking_number", "carrier", "case_id", "asin",
     "attachments", "ignore", "received_at", "marketplace", "body", "extra", "path", "ordr_id"]
)  # fmt: skip
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


def _no_crash(case: Case) -> None:
    report = check(case, now=NOW)
    assert not report.crashed, [f.message for f in report.findings if f.check == "internal-error"]


@SETTINGS
@given(st.binary(max_size=2000), NAMES)
def test_parse_case_never_raises_on_bytes(data, name):
    case = parse_case(data, name=name)
    assert case.source is not None


@SETTINGS
@given(
    st.binary(max_size=200),
    st.sampled_from([None, "utf-8", "gb18030", "shift_jis", "utf-16", "nope"]),
)
def test_decode_text_raises_only_decode_error(data, encoding):
    try:
        text, _ = decode_text(data, encoding)
    except DecodeError:
        return
    assert "\r" not in text


@SETTINGS
@given(st.text(max_size=500))
def test_load_yaml_raises_only_yaml_error(text):
    with contextlib.suppress(YamlError):
        load_yaml(text)


@SETTINGS
@given(st.dictionaries(KEYS | st.text(max_size=8), VALUES, max_size=8), TEXT, NAMES)
def test_parse_case_never_raises_on_front_matter(front, body, name):
    dumped = yaml.safe_dump(front, allow_unicode=True)
    data = (
        ("---\n" + dumped + "---\n" + body) if name.lower().endswith(("md", "markdown")) else dumped
    )
    for encoding in ("utf-8", "utf-16", "gb18030"):
        try:
            raw = data.encode(encoding)
        except UnicodeEncodeError:
            continue
        case = parse_case(raw, name=name)
        assert case.source is not None


@SETTINGS
@given(TEXT, NAMES)
def test_parse_case_never_raises_on_text(text, name):
    parse_case(text, name=name)


@SETTINGS
@given(
    st.sampled_from(builtin_names()) | st.text(max_size=12) | st.none(),
    TEXT,
    TEXT,
    st.dictionaries(
        st.sampled_from(["order_id", "tracking_number", "carrier", "case_id", "asin"]),
        st.text(max_size=25),
        max_size=5,
    ),
)
def test_check_never_crashes_on_arbitrary_cases(category, subject, body, fields):
    _no_crash(Case(category=category, subject=subject, body=body, **fields))


@SETTINGS
@given(st.sampled_from(builtin_names()), st.binary(max_size=1500), NAMES)
def test_check_never_crashes_on_parsed_bytes(category, data, name):
    case = parse_case(b"---\ncategory: " + category.encode() + b"\n---\n" + data, name=name)
    _no_crash(case)


RULE = st.fixed_dictionaries(
    {"id": st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True) | st.text(max_size=5)},
    optional={
        "check": st.sampled_from(sorted(CHECKS)) | st.text(max_size=8),
        "severity": st.sampled_from(["error", "warning", "info", "fatal"]),
        "enabled": st.booleans(),
        "field": KEYS,
        # no digits: re.compile raises OverflowError on a{99999999999} (see the report)
        "pattern": st.text(alphabet="ab()[]|*+?.\\ws^$", max_size=12),
        "patterns": st.lists(st.text(alphabet="ab()[]|*+?.\\w{}", max_size=12), max_size=3),
        "max-chars": st.integers(-5, 10**6) | st.text(max_size=3),
        "unknown-key": VALUES,
    },
)


@settings(SETTINGS, max_examples=30)  # each example re-reads the built-in sets it extends
@given(
    st.fixed_dictionaries(
        {"ruleset": st.just("fuzz") | st.text(max_size=6)},
        optional={
            "extends": st.lists(st.sampled_from([*builtin_names(), "nope", "fuzz"]), max_size=3),
            "rules": st.lists(RULE, max_size=5) | VALUES,
            "title": VALUES,
            "placeholders": st.lists(st.text(max_size=5), max_size=3) | VALUES,
        },
    )
)
def test_load_ruleset_raises_only_rule_set_error(document):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        try:
            ruleset = load_ruleset(path)
        except RuleSetError:
            return
        report = check(Case(category="a-to-z", body="Hello {{x}}", order_id="1"), ruleset, now=NOW)
        assert not report.crashed


@SETTINGS
@given(st.text(alphabet="ab\n中", max_size=60), st.data())
def test_locate_agrees_with_counting_newlines(body, data):
    case = parse_case("---\ncategory: a-to-z\n---\n" + body)
    assert case.source is not None
    text = case.body
    start = data.draw(st.integers(0, len(text)))
    line = text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1)
    assert case.source.locate("body", text, start) == (4 + line, column + 1)
