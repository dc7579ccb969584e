# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from enum import StrEnum


class EnhanceGANRequestModel(StrEnum):
    CGI = "CGI"
    HIGH_FIDELITY_V2 = "High Fidelity V2"
    LOW_RESOLUTION_V2 = "Low Resolution V2"
    STANDARD_V2 = "Standard V2"
    TEXT_REFINE = "Text Refine"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "EnhanceGANRequestModel | None":  # imagejobs: open enum
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
