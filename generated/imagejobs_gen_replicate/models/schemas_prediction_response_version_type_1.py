# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from enum import StrEnum


class SchemasPredictionResponseVersionType1(StrEnum):
    HIDDEN = "hidden"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(
        cls, value: object
    ) -> "SchemasPredictionResponseVersionType1 | None":  # imagejobs: open enum
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
