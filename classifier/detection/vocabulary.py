"""Word lists shared by the context recognizers and the detector's false-positive filter:
words that follow a title or a relative without being a name, and clinical vocabulary
(sections, tests, drugs, units, ward abbreviations) that NER models mistake for names or
places. Lower case; the lists themselves are the text files in `classifier/detection/data/`."""

from __future__ import annotations

from classifier.detection.datafiles import data_lines

NOT_A_NAME = frozenset(data_lines("not_a_name.txt"))
CLINICAL_TERMS = frozenset(data_lines("clinical_terms.txt"))
# Species after a genus initial ("E. coli", "S. AUREUS", "C. diff"): not a surname after an
# initial.
ORGANISM_EPITHETS = frozenset(data_lines("organism_epithets.txt"))
