"""URLs, strictly: a scheme (http, https, ftp), a www. host, or a host ending in a common
top-level domain. Replaces Presidio's UrlRecognizer, which fires inside e-mail addresses and on
abbreviations such as "john.sm" or "pt.in"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

# Bare host names only with an unambiguous top-level domain: in notes "stool.pt", "today.no"
# and "pt.in" are sentences run together, not hosts.
TLDS = r"com|org|net|edu|gov|mil|info|biz|io"
PATH = r"(?:[/?#][^\s<>\"']*[^\s<>\"'.,;:!?)\]])?"
HOST = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"


class StrictUrlRecognizer(DeclarativeRecognizer):
    ENTITY = "URL"
    PATTERNS = [
        Pattern("url with scheme", r"\b(?:https?|ftp)://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", 0.6),
        Pattern("www url", rf"(?<![\w@.-])www\.{HOST}[a-z]{{2,24}}\b{PATH}", 0.6),
        Pattern(
            "domain with known tld",
            rf"(?<![\w@.-])(?=[a-z0-9-]*[a-z][a-z0-9-]*\.){HOST}(?:{TLDS})(?![\w@-]|\.\w){PATH}",
            0.5,
        ),
    ]
    CONTEXT = ["url", "website", "site", "link", "web", "http"]
