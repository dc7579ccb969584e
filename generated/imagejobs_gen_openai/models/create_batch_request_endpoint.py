# Generated from specs/openai.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from enum import StrEnum


class CreateBatchRequestEndpoint(StrEnum):
    VALUE_0 = "/v1/responses"
    VALUE_1 = "/v1/chat/completions"
    VALUE_2 = "/v1/embeddings"
    VALUE_3 = "/v1/completions"
    VALUE_4 = "/v1/moderations"
    VALUE_5 = "/v1/images/generations"
    VALUE_6 = "/v1/images/edits"
    VALUE_7 = "/v1/videos"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(
        cls, value: object
    ) -> "CreateBatchRequestEndpoint | None":  # imagejobs: open enum
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
