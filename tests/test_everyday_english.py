"""The built-in wording rules must leave ordinary customer-service English alone, and catch
what they name however it is disguised.

The rules are the sensitive-words rules of ``rules/common.yaml``, ``rules/buyer-message.yaml``
and ``rules/review-removal.yaml``, as they ship. Every sentence of the corpus goes through all
of them together: a false alarm from any rule fails the test.
"""

from __future__ import annotations

from typing import Any

import pytest

from ticketcheck.case import Case
from ticketcheck.engine import check
from ticketcheck.findings import Finding
from ticketcheck.ruleset import RuleSet, load_ruleset

# --- the shipped wording rules ---------------------------------------------------------
# The corpus runs against the sensitive-words rules as they ship in rules/*.yaml, so a
# term added there is tested here for false alarms at once.


def _wording_rules(*names: str) -> RuleSet:
    rules: dict[str, Any] = {}
    for name in names:
        for rule in load_ruleset(name).rules:
            if rule.check == "sensitive-words":
                rules.setdefault(rule.id, rule)
    return RuleSet(name="wording", rules=tuple(rules.values()))


RULESET = _wording_rules("common", "buyer-message", "review-removal")
REMOVAL_RULESET = _wording_rules("common", "review-removal")


def proposed_rules() -> list[Any]:
    """Every shipped wording rule."""
    return list(RULESET.rules)


def run_all(body: str, ruleset: Any = RULESET) -> list[Finding]:
    return list(check(Case(category="x", body=body), ruleset).findings)

# --- ordinary English: no finding ---------------------------------------------------------

EVERYDAY = [
    "Our team reviewed the photos you sent.",
    "The replacement is free of charge.",
    "We have refunded the order.",
    "Please see the attached invoice.",
    "The package was delivered on May 3 per UPS tracking 1Z5R89390357567127.",
    "Order 112-4829301-5738201 was shipped on time.",
    "Call UPS at their published number if the driver did not leave a notice.",
    "Thank you for contacting us about your order.",
    "We are sorry the item arrived damaged.",
    "A new replacement unit shipped this morning.",
    "The carrier scanned the parcel at 10:42 am on 05/03/2024.",
    "Attached is the proof of delivery signed by the customer.",
    "We shipped the item within the handling time.",
    "The buyer requested a return, and we issued a prepaid return label.",
    "Our team will update you once the review of your claim is complete.",
    "We will update the review team with the new tracking details.",
    "We changed our review process so every order is checked twice.",
    "Please reach out to us if the replacement is damaged too.",
    "If you are not satisfied with the replacement, please reply to this message.",
    "We offer free shipping on all orders over $25.",
    "We sent a free replacement and a prepaid return label.",
    "We take full responsibility for the mistake.",
    "The free gift mentioned in the listing was included in the box.",
    "We updated the listing after reading your review.",
    "We have updated the product description based on your feedback.",
    "Thank you for your feedback; we have issued a full refund.",
    "Thank you for your feedback, we have issued a full refund.",
    "We have issued a full refund, and we appreciate your feedback.",
    "Feel free to reply to this message with any questions.",
    "Feel free to leave a review of your experience.",
    "We would appreciate an honest review of the product.",
    "If you are happy with the replacement, no further action is needed.",
    "If you are satisfied with the fit, you can keep the spare strap.",
    "This is our response to the A-to-z Guarantee claim on order 112-4829301-5738201.",
    "The claim was filed under the A-to-Z guarantee two days after delivery.",
    "The order shipped with UPS Next Day Air and guaranteed delivery by 10:30 am.",
    "We issued a 100% refund on May 3.",
    "100% of our inventory is purchased from the brand owner.",
    "The late shipments were our mistake, and we have changed our carrier.",
    "Don't worry, it's not your fault: the carrier damaged the box.",
    "A court order of non-infringement is attached.",
    "Sue from our warehouse team packed the order.",
    "The rights owner sent a retraction of the complaint on June 2.",
    "Our attorney reviewed the trademark registration before we listed the product.",
    "The invoice from our supplier lists 240 units of ASIN B003ZYF3LO.",
    "Shipment FBA15G3RJDSS was received at the fulfillment center on April 9.",
    "This follows up on case 1234567890, opened last week.",
    "The total charge was $24.99 including tax.",
    "The parcel weighed 2.4 kg and measured 30 x 20 x 10 cm.",
    "Track it at https://www.ups.com/track?tracknum=1Z5R89390357567127.",
    "You can find the order under Your Orders on amazon.com.",
    "See the return policy at https://www.amazon.co.uk/gp/help/customer/display.html?nodeId=201819090.",
    "The file invoice.pdf shows the purchase date and the quantity.",
    "Our warehouse in Reno, NV 89502-1234 ships orders every weekday.",
    "We apologize for the delay and have added a second carrier pickup each day.",
    "Root cause: our inventory sync ran once a day, so an out-of-stock item stayed listed.",
    "Corrective action: we removed the listing and refunded all affected buyers.",
    "Preventive measure: stock now syncs every 15 minutes.",
    "We changed the packaging to a double-walled box after the first damage report.",
    "The buyer's message said the item was not as described.",
    "We sent a prepaid label so the buyer can return the item at no cost.",
    "Please let us know if the replacement does not arrive by Friday.",
    "Our records show the item was delivered to the front porch.",
    "The driver took a photo of the parcel at the door.",
    "We have reviewed our process and retrained the packing team.",
    "The sale of this item was cancelled because the address could not be verified.",
    "The proof of sale is the attached invoice dated March 2, 2024.",
    "We offered a replacement or a refund, and the buyer chose the refund.",
    "The buyer left a review saying the color was different from the photos.",
    "We read every review and changed the photos to show the true color.",
    "The rating on the product page is 4 stars.",
    "Please update the tracking number on the case to 1Z5R89390357567127.",
    "Could you confirm whether the return was received?",
    "We have contacted the carrier and opened a trace on the package.",
    "The customer received a discount because the item shipped late.",
    "We use recycled packaging for every shipment.",
    "Our customer service team answers messages within 24 hours.",
    "We will ship your next order with signature confirmation.",
    "I am following up because the case was closed without an answer.",
    "Sincerely, the Acme Home team",
    "The warranty card in the box explains how to register the product.",
    "Setup instructions are attached as a PDF.",
    "The courier will collect the item between 9 am and 5 pm.",
    "It was a pleasure to help you with this order.",
    "We saw your review and have contacted you to help.",
]


# Requests to Amazon to remove feedback: ordinary in that category, where the buyer-message
# rule against asking to remove feedback does not apply.
REMOVAL_REQUESTS = [
    "The feedback contains our phone number; please remove it under the feedback guidelines.",
    "We issued a refund, and we ask you to remove the feedback because it is a product review.",
    "Please remove this feedback: it is entirely about the product, not our service.",
    "The review uses profanity in its second sentence; please remove it.",
]


def test_the_corpus_is_large_enough():
    assert len(EVERYDAY) >= 60
    assert len(set(EVERYDAY)) == len(EVERYDAY)


@pytest.mark.parametrize("sentence", EVERYDAY)
def test_everyday_english_gives_no_finding(sentence):
    findings = run_all(sentence)
    assert [(f.rule, f.message) for f in findings] == []


@pytest.mark.parametrize("sentence", REMOVAL_REQUESTS)
def test_removal_requests_give_no_finding(sentence):
    findings = run_all(sentence, REMOVAL_RULESET)
    assert [(f.rule, f.message) for f in findings] == []


# --- prohibited wording: found on the exact words, however disguised -----------------------

# (sentence before, the words to find, sentence after, rule)
PROHIBITED = [
    ("If nothing changes we will take ", "legal action", ".", "tone-threat"),
    ("We will ", "report you to", " the authorities.", "tone-threat"),
    ("We filed a ", "lawsuit", " yesterday.", "tone-threat"),
    ("This suspension is ", "Amazon's fault", ".", "tone-blame"),
    ("Frankly, ", "we did nothing wrong", " here.", "tone-blame"),
    ("The ", "buyer is lying", " about the damage.", "tone-blame"),
    ("Your decision is ", "ridiculous", ".", "tone-blame"),
    ("", "I demand", " an answer today.", "tone-blame"),
    ("We ", "guarantee", " full compliance.", "tone-guarantee"),
    ("This ", "will never happen again", ".", "tone-guarantee"),
    ("Our products are ", "100%", " authentic.", "tone-guarantee"),
    ("Reply to ", "help@example-shop.com", " with questions.", "no-email"),
    ("Call us at ", "(206) 555-0142", " any time.", "no-phone"),
    ("Our line: ", "+44 20 7946 0958", ".", "no-phone"),
    ("Setup video: ", "https://example-shop.com/setup", " (two minutes).", "no-external-links"),
    ("Visit ", "www.example-shop.com", " for more.", "no-external-links"),
    ("Thank you!", "<br>", "See you soon.", "no-html"),
    ("Thank you ", "😊", "", "no-emoji"),
    ("You get a free ", "gift card for your review", ".", "review-incentive"),
    ("", "Leave a review and get 20% off", " your next order.", "review-incentive"),
    ("Please leave us a ", "5-star", " review!", "review-bias"),
    ("We would love a ", "positive review", ".", "review-bias"),
    ("", "If you are satisfied with your purchase, please leave a review", ".", "review-bias"),
    ("Please contact us ", "before leaving negative feedback", ".", "review-bias"),
    ("Please ", "contact us first", " if anything is wrong.", "review-bias"),
    ("Now that you have your refund, could you please ", "remove your review", "?", "review-change"),
    ("Would you consider ", "updating the 1-star review", " you left?", "review-change"),
    ("Since the issue is resolved, please ", "remove the negative feedback", ".", "feedback-change"),
    ("", "Check out our", " latest designs.", "marketing"),
    ("Our ", "flash sale", " starts Monday.", "marketing"),
    ("", "Follow us", " for updates.", "marketing"),
    ("Reply STOP to ", "unsubscribe", ".", "opt-out"),
    ("Click here to ", "opt-out", " of future e-mails.", "opt-out"),
    ("We offered the buyer a full ", "refund to remove", " the feedback.", "removal-incentive"),
]

_FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F))}
_CYRILLIC = dict(zip("aceopxyACEOPXY", "асеорхуАСЕОРХУ", strict=True))


def full_width(text: str) -> str:
    return "".join(_FULL_WIDTH.get(c, c) for c in text)


def zero_width(text: str) -> str:
    """A zero-width space between every two letters of a word."""
    out = []
    for i, c in enumerate(text):
        out.append(c)
        if c.isalnum() and i + 1 < len(text) and text[i + 1].isalnum():
            out.append("\u200b")
    return "".join(out)


def homoglyph(text: str) -> str:
    return "".join(_CYRILLIC.get(c, c) for c in text)


def plain(text: str) -> str:
    return text


# Markup and emoji are not words to disguise: only the plain form is asked of them.
DISGUISES = {"plain": plain, "upper": str.upper, "full-width": full_width,
             "zero-width": zero_width, "homoglyph": homoglyph}
_ONLY_PLAIN = {"no-html", "no-emoji"}
# A phone number has no letters for a look-alike to replace, and its digits are in no
# disguise but full-width and zero-width.


def _cases() -> list[Any]:
    out = []
    for before, words, after, rule in PROHIBITED:
        for name, disguise in DISGUISES.items():
            if rule in _ONLY_PLAIN and name != "plain":
                continue
            out.append(pytest.param(before, disguise(words), after, rule, id=f"{rule}-{name}-{words[:20]}"))
    return out


@pytest.mark.parametrize(("before", "words", "after", "rule"), _cases())
def test_prohibited_wording_is_found_on_its_words(before, words, after, rule):
    body = before + words + after
    findings = [f for f in run_all(body) if f.rule == rule]
    assert [body[f.location.start : f.location.end] for f in findings] == [words]
    assert all((f.check, f.location.field) == ("sensitive-words", "body") for f in findings)
