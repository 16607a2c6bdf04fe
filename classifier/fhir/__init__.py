"""FHIR R4 resource mapping (no Flask): validation with `fhir.resources` (its R4B models,
which match R4 for every resource used here), submissions read from a DocumentReference or an
IHE MHD ITI-65 Bundle, results written as DocumentReference + Binary with HL7 security
labels, patient-aware scrubbing, the CapabilityStatement. The web adapter is web/fhir.py."""
