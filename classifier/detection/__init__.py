"""The detection layer. Importing it loads Presidio's recognizer classes without Presidio's
package import, which loads spaCy (presidio_core.py): the serving path with the PHI tagger
does not need spaCy."""

from classifier.detection import presidio_core

presidio_core.load()
