from __future__ import annotations

import pytest

from classifier.detection.recognizers.chat_speaker import ChatSpeakerRecognizer

CASES = [
    ("[21:17] lucía: le paso tb el de edu?\n[21:18] edu: no porfa", ["lucía", "edu"]),
    ("12/03/2024, 21:17 - daan: ik wel. hoe laat?", ["daan"]),
    ("[08:20] chidi: confirmed. cake na ₦85,000.", ["chidi"]),
    ("10:05am Mary Jones: on my way", ["Mary Jones"]),
    # roles and an agenda's items are not people; a line without a time is not a chat line
    ("[10:04] Medewerker: Dank u, meneer", []),
    ("09:30 Agent: Thanks for holding", []),
    ("10:30 Lunch: sandwiches in room 2", []),
    ("Note: see attached", []),
    ("BP 120/80 at 10:30: stable", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(ChatSpeakerRecognizer().analyze(text, ["PERSON"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
