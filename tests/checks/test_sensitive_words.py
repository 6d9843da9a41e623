from __future__ import annotations

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.conftest import ruleset_of, run_rule
from ticketcheck.case import Case
from ticketcheck.checks.sensitive_words import SensitiveWords
from ticketcheck.engine import check
from ticketcheck.errors import RuleSetError
from ticketcheck.ruleset import load_ruleset

RULE = {"id": "words", "check": "sensitive-words"}


def found(rule: dict, body: str, **front: str) -> list[str]:
    """The exact slices of the body that the rule reports."""
    findings = list(check(Case(category="x", body=body, **front), ruleset_of(rule)).findings)
    findings.sort(key=lambda f: (f.location.start, f.location.end))
    assert all((f.rule, f.check, f.location.field) == ("words", "sensitive-words", "body")
               for f in findings), findings
    return [body[f.location.start : f.location.end] for f in findings]


def by_position(findings: list) -> list:
    return sorted(findings, key=lambda f: (f.location.start, f.location.end))


# --- terms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "body", "slices"),
    [
        (["review"], "Please leave a review.", ["review"]),
        (["review"], "Our team reviewed the photos.", []),  # whole words, no inflection
        ([{"term": "review", "inflect": True}], "Our team reviewed the photos.", ["reviewed"]),
        (["review"], "See the reviews page.", []),
        (["refund*"], "Refunds and refunded orders.", ["Refunds", "refunded"]),
        (["positive review"], "a positive\n\"review\" here", ["positive\n\"review"]),
        (["positive review"], "be positive. Review it", []),  # a full stop ends the phrase
        (["five star"], "a 5-star, 5 star and five-star review", ["5-star", "5 star", "five-star"]),
        (["100%"], "We are 100% sure, 100 percent.", ["100%", "100 percent"]),
        (["amazon's fault"], "It was Amazon’s fault.", ["Amazon’s fault"]),
        (["free"], "It is carefree and freely given.", []),
    ],
)
def test_terms_match_whole_words(terms, body, slices):
    assert found({**RULE, "terms": terms}, body) == slices


@pytest.mark.parametrize(
    "body",
    [
        "Leave a POSITIVE REVIEW!",  # upper case
        "Leave a ｐｏｓｉｔｉｖｅ ｒｅｖｉｅｗ!",  # full-width
        "Leave a pos\u200bitive re\u00advi\u200dew!",  # zero-width space, soft hyphen, joiner
        "Leave a роsitivе rеviеw!",  # Cyrillic о, е
        "Leave a pósitive révíew!",  # accents
        "Leave a 𝐩𝐨𝐬𝐢𝐭𝐢𝐯𝐞 𝐫𝐞𝐯𝐢𝐞𝐰!",  # mathematical bold
    ],
)
def test_disguised_terms_are_found_on_the_words_as_written(body):
    start = body.index("a ") + 2
    end = body.index("!")
    assert found({**RULE, "terms": ["positive review"]}, body) == [body[start:end]]


def test_messages_and_hints():
    rule = {
        **RULE,
        "reason": "asks for a positive review",
        "hint": "ask for an honest review",
        "source": "https://example.com/rule",
        "terms": [
            "positive review",
            {"term": "five star", "suggest": "share your experience"},
            {"term": "good review", "message": "asks for a good review", "hint": "be neutral",
             "suggest": ["an honest review", "your experience"], "source": "https://example.com/t"},
        ],
        "patterns": ["email", "url"],
    }
    body = "A positive   review, a 5★ or a good review. bob@shop.example.com https://example.org/x"
    findings = by_position(run_rule(rule, Case(category="x", body=body)))
    assert [(f.message, f.hint, f.source) for f in findings] == [
        ("'positive review' asks for a positive review", "ask for an honest review",
         "https://example.com/rule"),
        ("'5★' asks for a positive review",
         "ask for an honest review; say 'share your experience' instead", "https://example.com/rule"),
        ("'good review' asks for a good review",
         "be neutral; say 'an honest review' or 'your experience' instead; see https://example.com/t",
         "https://example.com/rule"),
        ("'bob@shop.example.com' is an e-mail address", "ask for an honest review",
         "https://example.com/rule"),
        ("'https://example.org/x' links to example.org, which is not an allowed site",
         "ask for an honest review", "https://example.com/rule"),
    ]


def test_default_wording_and_hidden_characters_in_messages():
    rule = {**RULE, "terms": ["coupon"], "patterns": ["email", "phone", "url", "html", "emoji"]}
    body = "co\u200bupon a@b.co +1 206 555 0142 www.x.com <b> 😀"
    findings = by_position(run_rule(rule, Case(category="x", body=body)))
    assert [(f.message, f.hint) for f in findings] == [
        ("'coupon' is on the list of words to avoid", ""),
        ("'a@b.co' is an e-mail address", "remove it"),
        ("'+1 206 555 0142' is a phone number",
         "remove it, or add it to allowed-phones if it may appear"),
        ("'www.x.com' is a link to a site that is not allowed",
         "link only to allowed sites, or add the site to allowed-domains"),
        ("'<b>' is HTML markup", "write plain text"),
        ("'😀' is an emoji", "remove it"),
    ]


def test_overlapping_finds_of_a_rule_are_one_finding():
    rule = {**RULE, "terms": ["% off", "off your next", "your next purchase", "five star",
                              "five star review"]}
    assert found(rule, "Get 15% off your next purchase and a 5-star review.") == [
        "% off your next purchase", "5-star review"]


def test_exceptions_keep_a_term_inside_them():
    rule = {**RULE, "terms": [{"term": "guarantee", "inflect": True}],
            "exceptions": ["a to z guarantee", "guaranteed delivery"]}
    body = "Re: A-to-z Guarantee claim. Guaranteed delivery by 10 am. We guarantee it."
    assert found(rule, body) == ["guarantee"]


def test_a_long_find_is_quoted_short():
    rule = {**RULE, "near": [{"left": ["remove"], "right": ["review"], "within": 50}]}
    body = "remove " + "very " * 20 + "review"
    [finding] = run_rule(rule, Case(category="x", body=body))
    assert finding.message == (
        "'remove very very very very very very very very very very…' is on the list of "
        "words to avoid"
    )
    assert (finding.location.start, finding.location.end) == (0, len(body))


# --- near ----------------------------------------------------------------------------------

NEAR = {
    **RULE,
    "near": [{
        "left": ["remove", "change", "update"],
        "right": ["review", "feedback"],
        "within": 3,
        "ordered": True,
        "not-between": ["you", "once", "after"],
        "message": "asks the buyer to change a review",
    }],
}


@pytest.mark.parametrize(
    ("body", "slices"),
    [
        ("Could you remove your review?", ["remove your review"]),
        ("Please change the one star review.", ["change the one star review"]),
        ("Please change the very bad one star review.", []),  # 5 words apart
        ("Your review: could you remove it?", []),  # ordered
        ("We will update you on the review.", []),  # not-between
        ("We updated the listing after your review.", []),
        ("Please remove. Your review is unfair.", []),  # another sentence
        ("Remove or change your review", ["change your review"]),  # nearest pair
        ("Could you ＲＥＭＯＶＥ your re\u200bview?", ["ＲＥＭＯＶＥ your re\u200bview"]),
    ],
)
def test_near_finds_two_words_close_together(body, slices):
    assert found(NEAR, body) == slices


def test_near_message():
    [finding] = run_rule(NEAR, Case(category="x", body="Please update your feedback."))
    assert finding.message == "'update your feedback' asks the buyer to change a review"


# --- patterns ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "body", "slices"),
    [
        (["email"], "Write to help@example-shop.com today.", ["help@example-shop.com"]),
        (["email"], "Write to help\u200b@example\u200b.com today.", ["help\u200b@example\u200b.com"]),
        (["email"], "Write to ｈｅｌｐ＠ｅｘａｍｐｌｅ．ｃｏｍ today.", ["ｈｅｌｐ＠ｅｘａｍｐｌｅ．ｃｏｍ"]),
        (["email"], "Write to help (at) example [dot] com.", ["help (at) example [dot] com"]),
        (["phone"], "Call (206) 555-0142.", ["(206) 555-0142"]),
        (["phone"], "Call ２０６-５５５-０１４２.", ["２０６-５５５-０１４２"]),
        (["phone"], "Order 112-4829301-5738201, UPS 1Z5R89390357567127, case 1234567890.", []),
        (["url"], "See https://example.com/a.", ["https://example.com/a"]),
        (["url"], "See www.exam\u200bple.com now.", ["www.exam\u200bple.com"]),
        (["url"], "Track at https://www.ups.com/track or amazon.co.uk.", []),
        (["url"], "See аmazon.com (Cyrillic а).", ["аmazon.com"]),
        (["url"], "We shipped it.Co-workers packed it; see invoice.pdf.", []),
        (["html"], "Thanks!<br/>Bye &nbsp; 3 < 5 > 2", ["<br/>", "&nbsp;"]),
        (["emoji"], "Thanks 👍🏽 and ©®™", ["👍🏽"]),
        (["email", "url"], "Mail bob@shop.example.com.", ["bob@shop.example.com"]),
    ],
)
def test_patterns(patterns, body, slices):
    assert found({**RULE, "patterns": patterns}, body) == slices


def test_allowed_domains_and_phones():
    rule = {**RULE, "patterns": ["url", "phone"], "allowed-domains": ["example.com"],
            "allowed-phones": ["1-800-742-5877"]}
    body = "See https://help.example.com/x, amazon.com and call UPS at 800-742-5877 or 206-555-0142."
    assert found(rule, body) == ["amazon.com", "206-555-0142"]


# --- fields and location -------------------------------------------------------------------


def test_subject_and_body_by_default_with_line_and_column(write_case):
    case = write_case({"category": "x", "subject": "A positive review", "note": "positive review"},
                      "Line one\nplease leave a positive review\n")
    findings = run_rule({**RULE, "terms": ["positive review"]}, case)
    assert [(f.location.field, f.location.line, f.location.column, f.location.end_column)
            for f in findings] == [("subject", 3, 12, 27), ("body", 7, 16, 31)]


def test_fields_choose_the_texts(write_case):
    case = write_case({"category": "x", "subject": "coupon", "note": "a coupon"}, "coupon")
    findings = run_rule({**RULE, "terms": ["coupon"], "fields": ["note"]}, case)
    assert [(f.location.field, f.location.start) for f in findings] == [("note", 2)]


@pytest.mark.parametrize("body", ["", "\x00\x01 <", "word " * 50_000, "\ud800 broken surrogate"])
def test_never_raises_on_content(body):
    rule = {**RULE, "terms": ["word word word"], "patterns": ["email", "phone", "url", "html", "emoji"]}
    report = check(Case(category="x", body=body), ruleset_of(rule))
    assert not report.crashed


# --- words files and validation ------------------------------------------------------------


def test_words_file_relative_to_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "words.txt").write_text("# banned words\ncoupon  # marketing\n\npromo*\n")
    monkeypatch.chdir(tmp_path)
    rule = {**RULE, "words-file": "words.txt", "terms": ["gift card"]}
    assert found(rule, "A coupon, promo codes and a gift card.") == ["coupon", "promo", "gift card"]
    absolute = {**RULE, "words-file": str(tmp_path / "words.txt")}
    assert found(absolute, "A coupon.") == ["coupon"]


def write_rules(tmp_path, monkeypatch, rules: str) -> str:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.yaml").write_text("ruleset: mine\nrules:\n" + textwrap.dedent(rules))
    return "mine.yaml"


def problems(ref: str) -> list[str]:
    with pytest.raises(RuleSetError) as info:
        load_ruleset(ref)
    return info.value.problems


def test_rule_set_errors_name_the_line_and_the_term(tmp_path, monkeypatch):
    (tmp_path / "bad-words.txt").write_text("fine\nstar*s\n")
    ref = write_rules(tmp_path, monkeypatch, """\
        - id: a
          check: sensitive-words
          terms:
            - fine
            - "review. now"
            - {term: "x*y"}
        - id: b
          check: sensitive-words
          words-file: missing.txt
        - id: c
          check: sensitive-words
          words-file: bad-words.txt
        - id: d
          check: sensitive-words
          near: [{left: [remove], right: ["*"]}]
        - id: e
          check: sensitive-words
          fields: [body]
        """)
    assert problems(ref) == [
        "mine.yaml:7: rules[0].terms[1].term: term 'review. now': '.' never matches; separate "
        "words with spaces or hyphens, and use '*' only at the end of a word",
        "mine.yaml:8: rules[0].terms[2].term: term 'x*y': '*' goes at the end of a word of 2 "
        "letters or more",
        "mine.yaml:11: rules[1].words-file: cannot read words file 'missing.txt': No such file "
        "or directory",
        "mine.yaml:14: rules[2].words-file: bad-words.txt:2: term 'star*s': '*' goes at the end "
        "of a word of 2 letters or more",
        "mine.yaml:17: rules[3].near[0].right[0]: term '*' has no words",
        "mine.yaml:18: rules[4]: give at least one of terms, near, patterns, words-file",
    ]


@pytest.mark.parametrize(
    "options",
    [
        {"patterns": ["fax"]},
        {"near": [{"left": ["a"], "right": []}]},
        {"near": [{"left": ["a"], "right": ["b"], "within": -1}]},
        {"terms": [{"term": "a", "colour": "red"}]},
        {"terms": ["a"], "allowed-phones": ["call us"]},
        {"terms": ["a"], "fields": []},
    ],
)
def test_bad_options_are_rejected(options):
    with pytest.raises(ValidationError):
        SensitiveWords.model_validate({**RULE, **options})


def test_the_matcher_is_built_once_per_rule(monkeypatch):
    import ticketcheck.checks.sensitive_words as module

    ruleset = ruleset_of({**RULE, "terms": ["coupon"], "near": [{"left": ["a"], "right": ["b"]}]})
    built = []
    real = module.PhraseMatcher

    def counting(*args, **kwargs):
        built.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "PhraseMatcher", counting)
    for _ in range(3):
        check(Case(category="x", body="a coupon b"), ruleset)
    assert built == []


def test_the_rule_says_whether_terms_inflect():
    rule = {**RULE, "inflect": True, "terms": ["review", {"term": "rating", "inflect": False}]}
    assert found(rule, "We reviewed the ratings and the rating.") == ["reviewed", "rating"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "words file 'words' is not a file"),
        (b"\xff\xfe\xfa", "words file 'words' is not UTF-8 text"),
        (b"# only a comment\n\n", "words file 'words' holds no terms"),
    ],
)
def test_words_file_problems(tmp_path, monkeypatch, content, problem):
    monkeypatch.chdir(tmp_path)
    if content is None:
        (tmp_path / "words").mkdir()
    else:
        (tmp_path / "words").write_bytes(content)
    with pytest.raises(ValidationError) as info:
        SensitiveWords.model_validate({**RULE, "words-file": "words"})
    assert problem in str(info.value)


@given(st.text(alphabet="aZ9 -'*.é\u200b", max_size=12))
def test_the_fast_path_accepts_only_what_the_matcher_accepts(phrase):
    # check_phrase skips the matcher for plain phrases; it must never pass one the matcher
    # would reject.
    from ticketcheck.word_lists import check_phrase
    from ticketcheck.wording import PhraseMatcher, Term

    try:
        PhraseMatcher([Term(phrase)])
    except ValueError:
        with pytest.raises(ValueError, match="term"):
            check_phrase(phrase)
