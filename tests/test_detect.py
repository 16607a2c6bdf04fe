from __future__ import annotations

import itertools
import re

import pytest

from classifier.detection.analyzer import windows
from classifier.detection.failsafe import SURE_AT
from classifier.stages.detect import Detector


def _types(detector: Detector, text: str) -> dict[str, str]:
    return {text[f.start : f.end]: f.entity_type for f in detector.detect(text)}


def test_presidio_finds_planted_pii(detector: Detector) -> None:
    text = (
        "Patient Margaret Thornton can be reached at margaret.thornton@example.org or "
        "617-555-0142. Card 4111 1111 1111 1111."
    )
    found = _types(detector, text)
    assert found["margaret.thornton@example.org"] == "EMAIL_ADDRESS"
    assert found["617-555-0142"] == "PHONE_NUMBER"
    assert found["4111 1111 1111 1111"] == "CREDIT_CARD"
    assert found.get("Margaret Thornton") == "PERSON"


def test_offsets_index_the_text(detector: Detector) -> None:
    text = "Write to jane.roe@example.com today."
    (f,) = [f for f in detector.detect(text) if f.entity_type == "EMAIL_ADDRESS"]
    assert text[f.start : f.end] == "jane.roe@example.com"


def test_value_found_once_is_found_everywhere(detector: Detector) -> None:
    text = "Contact jane.roe@example.com.\n" + "filler line\n" * 5 + "Again jane.roe@example.com"
    hits = [f for f in detector.detect(text) if text[f.start : f.end] == "jane.roe@example.com"]
    assert len(hits) == 2


def test_windows_cover_the_text_overlapping_with_words_whole() -> None:
    text = "".join(f"line {i} with some words\n" for i in range(2000))
    spans = windows(text, size=1000, overlap=50)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start == end - 50  # each next window starts `overlap` before the last ends
    assert all(end - start <= 1000 for start, end in spans)
    assert all(text[end - 1] in " \n" for _, end in spans[:-1])  # cut after a blank


def test_long_text_offsets_stay_exact(detector: Detector) -> None:
    text = "word " * 30000 + "\nmail bob.stone@example.net now\n"
    hits = [f for f in detector.detect(text) if f.entity_type == "EMAIL_ADDRESS"]
    assert [text[f.start : f.end] for f in hits] == ["bob.stone@example.net"]


def test_detection_is_offline_and_needs_no_download() -> None:
    import os

    assert os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] == ""
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_given_and_family_name_are_one_finding_without_the_title(detector: Detector) -> None:
    text = "Seen by Dr. Alice Jones. Later Jones called back."
    people = [f for f in detector.detect(text, 0.4) if f.entity_type == "PERSON"]
    names = [text[f.start : f.end] for f in people]
    assert "Alice Jones" in names  # "Dr. [PERSON]": a title identifies no one
    assert "Alice" not in names  # not split
    later = text.index("Jones called")
    assert any(f.start == later and text[f.start : f.end] == "Jones" for f in people)


def test_no_url_inside_an_email_or_on_run_together_sentences(detector: Detector) -> None:
    text = "Mail john.smith@example.com. Stool.pt resting.No distress."
    assert [f for f in detector.detect(text, 0.4) if f.entity_type == "URL"] == []


def test_clinical_terms_and_lab_values_are_not_personal_data(detector: Detector) -> None:
    text = "HISTORY OF PRESENT ILLNESS:\nHemoglobin A1c 7.2. ABG 7.35/42/98/24. BP 125-170/70-90."
    assert detector.detect(text, 0.4) == []


def test_phone_numbers_keep_their_shape(detector: Detector) -> None:
    text = (
        "Daughter reachable at (617) 555-0142, pager 0600-0800 shift. "
        "social: pt's son ,dave, (240444-1243) was in"
    )
    found = [f for f in detector.detect(text, 0.4) if f.entity_type == "PHONE_NUMBER"]
    phones = [text[f.start : f.end] for f in found]
    assert phones[0] == "(617) 555-0142" and "(240444-1243)" in phones
    assert set(phones) <= {"(617) 555-0142", "(240444-1243)", "240444-1243", "0600-0800"}
    # the pager hours only where the tagger is sure: then no filter may drop them (fail-safe)
    hours = [f for f in found if text[f.start : f.end] == "0600-0800"]
    assert all(f.recognizer == "PhiTaggerRecognizer" and f.score >= SURE_AT for f in hours)


def test_a_long_value_inside_a_longer_word_is_found_too(detector: Detector) -> None:
    text = "Write to jane.roe@example.com today.\nSigned: xjane.roe@example.comx"
    hits = [text[f.start : f.end] for f in detector.detect(text)]
    assert hits.count("jane.roe@example.com") == 2


def test_an_occurrence_held_only_by_a_weak_finding_gets_the_strong_one(detector: Detector) -> None:
    from classifier.detection.propagation import propagate
    from classifier.document import Finding

    text = "Acme Holdings paid. Later, Acme Holdings left."
    weak = Finding(0, 13, "MEDICAL_RECORD_NUMBER", 0.05)
    strong = Finding(27, 40, "ORGANIZATION", 0.85)
    added = [f for f in propagate(text, [weak, strong]) if f.recognizer == "propagated"]
    assert [(f.start, f.end, f.entity_type, f.score) for f in added] == [
        (0, 13, "ORGANIZATION", 0.85)
    ]


def test_a_three_letter_name_is_propagated_when_written_as_a_name() -> None:
    from classifier.detection.propagation import propagate
    from classifier.document import Finding

    text = "Ted is a 63-year-old. Ted's cell is on file; TED and ted stay."
    found = propagate(text, [Finding(0, 3, "PERSON", 0.9)])
    assert [text[f.start : f.end] for f in found] == ["Ted", "Ted"]


def test_the_phi_tagger_reads_lower_case_nursing_notes(detector: Detector) -> None:
    text = (
        "npn 7p-7a: pt's daughter marta okafor called, updated on plan. "
        "dr. lindqvist aware of k 3.2, repleted. will transfer to hartwell general tomorrow."
    )
    found = {text[f.start : f.end]: f for f in detector.detect(text, 0.4)}
    assert found["marta okafor"].entity_type == "PERSON"
    assert found["marta okafor"].recognizer == "PhiTaggerRecognizer"
    assert "lindqvist" in found and "dr. lindqvist" not in found
    assert not {"k 3.2", "repleted", "npn", "7p-7a"} & found.keys()


def test_phi_tagger_none_falls_back_to_spacy() -> None:
    from classifier.detection.analyzer import NO_TAGGER, load_tagger
    from classifier.settings import ROOT

    assert load_tagger(ROOT / "models", NO_TAGGER) is None
    assert load_tagger(ROOT / "models", "").version == "phi-tagger-3"  # type: ignore[union-attr]


def test_the_tagger_yields_to_a_sure_pattern_of_another_type() -> None:
    from classifier.detection.filters import FilterContext, yield_to_patterns
    from classifier.document import Finding

    email = Finding(9, 29, "EMAIL_ADDRESS", 1.0, "EmailRecognizer")
    guess = Finding(9, 16, "STREET_ADDRESS", 0.9, "PhiTaggerRecognizer")
    name = Finding(40, 45, "PERSON", 0.9, "PhiTaggerRecognizer")
    weak = Finding(40, 45, "MEDICAL_RECORD_NUMBER", 0.3, "MedicalRecordNumberRecognizer")
    same = Finding(12, 29, "EMAIL_ADDRESS", 0.8, "PhiTaggerRecognizer")
    address = Finding(60, 91, "STREET_ADDRESS", 0.99, "PhiTaggerRecognizer")
    zip_code = Finding(86, 91, "ZIP_CODE", 0.6, "ZipCodeRecognizer")  # a ZIP inside: it stays
    found = [email, guess, name, weak, same, address, zip_code]
    assert yield_to_patterns(found, FilterContext("", tuple(found))) == [
        email,
        name,
        weak,
        same,
        address,
        zip_code,
    ]


def test_a_military_address_with_its_zip_code_stays_whole(detector: Detector) -> None:
    text = "please update my new address is PSC 6293, Box 8158\nAPO AP 04336"
    found = {text[f.start : f.end]: f.entity_type for f in detector.detect(text, 0.4)}
    assert found.get("PSC 6293, Box 8158\nAPO AP 04336") == "STREET_ADDRESS"


def test_a_name_guessed_from_its_context_needs_the_taggers_word() -> None:
    from classifier.detection.filters import FilterContext, confirmed_guesses
    from classifier.document import Finding
    from classifier.ml.phi_tagger import TaggedSpan

    text = "daughter KRISSY here. MS INCISION DRY. E. WELSH AWARE"
    words = [
        TaggedSpan(m.start(), m.end(), "PERSON", {"KRISSY": 0.3, "WELSH": 0.05}.get(m[0], 0.001))
        for m in re.finditer(r"\S+", text)
    ]

    def guess(value: str) -> Finding:
        start = text.index(value)
        return Finding(start, start + len(value), "PERSON", 0.5, "TitledNameRecognizer")

    krissy, incision, welsh = guess("KRISSY"), guess("INCISION"), guess("E. WELSH")
    tagged = Finding(0, 8, "PERSON", 0.9, "PhiTaggerRecognizer")  # others are not checked
    context = FilterContext(text, words=tuple(words))
    found = confirmed_guesses([krissy, incision, welsh, tagged], context)
    assert found == [krissy, welsh, tagged]


ORDINARY = frozenset(
    {
        "bill",
        "eve",
        "good",
        "cough",
        "aware",
        "stayed",
        "given",
        "miller",
        "remains",
        "unsuccessful",
    }
)


@pytest.mark.parametrize(
    ("text", "guess", "kept"),
    [
        ("social- son bill called twice", "bill", True),  # a given name, though a word
        ("MOTHER, AUNTS, GIRLFRIEND EVE IN MOST OF DAY", "GIRLFRIEND EVE", True),
        ("NP DJURIC MADE AWARE", "DJURIC", True),  # a surname the vocabulary lacks
        ("per md Saeed.", "Saeed", True),
        ("AND M. PEPPLER PLACING STITCH", "M. PEPPLER", True),
        ("Z. MILLER AWARE", "Z. MILLER", False),  # a surname that is an ordinary word
        ("STRONG NP GOOD COUGH", "GOOD COUGH", False),
        ("WIFE STAYED WITH PT", "STAYED", False),
        ("SON GIVEN UPDATE", "GIVEN", False),
        ("SON WILL CALL", "WILL", False),  # a given name that is a word of the notes
        ("FAMILY: WIFE, SON", "SON", False),
        ("MS INCISION WITH DSD", "INCISION", False),
    ],
)
def test_a_guess_of_census_names_needs_no_tagger(text: str, guess: str, kept: bool) -> None:
    from classifier.detection.filters import FilterContext, confirmed_guesses
    from classifier.document import Finding

    start = text.index(guess)
    finding = Finding(start, start + len(guess), "PERSON", 0.5, "TitledNameRecognizer")
    context = FilterContext(text, ordinary_words=ORDINARY)
    assert confirmed_guesses([finding], context) == ([finding] if kept else [])
    place = Finding(start, start + len(guess), "LOCATION", 0.5, "CareLocationRecognizer")
    if not guess.istitle():  # (a place in title case is its own evidence: strong_context)
        assert confirmed_guesses([place], context) == []  # census names confirm names only


@pytest.mark.parametrize(
    "text",
    [
        "Monitor for changes in MS. Aspiration precautions. Cont cardiac regimen.",
        "await swallowing study when ms clears. ? advancing pt",
        "INTERVENTIONAL FELLOW ARRIVED AND GROIN PRESSURE HELD.",
        "PT AWAKE. MD UPDATE ALSO GIVEN TO WIFE AT BEDSIDE.",
        "SKIN: MS INCISION WITH DSD CDI, LLEG DRY.",
        "SOCIAL: WIFE STAYED OVERNIGHT IN WAITING ROOM.",
        "O2 WEANED TO 4L NP GOOD BREATH SOUNDS.",
    ],
)
def test_context_guesses_the_shipped_tagger_rejects(detector: Detector, text: str) -> None:
    assert [f for f in detector.detect(text, 0.4) if f.entity_type == "PERSON"] == []


class OneNameAnalyzer:
    """A stand-in AnalyzerEngine that finds one value, at its first occurrence only."""

    def __init__(self, value: str, entity: str) -> None:
        self.value, self.entity = value, entity

    def analyze(self, text: str, **_: object) -> list[object]:
        from presidio_analyzer import RecognizerResult

        at = text.find(self.value)
        if at < 0:
            return []
        meta = {"recognizer_name": "PhiTaggerRecognizer"}
        end = at + len(self.value)
        return [RecognizerResult(self.entity, at, end, 0.9, recognition_metadata=meta)]


def test_a_copied_given_name_takes_the_surname_after_it() -> None:
    text = "Explained to Radu by Dr Lange.\nRadu Crosson contacted again."
    detector = Detector(analyzer=OneNameAnalyzer("Radu", "PERSON"))  # type: ignore[arg-type]
    found = detector.detect(text, 0.4)
    assert [text[f.start : f.end] for f in found if f.entity_type == "PERSON"] == [
        "Radu",
        "Radu Crosson",
    ]


@pytest.mark.parametrize(
    ("value", "shaped"),
    [
        ("8/18", True),
        ("6/29/85", True),
        ("8/84", True),  # month/yy
        ("nov. 2016", True),
        ("Tuesday", True),
        ("11th", True),
        ("1980S", True),
        ("32/15", False),  # pressures
        ("14/12 peep/rr 14-16", False),
        ("102/41/7.34/23/-3", False),  # a blood gas
        ("4 (1.2 1", False),
        ("24", False),
        ("Sept. 3", True),
        ("sat 3", True),
        ("monitor", False),  # words that merely start like a month or a day
        ("sats", False),
        ("decreased", False),
        ("Sunrise", False),
    ],
)
def test_the_taggers_dates_must_look_like_dates(value: str, shaped: bool) -> None:
    from classifier.detection.shapes import date_shaped

    assert date_shaped(value) is shaped


@pytest.mark.parametrize(
    ("text", "value", "setting"),
    [
        ("PSV increased to 10/5 overnight to rest", "10/5", True),
        ("CPAP PS 5/5 TO BE EXTUBATED", "5/5", True),
        ("Fio2 40%, with flowby 6/3. Spont vols", "6/3", True),
        ("CO/CI 5/3 FICK SVR 900'S", "5/3", True),
        ("c/o 3/10 l back pain in am", "3/10", True),
        ("describes pain as 5/10 with movement", "5/10", True),
        ("PT THEN HAD 8/10 CP, RESISTANT", "8/10", True),
        ("formula will be changed to 3/4 str Nepro", "3/4", True),
        ("INTUBATED ON IMV 6/5PS/8PEEP", "6/5", True),
        ("admitted to ccu on 8/17 for increased", "8/17", False),
        ("SUSTAINING A FALL ON 8/10. PT HAD", "8/10", False),
        ("pain free since 8/10, walking", "8/10", False),
        ("CABG on 6/28 8am", "6/28", False),
        ("seen 3/4/19 for pain", "3/4/19", False),
        ("on mask ventilation 10/5 40%. ABG acidotic", "10/5", True),
        ("present settings 20/10/40%. bldy sputum", "20/10/40", True),
        ("simv 900 10/25 50% 5p/5ips", "10/25", True),
        ("ON AC 500TV/50 / 5/10 ,SAT 100 %", "5/10", True),
        ("headache 3-4/10 received tylenol", "4/10", True),
        ("cath 3/2/2010 and echo", "3/2/2010", False),
        ("Cath on 5/10/40% of vessel", "5/10/40", False),
    ],
)
def test_settings_and_scores_are_not_dates(text: str, value: str, setting: bool) -> None:
    from classifier.detection.shapes import setting_or_score

    start = text.index(value)
    assert setting_or_score(text, start, start + len(value)) is setting


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("explained by Dr Will Cole (attending) and myself", "Cole", "Will Cole"),
        ("seen by Dr. Alice Jones today", "Jones", "Alice Jones"),
        ("Mr. Smith resting", "Smith", "Smith"),
    ],
)
def test_a_given_name_between_title_and_name_joins_it(text: str, found: str, expected: str) -> None:
    detector = Detector(analyzer=OneNameAnalyzer(found, "PERSON"))  # type: ignore[arg-type]
    assert [text[f.start : f.end] for f in detector.detect(text, 0.4)] == [expected]


def test_a_labelled_phone_number_in_a_national_format_is_kept(detector: Detector) -> None:
    text = "Name: Toshimi Arata\nPhone: 0490 75 40 81\nThey're not answering at 71-33-52-22"
    phones = [
        text[f.start : f.end] for f in detector.detect(text, 0.4) if f.entity_type == "PHONE_NUMBER"
    ]
    assert phones == ["0490 75 40 81", "71-33-52-22"]


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("Patient Margaret Thornton was seen", "Patient Margaret Thornton", "Margaret Thornton"),
        ("son Radu called back", "Radu called", "Radu"),
        ("Will Cole came by", "Will Cole", "Will Cole"),  # Will: a given name too
    ],
)
def test_common_words_at_a_names_edges_are_left_out(text: str, found: str, expected: str) -> None:
    detector = Detector(analyzer=OneNameAnalyzer(found, "PERSON"))  # type: ignore[arg-type]
    assert [text[f.start : f.end] for f in detector.detect(text, 0.4)] == [expected]


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("GU--U/O REAMINS DARK BROWN", "REAMINS", None),
        ("SO FAR ATTEMPTS UNSUCCESFUL TO REACH", "UNSUCCESFUL", None),
        ("Knows she is in Pietersburg now", "Pietersburg", "Pietersburg"),  # a proper name
        ("FAMILY ADAMENT RADU CROSSON", "ADAMENT RADU CROSSON", "RADU CROSSON"),
        ("Dr. Garison aware", "Garison", "Garison"),
    ],
)
def test_the_taggers_misspelt_words_are_not_names(text: str, value: str, kept: str | None) -> None:
    from classifier.detection.filters import TAGGER, FilterContext, without_misspellings
    from classifier.document import Finding

    start = text.index(value)
    context = FilterContext(text, ordinary_words=ORDINARY | {"adamant"})
    found = without_misspellings(
        [Finding(start, start + len(value), "PERSON", 0.9, TAGGER)], context
    )
    assert [text[f.start : f.end] for f in found] == ([kept] if kept else [])


@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        ("TAKEN TO LAUREL REGIONAL WHERE CK'S", "LAUREL", "LAUREL REGIONAL"),
        ("presenting to Franklin Square w/ acute sob", "Franklin", "Franklin Square"),
        ("from Union Memorial Hospital", "Union", "Union Memorial"),
        ("lives in Laurel with wife", "Laurel", "Laurel"),
        ("in Ocean City Beach Point", "Ocean City", "Ocean City Beach Point"),
    ],
)
def test_a_place_takes_the_place_name_words_after_it(text: str, place: str, expected: str) -> None:
    from classifier.detection.names import with_place_name_parts
    from classifier.document import Finding

    start = text.index(place)
    found = with_place_name_parts(text, [Finding(start, start + len(place), "LOCATION", 0.9, "x")])
    assert [text[f.start : f.end] for f in found] == [expected]


def test_a_common_word_before_a_credential_is_the_surname(detector: Detector) -> None:
    text = "Placed on servo vent (same settings).\nBernard Foley CRT\n"
    names = [text[f.start : f.end] for f in detector.detect(text, 0.4) if f.entity_type == "PERSON"]
    assert names == ["Bernard Foley"]


def test_the_taggers_own_types_survive_presidio(detector) -> None:
    """The tagger runs as an ad-hoc recognizer; Presidio asks each recognizer only for the
    entities its registry names, so the tagger's ORGANIZATION and TITLE must be asked for."""
    text = "Dr. Maria Lopez, Chief Financial Officer at Goldman Sachs, flew in from Boston."
    found = {(text[f.start : f.end], f.entity_type) for f in detector.detect(text)}
    assert ("Goldman Sachs", "ORGANIZATION") in found
    assert ("Maria Lopez", "PERSON") in found


@pytest.mark.parametrize(
    ("text", "guess", "expected"),
    [
        ("DR. SHAUGHNESSY PRONOUNCED. Family notified.", "SHAUGHNESSY PRONOUNCED", "SHAUGHNESSY"),
        ("pt's daughter sarah spent the night here", "sarah spent", "sarah"),
        ("mr.renzi returned from the lab", "renzi returned", "renzi"),
        ("daughter Peggy Reed called", "Peggy Reed", "Peggy Reed"),  # a census surname
        ("daughter Peggy Hargreave called", "Peggy Hargreave", "Peggy Hargreave"),  # no word
        ("Dr. Valdez called", "Valdez called", "Valdez"),
    ],
)
def test_a_guessed_names_last_word_that_goes_on_with_the_sentence_is_left_out(
    text: str, guess: str, expected: str
) -> None:
    from classifier.detection.filters import FilterContext, without_ordinary_last_word
    from classifier.document import Finding
    from classifier.ml.phi_tagger import TaggedSpan

    start = text.index(guess)
    words = [
        TaggedSpan(m.start(), m.end(), "PERSON", 0.99 if m[0] in expected.split() else 0.001)
        for m in re.finditer(r"[\w']+", text)
    ]
    ordinary = ORDINARY | {"returned", "spent", "pronounced", "reed", "called"}
    context = FilterContext(text, words=tuple(words), ordinary_words=ordinary)
    found = without_ordinary_last_word(
        [Finding(start, start + len(guess), "PERSON", 0.6, "TitledNameRecognizer")], context
    )
    assert [text[f.start : f.end] for f in found] == [expected]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0600-0800 shift", ["0600-0800"]),  # words after the last digit are no number
        ("(617) 555-0142 (cell)", ["(617) 555-0142"]),
        ("555-0142 ext 12", ["555-0142 ext 12"]),  # an extension's digits keep the words
        ("617-555-0199 or 617-555-0142", ["617-555-0199", "617-555-0142"]),
    ],
)
def test_a_phone_finding_holds_numbers_not_the_words_after_them(
    value: str, expected: list[str]
) -> None:
    from classifier.detection.shapes import split_number_lists
    from classifier.document import Finding

    found = split_number_lists(value, [Finding(0, len(value), "PHONE_NUMBER", 0.9, "x")])
    assert [value[f.start : f.end] for f in found] == expected


@pytest.mark.parametrize(
    ("text", "found", "entity", "expected"),
    [
        ("fault ticket FT-558201 raised", "558201", "PHONE_NUMBER", "FT-558201"),
        ("conta corrente 41882-X, agência", "41882", "ACCOUNT_NUMBER", "41882-X"),
        ("OP No.: GHC-OP-24-1187\n", "24-1187", "ID", "GHC-OP-24-1187"),
        ("PS 10/5/40% for", "/40", "DATE_TIME", "/40"),  # numbers alone: settings, vitals
        ("on A/C 10/700/.4/10PEEP. NO ABG", "4/10", "DATE_TIME", "4/10"),
        ("Matric No. UNN/2015/198734.", "198734", "ID", "UNN/2015/198734"),
        # a word glued to a number is a label, not a prefix; an age's token goes on in words
        ("son--CELLULAR-301 555 0133", "301 555 0133", "PHONE_NUMBER", "301 555 0133"),
        ("A 101-year-old man", "101", "AGE", "101"),
        ("ID 12345. Next", "12345", "ID", "12345"),
    ],
)
def test_a_number_finding_takes_the_whole_token(
    text: str, found: str, entity: str, expected: str
) -> None:
    from classifier.detection.shapes import whole_identifier_tokens
    from classifier.document import Finding

    start = text.index(found)
    f = Finding(start, start + len(found), entity, 0.9, "x")
    (out,) = whole_identifier_tokens(text, [f])
    assert text[out.start : out.end] == expected


@pytest.mark.parametrize(
    ("text", "value", "entity", "strong"),
    [
        ("DR. PRICE TO BEDSIDE", "PRICE", "PERSON", True),  # after a title
        ("neuro: mrs. powers arrived", "powers", "PERSON", True),
        ("ALL IS WELL. Q. LANDER RRT", "LANDER", "PERSON", True),  # before a credential
        ("daughter price called", "price", "PERSON", False),  # a relative: the tagger decides
        ("TRANSFERED TO GH FOR CATH", "GH", "LOCATION", True),  # a listed abbreviation
        ("OUTPUT FROM HRBOR HOSP.) HE", "HRBOR", "LOCATION", True),  # before a facility
        ("FROM OUTSIDE HOSP. HE", "OUTSIDE", "LOCATION", False),  # an ordinary word
        ("PLAN: TO QUARTERMAN 2 WHEN BED AVAIL", "QUARTERMAN", "LOCATION", True),  # ward, floor
        ("Pt is prepared to go to Sacred Heart today", "Sacred Heart", "LOCATION", True),
        ("PT GOING TO SACRED HEART TODAY", "SACRED HEART", "LOCATION", False),  # capitals
        ("transfer to rehab tomorrow", "rehab", "LOCATION", False),
        ("SEEN BY PRIMARY CARE NP TODAY", "PRIMARY CARE", "PERSON", False),  # ordinary words
        ("O2 AT 4 LITERS NP", "LITERS", "PERSON", False),  # NP: nasal prongs
        ("Cont to monitor", "Cont", "LOCATION", False),  # one ordinary word
        ("PT ON AV PACED 70 BPM", "AV PACED", "LOCATION", False),  # no ward: two words
    ],
)
def test_a_guess_whose_context_says_what_it_is_needs_no_taggers_word(
    text: str, value: str, entity: str, strong: bool
) -> None:
    from classifier.detection.filters import strong_context
    from classifier.document import Finding

    start = text.index(value)
    guess = Finding(start, start + len(value), entity, 0.5, "TitledNameRecognizer")
    ordinary = ORDINARY | {
        "primary",
        "care",
        "liters",
        "cont",
        "price",
        "powers",
        "heart",
        "outside",
    }
    assert strong_context(guess, text, ordinary) is strong


@pytest.mark.parametrize(
    ("word", "score", "kept"),
    [
        ("DOUGLASS", 0.26, True),  # a census surname the tagger leans to
        ("DOUGLASS", 0.10, False),  # too little weight
        ("DOUGLASS", 0.60, False),  # a tagger span already (STRONG)
        ("CARDIOLOGY", 0.30, False),  # no census name
        ("NEICE", 0.30, False),  # short: a misspelt "niece"
        ("QUINTON", 0.30, False),  # a device's name
    ],
)
def test_a_census_name_the_tagger_leans_to_is_a_name(word: str, score: float, kept: bool) -> None:
    from classifier.detection.recognizers.tagger import census_names_the_tagger_leans_to
    from classifier.ml.phi_tagger import TaggedSpan

    text = f"PER {word} WILL HOLD"
    words = [TaggedSpan(4, 4 + len(word), "PERSON", score)]
    found = census_names_the_tagger_leans_to(text, words, [], frozenset({"will", "hold", "per"}))
    assert [text[s.start : s.end] for s in found] == ([word] if kept else [])


def test_a_finding_in_a_blob_grows_by_a_bounded_reach() -> None:
    from classifier.detection.shapes import MAX_REACH, whole_identifier_tokens
    from classifier.document import Finding

    blob = "/".join(f"a{i:05d}b" for i in range(20_000))  # 160,000 characters glued by "/"
    findings = [Finding(s, s + 5, "ID", 0.9) for s in range(1_001, len(blob) - 1_000, 800)]
    out = whole_identifier_tokens(blob, findings)
    assert all(f.end - f.start <= 5 + 2 * MAX_REACH for f in out)
