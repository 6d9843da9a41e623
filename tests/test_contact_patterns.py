from __future__ import annotations

import pytest

from ticketcheck.contact_patterns import (
    DEFAULT_ALLOWED_DOMAINS,
    Span,
    domain_allowed,
    find_contacts,
    find_emails,
    find_emoji,
    find_html,
    find_phones,
    find_urls,
)


def _found(spans: list[Span], text: str) -> list[str]:
    return [text[s.start : s.end] for s in spans]


@pytest.mark.parametrize(
    ("text", "phone", "value"),
    [
        ("Call +1 (555) 123-4567 today", "+1 (555) 123-4567", "+15551234567"),
        ("Tel: +44 20 7946 0958.", "+44 20 7946 0958", "+442079460958"),
        ("Ruf 0049 30 1234567 an", "0049 30 1234567", "0049301234567"),
        ("call 555-123-4567", "555-123-4567", "5551234567"),
        ("call (555) 123-4567", "(555) 123-4567", "5551234567"),
        ("call 555.123.4567", "555.123.4567", "5551234567"),
        ("call 555 123 4567", "555 123 4567", "5551234567"),
        ("toll-free 1-800-555-0199", "1-800-555-0199", "18005550199"),
        ("+49 (0)30 1234567", "+49 (0)30 1234567", "+490301234567"),
        ("London 020 7946 0958", "020 7946 0958", "02079460958"),
        ("mobile 07700 900123", "07700 900123", "07700900123"),
        ("Paris 01 23 45 67 89", "01 23 45 67 89", "0123456789"),
        ("Berlin 030/1234567", "030/1234567", "0301234567"),
        ("WhatsApp +8613800138000", "+8613800138000", "+8613800138000"),
        ("order 112-4829301-5738201 or 555-123-4567", "555-123-4567", "5551234567"),
        ("case 1234567890, phone +1 555 123 4567", "+1 555 123 4567", "+15551234567"),
    ],
)
def test_phone_numbers_are_found(text: str, phone: str, value: str) -> None:
    spans = find_phones(text)
    assert _found(spans, text) == [phone]
    assert spans[0].kind == "phone"
    assert spans[0].value == value


@pytest.mark.parametrize(
    "text",
    [
        "Order 112-4829301-5738201 was refunded.",
        "Digital order D01-1234567-1234567.",
        "UPS 1Z999AA10123456784",
        "USPS 9400 1000 0000 0000 0000 00",
        "USPS 92055901755477000271990251",
        "FedEx 123456789012 and 123456789012345",
        "DHL 1234567890",
        "ASIN B00EXAMPLE and B012345678, ISBN 0306406152",
        "FNSKU X00000E5TX, shipment FBA15G3RJDSS",
        "Case ID 1234567890",
        "Delivered on 2024-05-03, 03/05/2024 and 03.05.2024.",
        "Delivered 03.05.2024 1030 hrs.",
        "Price $1,234.56, 1 234,56 € or 12.99",
        "ZIP 98109-1234",
        "ISBN 978-0-306-40615-7",
        "Card 4111 1111 1111 1111",
        "It weighs 2.5 kg and measures 30 x 20 x 10 cm.",
        "Qty 3, 12:30 pm, invoice INV-2024-0042",
    ],
)
def test_identifiers_dates_and_prices_are_not_phones(text: str) -> None:
    assert find_phones(text) == []


@pytest.mark.parametrize(
    ("text", "email", "value"),
    [
        ("write to john.doe@example.com.", "john.doe@example.com", "john.doe@example.com"),
        ("'Bob+tag@Mail.Example.co.uk'", "Bob+tag@Mail.Example.co.uk", "bob+tag@mail.example.co.uk"),
        ("support＠brand.com", "support＠brand.com", "support@brand.com"),
        ("jane(at)shop [dot] com", "jane(at)shop [dot] com", "jane@shop.com"),
        ("name [at] example [dot] com", "name [at] example [dot] com", "name@example.com"),
    ],
)
def test_emails_are_found(text: str, email: str, value: str) -> None:
    spans = find_emails(text)
    assert _found(spans, text) == [email]
    assert spans[0].value == value


@pytest.mark.parametrize(
    "text", ["@amazon on social", "user@localhost", "a @ b", "prices (at) 5.99", "x@y.c", "shop@"]
)
def test_not_emails(text: str) -> None:
    assert find_emails(text) == []


@pytest.mark.parametrize(
    ("text", "url", "host"),
    [
        ("visit www.example.com today", "www.example.com", "www.example.com"),
        ("see example.com/path?x=1.", "example.com/path?x=1", "example.com"),
        ("(https://example.org/a_(b)).", "https://example.org/a_(b)", "example.org"),
        ("http://amazon.evil.com/x", "http://amazon.evil.com/x", "amazon.evil.com"),
        ("https://user@evil.io/", "https://user@evil.io/", "evil.io"),
        ("cheaper at walmart.com", "walmart.com", "walmart.com"),
        ("short link bit.ly/abc", "bit.ly/abc", "bit.ly"),
        ("notups.com", "notups.com", "notups.com"),
        ("HTTPS://WWW.EXAMPLE.COM", "HTTPS://WWW.EXAMPLE.COM", "www.example.com"),
        ("shop at brand.it/sale", "brand.it/sale", "brand.it"),
    ],
)
def test_links_are_found(text: str, url: str, host: str) -> None:
    spans = find_urls(text)
    assert _found(spans, text) == [url]
    assert spans[0].value == host


@pytest.mark.parametrize(
    "text",
    [
        "https://sellercentral.amazon.co.uk/help/hub",
        "See amazon.com and Amazon.de",
        "track at https://www.ups.com/track?num=1",
        "https://tools.usps.com/go/TrackConfirmAction",
        "invoice.pdf and photo.jpg and label.PNG",
        "e.g. this, i.e. that, U.S.A.",
        "It shipped.It was fast.",
        "version 1.2.3, total 3.5kg",
        "Mr.Smith and Dr.Jones",
        "john.smith@example.com",
        "notes.md",
    ],
)
def test_allowed_or_not_links(text: str) -> None:
    assert find_urls(text) == []


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("amazon.com", True),
        ("sellercentral.amazon.co.uk", True),
        ("www.amazon.com.au", True),
        ("amazon.evil.com", False),
        ("evilamazon.com", False),
        ("track.ups.com", True),
        ("notups.com", False),
        ("UPS.COM.", True),
    ],
)
def test_domain_allowed(host: str, allowed: bool) -> None:
    assert domain_allowed(host, DEFAULT_ALLOWED_DOMAINS) is allowed


def test_allow_list_is_a_parameter() -> None:
    assert find_urls("see https://amazon.com/x", allowed_domains=[]) != []
    assert find_urls("see example.com", allowed_domains=["*.example.com"]) == []


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("<b>bold</b>", ["<b>", "</b>"]),
        ("<a href='x'>link</a>", ["<a href='x'>", "</a>"]),
        ("line<br/>next<BR>", ["<br/>", "<BR>"]),
        ("<!-- hidden --> text", ["<!-- hidden -->"]),
        ("<!DOCTYPE html>", ["<!DOCTYPE html>"]),
        ("a&nbsp;b &#169;", ["&nbsp;", "&#169;"]),
        ("a < b and c > d", []),
        ("Dear <customer name>,", []),
        ("I <3 it, AT&T", []),
    ],
)
def test_html(text: str, tags: list[str]) -> None:
    assert _found(find_html(text), text) == tags


@pytest.mark.parametrize(
    ("text", "emoji"),
    [
        ("Thanks 😀!", ["😀"]),
        ("👍🏽 ok", ["👍🏽"]),
        ("👨\u200d👩\u200d👧 family", ["👨\u200d👩\u200d👧"]),
        ("🇺🇸🇬🇧", ["🇺🇸", "🇬🇧"]),
        ("❤️ and ❤", ["❤️", "❤"]),
        ("1️⃣ first", ["1️⃣"]),
        ("⭐ star", ["⭐"]),
        ("☎ 555", ["☎"]),
        ("✓ done ✔ ok ✔️", ["✔️"]),
        ("© 2024 Brand® Name™ ©️", []),
        ("★ 5 star → next • item", []),
    ],
)
def test_emoji(text: str, emoji: list[str]) -> None:
    assert _found(find_emoji(text), text) == emoji


def test_find_contacts_reports_each_thing_once_in_order() -> None:
    text = "Mail bob@shop.com or www.shop.com, call +1 555 123 4567 <b>now</b> 😀"
    kinds = [(s.kind, text[s.start : s.end]) for s in find_contacts(text)]
    assert kinds == [
        ("email", "bob@shop.com"),
        ("url", "www.shop.com"),
        ("phone", "+1 555 123 4567"),
        ("html", "<b>"),
        ("html", "</b>"),
        ("emoji", "😀"),
    ]


@pytest.mark.parametrize(
    "blob",
    ["a" * 100_000, "1" * 100_000, "1-" * 50_000, "+1 " * 33_000, "a@" * 50_000, ".a@" * 33_000,
     "<b " * 33_000, "<!--" * 25_000, "www." * 25_000, "x." * 50_000, "http://x.com/" + ")" * 100_000,
     "\u200b" * 100_000, "😀" * 50_000, "(at)" * 25_000],
)
def test_a_huge_token_is_one_linear_pass(blob: str) -> None:
    # A quadratic detector would take minutes here; the suite's own run time is the check.
    for span in find_contacts(blob):
        assert 0 <= span.start < span.end <= len(blob)


@pytest.mark.parametrize("text", ["GTIN 00012345678905", "SSCC 00 0 0614141 123456789 0"])
def test_gtin_and_sscc_with_leading_zeros_are_not_phones(text):
    # After "00" comes a country code, and no country code starts with 0.
    assert find_phones(text) == []
