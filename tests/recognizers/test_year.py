from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("on foley drainage for several weeks in nov. 2016. he had TURP", ["nov. 2016"]),
    ("in march of 2022 pt was in hospital", ["march of 2022"]),
    ("The Orchestra was founded in 1977. Since then, it has", ["1977"]),
    ("During 1971, Mayo-Walters invested", ["1971"]),
    ("lung Ca s/p resection 1977 LS clear", ["1977"]),
    ("HX OF POSSIBLE MI IN 1980S AFTER OPEN CHOLE", ["1980S"]),
    ("pt diuresed, in 2000 ml, out 1900 cc", []),
    ("will recheck lytes by 1800 and again at 2000", []),
    ("TV 500 in 2005/12 mode", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "DATE_TIME") == expected
