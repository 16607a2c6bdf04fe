"""Our own Presidio recognizers, one per module; `all_recognizers()` instantiates them."""

from __future__ import annotations

from collections.abc import Callable

from presidio_analyzer import EntityRecognizer

from classifier.detection.recognizers.aba_routing import RoutingNumberRecognizer
from classifier.detection.recognizers.account_number import AccountNumberRecognizer
from classifier.detection.recognizers.age_over_89 import AgeOver89Recognizer
from classifier.detection.recognizers.bar_number import BarNumberRecognizer
from classifier.detection.recognizers.birthplace import BirthplaceRecognizer
from classifier.detection.recognizers.brazil_tax_id import BrazilTaxIdRecognizer
from classifier.detection.recognizers.card_number import CardNumberRecognizer
from classifier.detection.recognizers.care_location import CareLocationRecognizer
from classifier.detection.recognizers.case_number import CaseNumberRecognizer
from classifier.detection.recognizers.certificate_license import CertificateLicenseRecognizer
from classifier.detection.recognizers.chat_speaker import ChatSpeakerRecognizer
from classifier.detection.recognizers.city_state import CityStateRecognizer
from classifier.detection.recognizers.clinical_date import ClinicalDateRecognizer
from classifier.detection.recognizers.cn_resident_id import ChineseResidentIdRecognizer
from classifier.detection.recognizers.codice_fiscale import CodiceFiscaleRecognizer
from classifier.detection.recognizers.device_id import DeviceIdRecognizer
from classifier.detection.recognizers.ein import EinRecognizer
from classifier.detection.recognizers.eu_vat import EuVatRecognizer
from classifier.detection.recognizers.european_postcode import EuropeanPostcodeRecognizer
from classifier.detection.recognizers.facility import FacilityRecognizer
from classifier.detection.recognizers.health_plan import HealthPlanMemberRecognizer
from classifier.detection.recognizers.honorific_name import HonorificNameRecognizer
from classifier.detection.recognizers.indian_pan import IndianPanRecognizer
from classifier.detection.recognizers.international_date import InternationalDateRecognizer
from classifier.detection.recognizers.labelled_identifier import LabelledIdentifierRecognizer
from classifier.detection.recognizers.labelled_name import LabelledNameRecognizer
from classifier.detection.recognizers.license_plate import LicensePlateRecognizer
from classifier.detection.recognizers.long_number import LongNumberRecognizer
from classifier.detection.recognizers.masked_card import MaskedCardRecognizer
from classifier.detection.recognizers.mrn import MedicalRecordNumberRecognizer
from classifier.detection.recognizers.multilingual_date import MultilingualDateRecognizer
from classifier.detection.recognizers.pager_number import PagerNumberRecognizer
from classifier.detection.recognizers.phone_candidates import PhoneCandidateRecognizer
from classifier.detection.recognizers.phone_groups import PhoneGroupsRecognizer
from classifier.detection.recognizers.postcode_city import (
    FourDigitPostcodeRecognizer,
    PostcodeCityRecognizer,
)
from classifier.detection.recognizers.role_name import RoleNameRecognizer
from classifier.detection.recognizers.sg_nric import SingaporeNricRecognizer
from classifier.detection.recognizers.spanish_dni import SpanishDniRecognizer
from classifier.detection.recognizers.street_address import StreetAddressRecognizer
from classifier.detection.recognizers.swift_bic import SwiftBicRecognizer
from classifier.detection.recognizers.swiss_ahv import SwissAhvRecognizer
from classifier.detection.recognizers.titled_name import TitledNameRecognizer
from classifier.detection.recognizers.uk_nino import UkNinoRecognizer
from classifier.detection.recognizers.url import StrictUrlRecognizer
from classifier.detection.recognizers.vin import VinRecognizer
from classifier.detection.recognizers.visitor_name import VisitorNameRecognizer
from classifier.detection.recognizers.weekday import WeekdayRecognizer
from classifier.detection.recognizers.workplace import WorkplaceRecognizer
from classifier.detection.recognizers.year import YearRecognizer
from classifier.detection.recognizers.zip_code import ZipCodeRecognizer


def clinical_ner() -> EntityRecognizer:
    """spaCy's NER, noise-filtered (imported when built: it imports spaCy)."""
    from classifier.detection.recognizers.clinical_ner import ClinicalSpacyRecognizer

    return ClinicalSpacyRecognizer()


RECOGNIZERS: tuple[Callable[[], EntityRecognizer], ...] = (
    RoutingNumberRecognizer,
    AccountNumberRecognizer,
    AgeOver89Recognizer,
    BarNumberRecognizer,
    BirthplaceRecognizer,
    CardNumberRecognizer,
    MaskedCardRecognizer,
    CareLocationRecognizer,
    CaseNumberRecognizer,
    CertificateLicenseRecognizer,
    CityStateRecognizer,
    ClinicalDateRecognizer,
    clinical_ner,
    DeviceIdRecognizer,
    EinRecognizer,
    EuropeanPostcodeRecognizer,
    FourDigitPostcodeRecognizer,
    PostcodeCityRecognizer,
    FacilityRecognizer,
    HealthPlanMemberRecognizer,
    InternationalDateRecognizer,
    LabelledIdentifierRecognizer,
    LicensePlateRecognizer,
    MedicalRecordNumberRecognizer,
    MultilingualDateRecognizer,
    PagerNumberRecognizer,
    PhoneCandidateRecognizer,
    PhoneGroupsRecognizer,
    StreetAddressRecognizer,
    SwiftBicRecognizer,
    TitledNameRecognizer,
    HonorificNameRecognizer,
    LabelledNameRecognizer,
    LongNumberRecognizer,
    RoleNameRecognizer,
    WeekdayRecognizer,
    ChatSpeakerRecognizer,
    StrictUrlRecognizer,
    VinRecognizer,
    VisitorNameRecognizer,
    WorkplaceRecognizer,
    YearRecognizer,
    ZipCodeRecognizer,
    UkNinoRecognizer,
    CodiceFiscaleRecognizer,
    SpanishDniRecognizer,
    BrazilTaxIdRecognizer,
    SwissAhvRecognizer,
    ChineseResidentIdRecognizer,
    SingaporeNricRecognizer,
    EuVatRecognizer,
    IndianPanRecognizer,
)


# The recognizer the PHI tagger makes redundant: spaCy's NER, noise-filtered.
REPLACED_BY_TAGGER = (clinical_ner,)


def all_recognizers(with_tagger: bool = False) -> list[EntityRecognizer]:
    """Ours, in order; `with_tagger`: less those the PHI tagger replaces (spaCy's NER, whose
    module is then not imported: it imports spaCy)."""
    return [make() for make in RECOGNIZERS if not (with_tagger and make in REPLACED_BY_TAGGER)]
