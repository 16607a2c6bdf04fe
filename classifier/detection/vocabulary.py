"""Word lists shared by the context recognizers and the detector's false-positive filter:
words that follow a title or a relative without being a name, and clinical vocabulary
(sections, tests, drugs, units, ward abbreviations) that NER models mistake for names or
places. Lower case; the lists themselves are the text files in `classifier/detection/data/`."""

from __future__ import annotations

from classifier.detection.wordlists import word_list

NOT_A_NAME = word_list("not_a_name.txt")
CLINICAL_TERMS = word_list("clinical_terms.txt")
# Species after a genus initial ("E. coli", "S. AUREUS", "C. diff"): not a surname after an
# initial.
ORGANISM_EPITHETS = word_list("organism_epithets.txt")
