"""Payment card numbers printed with most digits masked, as statements, receipts and tickets
print them: "4920 **** **** 1185", "5412 75** **** 3390", "xxxx 3318", "XXXX-XXXX-XXXX-0042".
The digits left show are still the card's, and with a name and a date they point at one
person, so they are redacted. A mask of x's needs a card word (or a word ending in one) before
it ("Debitkarte xxxx 3318"); stars or bullets are a mask wherever they are."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

MASK = r"[*•]"
# groups of four: digits, a mix ("75**"), or mask; the last group shows digits
GROUP = rf"(?:\d{{4}}|\d{{2}}{MASK}{{2}}|{MASK}{{4}})"
STARRED = rf"(?<![\w*•])(?=[\d -]*{MASK})(?:{GROUP}[ -]?){{1,3}}\d{{4}}(?![\w*•])"
X_GROUP = r"(?:\d{4}|[xX]{4})"
X_MASKED = (
    r"(?<=(?:card|karte|carte|tarjeta|cartão|kort|kaart|visa|mastercard|amex|debit|credit|masked)"
    r"[ \t]{1,3})"
    rf"(?=[\dxX -]*[xX]{{4}})(?:{X_GROUP}[ -]?){{1,3}}\d{{4}}(?![\w*•])"
)
ENDING = r"(?<=\b(?:card|visa|mastercard|amex)[ \t]ending[ \t](?:in[ \t])?)\d{4}(?!\d)"


class MaskedCardRecognizer(DeclarativeRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS = [
        Pattern("masked card (stars)", STARRED, 0.6),
        Pattern("masked card (x after a card word)", X_MASKED, 0.6),
        Pattern("card ending in", ENDING, 0.6),
    ]
    CONTEXT = ["card", "visa", "mastercard", "debit", "credit", "payment"]
