"""UK National Insurance numbers: two prefix letters HMRC issues (not D F I Q U V, no O second,
not BG GB KN NK NT TN ZZ), three pairs of digits and a suffix A-D ("AB 12 34 56 C"). No
checksum: the prefix rules are the validation. A labelled one of any prefix (the HMRC example
"QQ 12 34 56 C") is LabelledIdentifierRecognizer's."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

PREFIX = r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"


class UkNinoRecognizer(DeclarativeRecognizer):
    ENTITY = "NATIONAL_ID"
    PATTERNS = [
        Pattern("nino", rf"(?-i:\b{PREFIX}[ ]?\d{{2}}[ ]?\d{{2}}[ ]?\d{{2}}[ ]?[A-D]\b)", 0.6)
    ]
    CONTEXT = ["national", "insurance", "nino", "ni", "hmrc"]
