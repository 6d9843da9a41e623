"""Tests for ticketcheck.language: real langdetect and pycld2 on full sentences written here
(never the shared corpus), monkeypatching only for edge cases."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from ticketcheck import language
from ticketcheck.language import ForeignSpan, find_foreign_spans

ENGLISH = [
    "Hello, I am writing about my order because the package arrived damaged yesterday.",
    "The buyer says the item was never delivered, but the carrier shows it was left at the door.",
    "Please see the attached invoice and proof of delivery for this shipment.",
    "We would like to request a reimbursement for the inventory lost in your warehouse.",
    "PLEASE SEE ATTACHED PROOF OF DELIVERY FOR THIS ORDER",
    "Could you please reinstate my listing as soon as possible?",
    "Thank you for your help, I look forward to hearing from you.",
    "Dear Seller Support Team, my account was suspended without any warning last week.",
    "My customer received the wrong color and wants to return it for a full refund.",
]

FOREIGN = [
    ("Das Paket ist leider nicht angekommen, bitte helfen Sie mir schnell.", "de"),
    ("Le colis n'est jamais arrivé et le client demande un remboursement complet.", "fr"),
    ("El paquete no ha llegado todavía y el cliente está muy molesto.", "es"),
    ("Il pacco non è mai arrivato e il cliente chiede un rimborso completo.", "it"),
    ("Het pakket is nooit aangekomen en de klant wil zijn geld terug.", "nl"),
    ("O pacote nunca chegou e o cliente quer o dinheiro de volta.", "pt"),
    ("Paczka nigdy nie dotarła, a klient domaga się zwrotu pieniędzy.", "pl"),
    ("Paketet har aldrig kommit fram och kunden vill ha pengarna tillbaka.", "sv"),
    ("Paket hiç gelmedi ve müşteri parasını geri istiyor.", "tr"),
    ("Gói hàng chưa bao giờ đến và khách hàng muốn được hoàn tiền.", "vi"),
]

# langdetect has no Irish and calls much of it English; the lexicon must still flag it.
IRISH = "Níor tháinig an beartán riamh agus ba mhaith leis an gcustaiméir a chuid airgid ar ais."

ID_HEAVY_CASE = """Hello Seller Support,
Order 112-4829301-5738201 was shipped on 03/14/2024 with UPS tracking 1Z4F83W20398127465.
ASIN: B003ZYF3LO, SKU: KT-4471-BLK, quantity 2, total $45.99 (tax $3.68).
The buyer, jane.doe@example.com, says the package never arrived at 1234 Elm St., Apt 5B.
Carrier scan: https://www.ups.com/track?tracknum=1Z4F83W20398127465 shows delivered 2024-03-16.
Please see the attached proof of delivery (POD_112-4829301-5738201.pdf).
Case ID 14829301571, refund request R-5538201 of USD 45.99 on 3/18/24.
Thank you,
John Smith
Phone: +1 (206) 555-0147
"""


def spans_text(text: str, spans: list[ForeignSpan]) -> list[str]:
    return [text[span.start : span.end] for span in spans]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_sentence_has_no_span(text: str) -> None:
    assert find_foreign_spans(text) == []


@pytest.mark.parametrize(("text", "lang"), FOREIGN)
def test_foreign_sentence_is_one_detector_span(text: str, lang: str) -> None:
    assert find_foreign_spans(text) == [ForeignSpan(0, len(text), lang, "detector")]


def test_irish_that_langdetect_calls_english_is_flagged() -> None:
    [span] = find_foreign_spans(IRISH)
    assert (span.start, span.end, span.reason) == (0, len(IRISH), "detector")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I ordered the 小米 charger but it has not arrived yet.", [("小米", "zh")]),
        ("荷物がまだ届いていません。", [("荷物がまだ届いていません", "ja")]),
        ("배송이 아직 안 왔어요", [("배송이 아직 안 왔어요", "ko")]),
        ("Посылка не пришла", [("Посылка не пришла", "ru")]),
        ("Я ще не отримав посилку і гроші", [("Я ще не отримав посилку і гроші", "uk")]),
        ("الطرد لم يصل", [("الطرد لم يصل", "ar")]),
        ("पैकेज नहीं आया", [("पैकेज नहीं आया", "hi")]),
        ("The word ευχαριστώ means thanks.", [("ευχαριστώ", "el")]),
        ("Ｏｒｄｅｒ status please", [("Ｏｒｄｅｒ", "und")]),
        ("A single 字 is enough.", [("字", "zh")]),
    ],
)
def test_non_latin_letters_are_script_spans(text: str, expected: list[tuple[str, str]]) -> None:
    spans = find_foreign_spans(text)
    assert [(text[s.start : s.end], s.language) for s in spans] == expected
    assert {s.reason for s in spans} == {"script"}


@pytest.mark.parametrize(
    "text",
    [
        "The filter removes particles down to 5 µm and the resistor is 10 kΩ.",
        "The circle has a circumference of 2πr and the part is rated at 20 °C.",
        "Brand names like Café Olé™ and Crème Brûlée© are written in the Latin script.",
        "The 1ª edition and the nº 5 model use ordinal indicators.",
    ],
)
def test_non_latin_symbols_used_in_english_pass(text: str) -> None:
    assert find_foreign_spans(text) == []


def test_latin_rest_of_a_segment_with_a_script_run_is_judged_too() -> None:
    text = "Das Paket 東京 ist leider nicht angekommen, bitte helfen Sie mir."
    assert find_foreign_spans(text) == [
        ForeignSpan(0, len(text), "de", "detector"),
        ForeignSpan(10, 12, "zh", "script"),
    ]


def test_mixed_ticket_flags_only_the_foreign_sentence() -> None:
    german = "Das Paket ist leider nicht angekommen, bitte helfen Sie mir schnell."
    text = f"{ENGLISH[0]} {ENGLISH[1]}\n{german} {ENGLISH[2]}"
    spans = find_foreign_spans(text)
    assert spans_text(text, spans) == [german]
    assert spans[0].language == "de"


def test_trailing_ids_of_the_previous_sentence_are_not_in_the_span() -> None:
    german = "Das Paket ist leider nicht angekommen, bitte helfen Sie mir schnell."
    text = f"The package arrived damaged, please help. B07XJ8C8F5 113-1234567-1234567 {german}"
    assert spans_text(text, find_foreign_spans(text)) == [german]


def test_span_narrows_to_the_clause_after_a_colon() -> None:
    german = "Das Paket ist leider nicht angekommen, bitte helfen Sie mir schnell."
    text = f"Please note the following message from my customer: {german}"
    assert spans_text(text, find_foreign_spans(text)) == [german]


def test_id_heavy_english_case_has_no_span() -> None:
    assert find_foreign_spans(ID_HEAVY_CASE) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "12345 67890",
        "113-1234567-1234567",
        "B07XJ8C8F5 1Z4F83W20398127465 https://www.amazon.com/dp/B07XJ8C8F5",
        "?!... --- ***",
        "📦📦📦 🙏",
        "Danke schön!",  # under 20 characters: not judged on its own
        "Milgram, P., Drascic, D.",  # names and initials: too few letters to judge
        "The package arrived\ud800 damaged yesterday at noon.",  # lone surrogate: bad decoding
        "The package\x00 arrived\x92 damaged yesterday at noon.",  # controls pycld2 rejects
    ],
)
def test_nothing_to_judge_gives_no_span(text: str) -> None:
    assert find_foreign_spans(text) == []


@pytest.mark.parametrize("token", ["a" * 100_000, "1" * 100_000, "ab1-" * 25_000, "x@" * 50_000])
def test_100_kb_token_completes(token: str) -> None:
    # No timing assertion: a backtracking tokenizer would not finish at all.
    assert find_foreign_spans(f"Please check this token: {token} thanks.") == []


@pytest.mark.parametrize(
    ("text", "allowed", "expected"),
    [
        ("El paquete no ha llegado todavía y el cliente está muy molesto.", ("en", "es"), []),
        ("El paquete no ha llegado todavía y el cliente está muy molesto.", ("EN", "es-MX"), []),
        ("El paquete no ha llegado todavía y el cliente está muy molesto.", ("en",), ["es"]),
        ("荷物がまだ届いていません。", ("en", "ja"), []),
        ("Посылка не пришла", ("ru",), []),
        ("Hello, I am writing about my order because the package arrived damaged.", ("de",), ["en"]),
    ],
)
def test_allowed_languages(text: str, allowed: tuple[str, ...], expected: list[str]) -> None:
    assert [s.language for s in find_foreign_spans(text, allowed)] == expected


def test_clearly_english_case_never_loads_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pycld2")

    def fail() -> None:
        raise AssertionError("langdetect was loaded for a clearly English case")

    monkeypatch.setattr(language, "_langdetect_factory", fail)
    assert find_foreign_spans(" ".join(ENGLISH[:4]) + "\n" + ID_HEAVY_CASE) == []


def test_works_without_pycld2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_pycld2_language", lambda core: (None, False))
    assert find_foreign_spans(ENGLISH[0]) == []
    assert [s.language for s in find_foreign_spans(FOREIGN[0][0])] == ["de"]


def test_langdetect_without_features_is_no_opinion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_pycld2_language", lambda core: (None, False))
    monkeypatch.setattr(language, "_langdetect_probabilities", lambda core: {})
    # Lexicon says English but no detector agrees: flagged, language unknown.
    text = "the package was delivered to the wrong address yesterday"
    assert find_foreign_spans(text) == [ForeignSpan(0, len(text), "und", "detector")]


def test_import_does_not_load_detectors() -> None:
    code = (
        "import sys, ticketcheck.language; "
        "print(sorted(m for m in ('langdetect', 'pycld2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_repeat_calls_give_the_same_verdict() -> None:
    texts = [*ENGLISH, *(t for t, _ in FOREIGN), IRISH, "Thanks a lot for everything you did"]
    first = [find_foreign_spans(t) for t in texts]
    assert [find_foreign_spans(t) for t in texts] == first


def test_threads_share_one_profile_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_factory", None)  # force the first-use load under threads
    texts = [t for t, _ in FOREIGN] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(find_foreign_spans, texts))
    assert threaded == [find_foreign_spans(t) for t in texts]


def test_foreign_span_is_frozen() -> None:
    span = ForeignSpan(0, 1, "de", "detector")
    with pytest.raises(AttributeError):
        span.start = 2  # type: ignore[misc]  # asserting that assignment fails at run time


# --- Short remainders (10-19 characters) --------------------------------------------------

SHORT_ENGLISH = [
    "Best regards",
    "Thanks again",
    "See attached",
    "Order shipped today",
    "Kind regards,",
    "Many thanks!",
    "pls advise asap",
    "ok thx bye now",
    "nope not yet",
    "sorry 4 the delay",
]


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_fragments_are_never_flagged(text: str) -> None:
    assert find_foreign_spans(text) == []


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_fragments_pass_even_if_pycld2_says_foreign(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The lexicon alone saves them: one known lower-case word, or fewer than two
    # lower-case words (capitalised words are names and never count).
    monkeypatch.setattr(language, "_pycld2_language", lambda core: ("de", True))
    assert find_foreign_spans(text) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Tack för hjälpen!", "sv"),
        ("Paczka nie dotarła.", "pl"),
        ("Muito obrigado mesmo.", "pt"),
        ("Bedankt voor alles.", "nl"),
        ("Gracias por todo.", "es"),
    ],
)
def test_short_foreign_remainder_without_english_words_is_flagged(text: str, lang: str) -> None:
    assert find_foreign_spans(text) == [ForeignSpan(0, len(text), lang, "detector")]


@pytest.mark.parametrize(
    "text",
    [
        "Danke für die Ware.",  # "die" is an English word: not clearly foreign
        "ja bitte",  # under 10 characters
        "Vielen Dank!",  # one lower-case word
    ],
)
def test_short_remainder_with_any_english_sign_is_not_judged(text: str) -> None:
    assert find_foreign_spans(text) == []


def test_short_remainder_needs_a_reliable_pycld2_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(language, "_pycld2_language", lambda core: ("sv", False))
    assert find_foreign_spans("Tack för hjälpen!") == []
    monkeypatch.setattr(language, "_pycld2_language", lambda core: (None, False))
    assert find_foreign_spans("Tack för hjälpen!") == []


def test_short_remainder_is_judged_only_for_english(monkeypatch: pytest.MonkeyPatch) -> None:
    assert find_foreign_spans("Tack för hjälpen!", allowed=("en", "sv")) == []
    assert find_foreign_spans("Tack för hjälpen!", allowed=("de",)) == []


def test_short_english_lines_of_a_case_do_not_load_langdetect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("pycld2")

    def fail() -> None:
        raise AssertionError("langdetect was loaded for short English lines")

    monkeypatch.setattr(language, "_langdetect_factory", fail)
    assert find_foreign_spans("\n".join(SHORT_ENGLISH)) == []


# --- Run-ons: no full stop between an English and a foreign sentence ------------------------


@pytest.mark.parametrize(
    ("english", "foreign", "lang"),
    [
        (
            "I have attached the invoice and the proof of delivery for the order (see page 2)",
            "Merci de vérifier le dossier rapidement.",
            "fr",
        ),
        (
            "Please see the message from my customer below",
            "Das Paket ist leider nicht angekommen und ich warte schon seit zwei Wochen.",
            "de",
        ),
        (
            "Order 112-4829301-5738201 was marked as delivered by the carrier on Monday",
            "Paczka nigdy nie dotarła, a klient domaga się zwrotu pieniędzy.",
            "pl",
        ),
    ],
)
def test_run_on_reports_only_the_foreign_side(english: str, foreign: str, lang: str) -> None:
    text = f"{english} {foreign}"
    spans = find_foreign_spans(text)
    assert spans_text(text, spans) == [foreign]
    assert spans[0].language == lang


def test_run_on_trims_an_english_tail() -> None:
    german = "Das Paket ist leider nicht angekommen und der Kunde wartet schon lange"
    text = f"{german} Please help me with this order as soon as possible."
    assert spans_text(text, find_foreign_spans(text)) == [german]


@pytest.mark.parametrize(
    "text",
    [
        "Hello I would like to know why my listing was removed Regards John",
        "Re your email Yes we have checked the inventory and the units are in stock",
        "Subject Request for reimbursement Body The following units were lost at the warehouse",
        "The buyer left feedback saying muy malo no funciona but the unit works perfectly",
        "Our brand name is Bella Casa Nuova Cucina and we own the trademark registration",
        "Product title Organic Quinoa Flakes Gluten Free Vegan Superfood Breakfast Cereal 500g",
        "The ingredients are aqua glycerin cetearyl alcohol tocopherol parfum on the label",
        "Our supplier Shenzhen Huaqiang Electronics Co Ltd confirmed the shipment left today",
        "Kind regards Maria Gonzalez Lopez Customer Service Manager Acme Trading Ltd",
    ],
)
def test_english_run_ons_and_titles_are_not_split(text: str) -> None:
    assert find_foreign_spans(text) == []


def test_run_on_needs_a_detector_to_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    # Lexicon disagreement alone is not enough: no detector, no run-on finding.
    monkeypatch.setattr(language, "_pycld2_language", lambda core: ("en", True))
    monkeypatch.setattr(language, "_langdetect_probabilities", lambda core: {"en": 0.99})
    text = "I have attached the invoice and the proof of delivery for the order (see page 2) "
    text += "Merci de vérifier le dossier rapidement."
    assert find_foreign_spans(text) == []


def test_huge_capitalised_run_on_completes() -> None:
    # Cut search is linear (prefix sums): no timing assertion, it must simply finish.
    text = "Please check these names " + "Alpha beta " * 20_000 + "thanks."
    assert isinstance(find_foreign_spans(text), list)


def test_the_lexicon_is_every_word_line_and_no_header_line() -> None:
    from pathlib import Path

    from ticketcheck import language

    source = Path(language.__file__).parent / "data" / "english-lexicon.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    words = [line for line in lines if line and not line.startswith("#")]
    assert language._lexicon() == frozenset(words)
    assert len(words) > 29_000 and {"the", "don't", "refund"} <= language._lexicon()
