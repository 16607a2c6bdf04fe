"""Our own Presidio recognizers, one per module; `all_recognizers()` instantiates them."""

from __future__ import annotations

from collections.abc import Callable

from presidio_analyzer import EntityRecognizer

from classifier.recognizers.aba_routing import RoutingNumberRecognizer
from classifier.recognizers.account_number import AccountNumberRecognizer
from classifier.recognizers.age_over_89 import AgeOver89Recognizer
from classifier.recognizers.bar_number import BarNumberRecognizer
from classifier.recognizers.card_number import CardNumberRecognizer
from classifier.recognizers.care_location import CareLocationRecognizer
from classifier.recognizers.case_number import CaseNumberRecognizer
from classifier.recognizers.certificate_license import CertificateLicenseRecognizer
from classifier.recognizers.clinical_date import ClinicalDateRecognizer
from classifier.recognizers.clinical_ner import ClinicalSpacyRecognizer
from classifier.recognizers.device_id import DeviceIdRecognizer
from classifier.recognizers.ein import EinRecognizer
from classifier.recognizers.facility import FacilityRecognizer
from classifier.recognizers.health_plan import HealthPlanMemberRecognizer
from classifier.recognizers.license_plate import LicensePlateRecognizer
from classifier.recognizers.mrn import MedicalRecordNumberRecognizer
from classifier.recognizers.phone_groups import PhoneGroupsRecognizer
from classifier.recognizers.street_address import StreetAddressRecognizer
from classifier.recognizers.swift_bic import SwiftBicRecognizer
from classifier.recognizers.titled_name import TitledNameRecognizer
from classifier.recognizers.url import StrictUrlRecognizer
from classifier.recognizers.vin import VinRecognizer
from classifier.recognizers.visitor_name import VisitorNameRecognizer
from classifier.recognizers.workplace import WorkplaceRecognizer
from classifier.recognizers.year import YearRecognizer
from classifier.recognizers.zip_code import ZipCodeRecognizer

RECOGNIZERS: tuple[Callable[[], EntityRecognizer], ...] = (
    RoutingNumberRecognizer,
    AccountNumberRecognizer,
    AgeOver89Recognizer,
    BarNumberRecognizer,
    CardNumberRecognizer,
    CareLocationRecognizer,
    CaseNumberRecognizer,
    CertificateLicenseRecognizer,
    ClinicalDateRecognizer,
    ClinicalSpacyRecognizer,
    DeviceIdRecognizer,
    EinRecognizer,
    FacilityRecognizer,
    HealthPlanMemberRecognizer,
    LicensePlateRecognizer,
    MedicalRecordNumberRecognizer,
    PhoneGroupsRecognizer,
    StreetAddressRecognizer,
    SwiftBicRecognizer,
    TitledNameRecognizer,
    StrictUrlRecognizer,
    VinRecognizer,
    VisitorNameRecognizer,
    WorkplaceRecognizer,
    YearRecognizer,
    ZipCodeRecognizer,
)


def all_recognizers() -> list[EntityRecognizer]:
    return [cls() for cls in RECOGNIZERS]
