"""The declarative base of our pattern recognizers: a subclass states ENTITY, PATTERNS and
CONTEXT (and a checksum in validate_result where the identifier has one)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class DeclarativeRecognizer(PatternRecognizer):
    ENTITY: ClassVar[str]
    PATTERNS: ClassVar[list[Pattern]]
    CONTEXT: ClassVar[list[str]]

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            name=type(self).__name__,
        )
