# Generated from specs/openai.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.batch_usage_input_tokens_details import BatchUsageInputTokensDetails
    from ..models.batch_usage_output_tokens_details import BatchUsageOutputTokensDetails


T = TypeVar("T", bound="BatchUsage")


@_attrs_define
class BatchUsage:
    """Represents token usage details including input tokens, output tokens, a
    breakdown of output tokens, and the total tokens used. Only populated on
    batches created after September 7, 2025.

        Attributes:
            input_tokens (int): The number of input tokens.
            input_tokens_details (BatchUsageInputTokensDetails): A detailed breakdown of the input tokens.
            output_tokens (int): The number of output tokens.
            output_tokens_details (BatchUsageOutputTokensDetails): A detailed breakdown of the output tokens.
            total_tokens (int): The total number of tokens used.
    """

    input_tokens: int
    input_tokens_details: BatchUsageInputTokensDetails
    output_tokens: int
    output_tokens_details: BatchUsageOutputTokensDetails
    total_tokens: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_tokens = self.input_tokens

        input_tokens_details = self.input_tokens_details.to_dict()

        output_tokens = self.output_tokens

        output_tokens_details = self.output_tokens_details.to_dict()

        total_tokens = self.total_tokens

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "input_tokens": input_tokens,
                "input_tokens_details": input_tokens_details,
                "output_tokens": output_tokens,
                "output_tokens_details": output_tokens_details,
                "total_tokens": total_tokens,
            }
        )

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_usage_input_tokens_details import BatchUsageInputTokensDetails  # noqa: PLC0415
        from ..models.batch_usage_output_tokens_details import BatchUsageOutputTokensDetails  # noqa: PLC0415

        _d = dict(src_dict)
        input_tokens = _d.pop("input_tokens")

        input_tokens_details = BatchUsageInputTokensDetails.from_dict(
            _d.pop("input_tokens_details")
        )

        output_tokens = _d.pop("output_tokens")

        output_tokens_details = BatchUsageOutputTokensDetails.from_dict(
            _d.pop("output_tokens_details")
        )

        total_tokens = _d.pop("total_tokens")

        _obj = cls(
            input_tokens=input_tokens,
            input_tokens_details=input_tokens_details,
            output_tokens=output_tokens,
            output_tokens_details=output_tokens_details,
            total_tokens=total_tokens,
        )

        _obj.additional_properties = _d
        return _obj

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
