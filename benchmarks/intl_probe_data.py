"""The snippets of benchmarks/intl_probe.py: per family, (values, frames). Each value goes into
one frame (in turn) at {v}; ⟦...⟧ marks a gold span (of the family, or ⟦...⟧{family}). The
values are made up for this probe (shapes of real formats; some checksums hold, some fail)."""

from __future__ import annotations

PHONE_FRAMES = [
    "Tel: {v}",
    "Questions about this invoice? Call our accounts team on {v}.",
    "Fax {v} | Office hours 9-17",
    "Mobile: {v} (evenings only)",
    "Please ring {v} to rearrange the appointment.",
    "Phone {v}",
]
ID_FRAMES = [
    "{label}: {v}",
    "Employee record. {label} {v}. Start date in the HR system.",
    "Dear Sir or Madam, please quote your {label} {v} in all correspondence.",
    "Form 12 - {label} ({v}) to be verified by the payroll office.",
]


def _phone(values: list[str]) -> tuple[list[str], list[str]]:
    return values, PHONE_FRAMES


def _ids(labels: list[str], values: list[str]) -> tuple[list[str], list[str]]:
    frames = [f.replace("{label}", labels[i % len(labels)]) for i, f in enumerate(ID_FRAMES)]
    return values, frames


FAMILIES: dict[str, tuple[list[str], list[str]]] = {
    # phones: national and E.164, with and without labels, with extensions
    "phone_jp": _phone(
        [
            "+81 3-1234-5678",
            "03-1234-5678",
            "090-1234-5678",
            "+81 90 1234 5678",
            "(03) 5555-1234",
            "+81-6-6123-4567",
        ]
    ),
    "phone_cn": _phone(
        ["+86 10 6552 9988", "010-6552 9988", "138 0013 8000", "+86 138 0013 8000", "021-5089 1234"]
    ),
    "phone_kr": _phone(["+82 2-312-3456", "02-312-3456", "010-1234-5678", "+82 10 1234 5678"]),
    "phone_in": _phone(["+91 98765 43210", "098765 43210", "+91-22-2778-1234", "98200 12345"]),
    "phone_au": _phone(
        ["+61 2 9374 4000", "(02) 9374 4000", "0412 345 678", "+61 412 345 678", "1300 655 506"]
    ),
    "phone_nz": _phone(["+64 9 379 1234", "09 379 1234", "021 123 4567", "+64 21 123 4567"]),
    "phone_ca": _phone(
        [
            "+1 416 555 0199 ext. 12",
            "(604) 555-0142 x12",
            "416.555.0123",
            "+1 (514) 555-0177",
            "1-800-555-0199 ext 204",
        ]
    ),
    "phone_mx": _phone(
        ["+52 55 1234 5678", "55 1234 5678", "+52 1 55 1234 5678", "(81) 8123-4567"]
    ),
    "phone_za": _phone(["+27 21 123 4567", "021 123 4567", "082 123 4567", "+27 82 123 4567"]),
    "phone_sg": _phone(["+65 6123 4567", "6123 4567", "+65 9123 4567", "9123 4567"]),
    "phone_hk": _phone(["+852 2123 4567", "2123 4567", "+852 9123 4567"]),
    "phone_ae": _phone(["+971 4 123 4567", "04 123 4567", "+971 50 123 4567", "050 123 4567"]),
    "phone_se": _phone(["+46 8 123 456 78", "08-123 456 78", "070-123 45 67", "+46 70 123 45 67"]),
    "phone_dk": _phone(["+45 33 12 34 56", "33 12 34 56", "+45 20 12 34 56"]),
    "phone_no": _phone(["+47 22 12 34 56", "22 12 34 56", "+47 912 34 567", "912 34 567"]),
    "phone_fi": _phone(["+358 9 1234 5678", "09 1234 5678", "040 123 4567", "+358 40 123 4567"]),
    # national, tax and insurance identifiers
    "uk_nino": _ids(
        ["National Insurance No.", "NI number", "NINO", "N.I. No."],
        ["QQ 12 34 56 C", "AB123456C", "JG 10 37 59 A", "NE 98 76 54 B"],
    ),
    "uk_nhs": _ids(
        ["NHS number", "NHS No", "NHS", "NHS Number"],
        ["943 476 5919", "9434765919", "401 023 2137", "943-476-5870"],
    ),
    "ca_sin": _ids(
        ["SIN", "Social Insurance Number", "S.I.N.", "SIN"],
        ["046 454 286", "130-692-544", "046454286", "193 456 787"],
    ),
    "in_aadhaar": _ids(
        ["Aadhaar", "Aadhaar No.", "UID", "Aadhaar number"],
        ["2345 6789 0124", "4991 1866 5246", "9876-5432-1098", "3675 9834 6012"],
    ),
    "in_pan": _ids(
        ["PAN", "PAN No.", "Permanent Account Number", "PAN"],
        ["ABCPD1234E", "AAAPL1234C", "BNZPM2501F", "AFZPK7190K"],
    ),
    "es_dni_nie": _ids(
        ["DNI", "NIE", "D.N.I.", "NIF"], ["12345678Z", "X1234567L", "87654321-X", "Y-2345678-Z"]
    ),
    "it_cf": _ids(
        ["Codice fiscale", "C.F.", "codice fiscale", "CF"],
        ["RSSMRA85T10A562S", "BNCLRA70A41H501Y", "VRDGPP80A01F205X"],
    ),
    "fr_nir": _ids(
        ["N° de sécurité sociale", "NIR", "Numéro de sécurité sociale", "INSEE"],
        [
            "1 85 05 78 006 084 36",
            "2 84 12 75 115 005 42",
            "185057800608436",
            "2 90 03 2A 012 345 67",
        ],
    ),
    "de_steuer_id": _ids(
        ["Steuer-ID", "Steueridentifikationsnummer", "IdNr.", "Steuer-ID"],
        ["65 929 970 489", "12345678995", "86 095 742 719", "47 036 892 816"],
    ),
    "de_steuernummer": _ids(
        ["Steuernummer", "St.-Nr.", "Steuernummer", "StNr"],
        ["21/815/08150", "181/815/08155", "2181508150"],
    ),
    "nl_bsn": _ids(
        ["BSN", "Burgerservicenummer", "BSN", "sofinummer"],
        ["123456782", "1112.22.333", "111 222 333", "2345 67 890"],
    ),
    "be_national": _ids(
        ["Rijksregisternummer", "National number", "NN", "numéro national"],
        ["85.07.30-033.28", "85073003328", "90.02.01-997.04"],
    ),
    "pt_nif": _ids(
        ["NIF", "Número de contribuinte", "NIF", "contribuinte n.º"],
        ["123456789", "501 964 843", "234567899"],
    ),
    "ie_pps": _ids(
        ["PPS No.", "PPSN", "PPS number", "Personal Public Service Number"],
        ["1234567T", "1234567FA", "7654321W"],
    ),
    "ch_ahv": _ids(
        ["AHV-Nr.", "AVS", "AHV number", "N° AVS"],
        ["756.9217.0769.85", "756.1234.5678.97", "7569217076985"],
    ),
    "pl_pesel": _ids(
        ["PESEL", "PESEL", "nr PESEL", "PESEL number"],
        ["44051401359", "02070803628", "85121712345"],
    ),
    "se_personnummer": _ids(
        ["Personnummer", "personnummer", "Personnr", "Personnummer"],
        ["811228-9874", "19811228-9874", "670919-9530", "19900101+1234"],
    ),
    "dk_cpr": _ids(
        ["CPR-nr.", "CPR", "CPR number", "personnummer"],
        ["010203-1234", "211062-5629", "0707614285"],
    ),
    "fi_hetu": _ids(
        ["Henkilötunnus", "HETU", "henkilötunnus", "Personal identity code"],
        ["131052-308T", "010594Y9032", "311280-999J"],
    ),
    "no_fnr": _ids(
        ["Fødselsnummer", "fødselsnummer", "Personal ID number", "fnr."],
        ["15076500565", "010190 12345", "29029900157"],
    ),
    "br_cpf_cnpj": _ids(
        ["CPF", "CNPJ", "CPF nº", "CNPJ nº"],
        ["123.456.789-09", "11.222.333/0001-81", "98765432100", "12.345.678/0001-95"],
    ),
    "mx_curp_rfc": _ids(
        ["CURP", "RFC", "CURP", "R.F.C."],
        ["BADD110313HCMLNS09", "GODE561231GR8", "MAHJ800101MDFRRN05", "XAXX010101000"],
    ),
    "sg_nric": _ids(
        ["NRIC", "NRIC No.", "FIN", "NRIC/FIN"],
        ["S1234567D", "T0123456A", "G1234567X", "F9876543N"],
    ),
    "au_tfn_medicare": _ids(
        ["TFN", "Tax File Number", "Medicare No.", "Medicare card"],
        ["123 456 782", "876 543 210", "2123 45670 1", "3951 33374 2"],
    ),
    "cn_resident_id": _ids(
        ["Resident ID", "ID card no.", "身份证号", "Resident Identity Card"],
        ["11010519491231002X", "110101199003074477", "440524188001010014"],
    ),
    "kr_rrn": _ids(
        ["RRN", "Resident Registration Number", "주민등록번호", "RRN"],
        ["900101-1234567", "850315-2345678", "0103054123456"],
    ),
    "eu_vat": _ids(
        ["VAT No.", "VAT number", "USt-IdNr.", "N° TVA", "P.IVA", "BTW-nummer"],
        [
            "DE123456789",
            "FR40303265045",
            "GB 123 4567 89",
            "NL123456789B01",
            "ATU12345678",
            "IT12345678901",
            "ESX1234567X",
            "BE0123456789",
        ],
    ),
    "passport": _ids(
        [
            "Passport No.",
            "Passport",
            "Reisepass-Nr.",
            "N° de passeport",
            "Pasaporte",
            "Passport number",
        ],
        [
            "123456789",
            "C01X00T47",
            "15AB12345",
            "J8369854",
            "E12345678",
            "TK1234567",
            "AB123456",
            "PA1234567",
        ],
    ),
    "driving_licence": _ids(
        ["Driving licence no.", "Licence number", "Führerschein-Nr.", "Driving Licence"],
        ["MORGA657054SM9IJ", "JONES710238HA3DX", "B072RRE2I55", "SMITH801125J99AB"],
    ),
    # identifiers with no label before them
    "unlabelled_id": (
        [
            "RSSMRA85T10A562S",
            "12345678Z",
            "X1234567L",
            "123.456.789-09",
            "11.222.333/0001-81",
            "756.9217.0769.85",
            "11010519491231002X",
            "S1234567D",
            "AB 12 34 56 C",
            "ABCPD1234E",
            "DE123456789",
            "FR40303265045",
            "NL123456789B01",
            "ATU12345678",
            "MORGA657054SM9IJ",
            "943 476 5919",
            "BADD110313HCMLNS09",
            "131052-308T",
        ],
        [
            "A copy of the card ({v}) is enclosed.",
            "Identity checked against {v} on arrival.",
            "The applicant is registered under {v} since 2019.",
            "Supplier: Nordwind GmbH, {v}",
        ],
    ),
    # bank details outside IBAN countries
    "bank_local": (
        [
            "Sort code ⟦20-00-00⟧, account ⟦12345678⟧",
            "BSB ⟦062-000⟧ Account ⟦1234 5678⟧",
            "IFSC ⟦SBIN0001234⟧, A/c No. ⟦30012345678⟧",
            "Transit ⟦00012⟧ Institution ⟦004⟧ Account ⟦1234567⟧",
            "CLABE ⟦032180000118359719⟧",
            "Kontonummer ⟦0532013000⟧, BLZ ⟦37040044⟧",
            "Routing ⟦021000021⟧ / Acct ⟦000123456789⟧",
            "Bankgiro ⟦5050-1055⟧",
        ],
        ["Please pay to: {v}.", "Bank details - {v}", "Refund will be sent to {v}"],
    ),
    # postcodes (in an address line)
    "postcode": (
        [
            "⟦10 Downing Street⟧{address}, London ⟦SW1A 2AA⟧",
            "⟦24 Sussex Drive⟧{address}, Ottawa ON ⟦K1M 1M4⟧",
            "⟦Damrak 1⟧{address}, ⟦1012 LG⟧ Amsterdam",
            "⟦ul. Marszałkowska 10⟧{address}, ⟦00-950⟧ Warszawa",
            "⟦Av. Paulista, 1578⟧{address} - São Paulo - SP, ⟦01310-100⟧",
            "〒⟦100-0001⟧ Tokyo, Chiyoda-ku",
            "New Delhi - ⟦110001⟧, India",
            "⟦Flat 3, 14 Queen's Road⟧{address}, Manchester ⟦M1 1AE⟧",
            "Postal code: ⟦560034⟧ (Bengaluru)",
            "⟦C/ Mayor 5⟧{address}, ⟦28013⟧ Madrid",
        ],
        ["Ship to: {v}", "Our new address: {v}.", "Address: {v}"],
    ),
    # dates in other languages and shapes
    "date": (
        [
            "1. März 2024",
            "1er mars 2024",
            "1 de marzo de 2024",
            "2024年3月1日",
            "01-Mar-2024",
            "March 1st, 2024",
            "1/3/24",
            "14 juillet 1989",
            "3 maggio 1975",
            "12. lipca 1990",
            "23 januari 1988",
            "15.VI.1972",
            "2 de janeiro de 1985",
            "1990. 5. 17.",
            "17-05-1990",
            "Tuesday, 5 November 2024",
            "5th of November 2024",
            "20240305",
        ],
        [
            "Datum: {v}",
            "Date of birth {v}",
            "Geburtsdatum: {v}",
            "Date de naissance : {v}",
            "Fecha de nacimiento: {v}",
            "The hearing is listed for {v}.",
            "Signed on {v} by both parties.",
            "Invoice date {v}",
            "DOB: {v}",
        ],
    ),
    # network and contact identifiers
    "network": (
        [
            "192.168.10.24",
            "2001:db8:85a3::8a2e:370:7334",
            "fe80::1ff:fe23:4567:890a",
            "00:1A:2B:3C:4D:5E",
            "00-1A-2B-3C-4D-5E",
            "10.0.0.17",
        ],
        [
            "Login from IP {v} at 09:14.",
            "Device MAC: {v}",
            "The laptop ({v}) was wiped.",
            "Client address {v} was blocked.",
        ],
    ),
    "email": (
        [
            "anna.kowalska+invoices@mail.example.pl",
            "j.o'brien@hr.corp.example.ie",
            "li.wei@cs.university.example.cn",
            "m.nguyen@sub.dept.example.com.au",
            "info+ref.4411@example.co.uk",
        ],
        ["E-mail: {v}", "Please reply to {v} by Friday.", "Contact {v} with questions."],
    ),
    "url_name": (
        [
            "https://www.linkedin.com/in/maria-gonzalez-lopez",
            "https://example.com/users/ahmed.alfarsi",
            "http://blog.example.net/~kwame.mensah/cv.pdf",
            "www.facebook.com/sean.obrien.7",
        ],
        ["Profile: {v}", "See {v} for the CV.", "Her page {v} lists the phone too."],
    ),
    # names of many cultures
    "name": (
        [
            "Jan van der Berg",
            "María de la Cruz",
            "Ahmad bin Abdullah",
            "Khalid Al-Mansouri",
            "Siobhán O'Brien",
            "Anna-Lena Müller-Schmidt",
            "Zhang Wei",
            "Nguyen Thi Minh Khai",
            "Oluwaseun Adeyemi",
            "Priya Raghunathan",
            "Kim Min-jun",
            "Tanaka Hiroshi",
            "Ingrid Bjørnstad",
            "Jean-Luc Dubois",
            "Fatima Zahra El Idrissi",
            "Dmitri Volkov",
            "Aroha Ngata",
            "José Luis Fernández García",
            "Giovanni Di Stefano",
            "Ayşe Yılmaz",
            "Chidi Okonkwo-Bello",
            "Abu Bakar bin Hassan",
            "Lars-Erik Lindqvist",
            "Wang Xiu Ying",
            "Mac Giolla Phádraig",
            "Van Thanh Long",
        ],
        [
            "Dear {v},",
            "Patient: {v}",
            "Claimant: {v} v. Acme Ltd",
            "From: {v}",
            "Referred by Dr. {v} for review.",
            "Employee name: {v}",
            "Thank you for your order, {v}.",
            "Witness statement of {v}",
        ],
    ),
    # numbers that identify a customer
    "customer_number": (
        ["INV-2024-004417", "CUST-88123", "ORD 5512-3301", "7730012456", "KD-Nr. 4471120"],
        [
            "Customer No.: {v}",
            "Invoice number {v}",
            "Order ref {v}",
            "Kundennummer: {v}",
            "Your reference: {v}",
        ],
    ),
    "case_number": (
        [
            "2 BvR 1234/21",
            "[2023] EWHC 1234 (Ch)",
            "RG 22/01234",
            "Az. 5 O 123/23",
            "CV-2024-009812",
            "1:24-cv-01234",
        ],
        [
            "Case No. {v}",
            "Aktenzeichen: {v}",
            "In the matter of {v}",
            "N° RG {v}",
            "Court file {v}",
        ],
    ),
}

# negative snippets: nothing here is personal data (⟦...⟧ would mark what is)
NEGATIVES = [
    "Subtotal: 1,234.56 EUR  VAT 21%: 259.26  Total: 1.493,82 €",
    "See clause 12.3(b) and Schedule 4, paragraph 7.",
    "Under 42 U.S.C. § 1983 and Article 6(1)(f) GDPR the claim fails.",
    "Revenue grew 14.5% in Q1 2024 compared with Q4 2023.",
    "Item SKU 4006381333931, qty 3, unit price 12.99",
    "ISO 9001:2015 certified; ref. standard EN 1090-2.",
    "Table 3: results for 2019-2021 (n = 1,204).",
    "Dose: 500 mg twice daily for 7 days.",
    "Section 230(c)(1) of the Communications Decency Act.",
    "Payment terms: net 30 days; late fee 1.5% per month.",
    "Model XR-200, serial range 2020-2023, firmware 4.2.1.",
    "Meeting room 4.12, building C, level 3.",
    "The contract runs for 24 months from the Effective Date.",
    "Regulation (EU) 2016/679 of 27 April 2016 repeals Directive 95/46/EC.",
    "Store #1021, till 4, receipt 00451, 14:32",
]
