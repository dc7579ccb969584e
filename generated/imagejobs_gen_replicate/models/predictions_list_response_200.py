# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.schemas_prediction_response import SchemasPredictionResponse


T = TypeVar("T", bound="PredictionsListResponse200")


@_attrs_define
class PredictionsListResponse200:
    """
    Attributes:
        next_ (None | str | Unset):
        previous (None | str | Unset):
        results (list[SchemasPredictionResponse] | Unset):
    """

    next_: None | str | Unset = UNSET
    previous: None | str | Unset = UNSET
    results: list[SchemasPredictionResponse] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        next_: None | str | Unset
        if isinstance(self.next_, Unset):
            next_ = UNSET
        else:
            next_ = self.next_

        previous: None | str | Unset
        if isinstance(self.previous, Unset):
            previous = UNSET
        else:
            previous = self.previous

        results: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.results, Unset):
            results = []
            for results_item_data in self.results:
                results_item = results_item_data.to_dict()
                results.append(results_item)

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update({})
        if next_ is not UNSET:
            _field_dict["next"] = next_
        if previous is not UNSET:
            _field_dict["previous"] = previous
        if results is not UNSET:
            _field_dict["results"] = results

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.schemas_prediction_response import SchemasPredictionResponse  # noqa: PLC0415

        _d = dict(src_dict)

        def _parse_next_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_ = _parse_next_(_d.pop("next", UNSET))

        def _parse_previous(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        previous = _parse_previous(_d.pop("previous", UNSET))

        _results = _d.pop("results", UNSET)
        results: list[SchemasPredictionResponse] | Unset = UNSET
        if _results is not UNSET:
            results = []
            for results_item_data in _results:
                results_item = SchemasPredictionResponse.from_dict(results_item_data)

                results.append(results_item)

        _obj = cls(
            next_=next_,
            previous=previous,
            results=results,
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
