# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.schemas_prediction_response_source import SchemasPredictionResponseSource
from ..models.schemas_prediction_response_status import SchemasPredictionResponseStatus
from ..models.schemas_prediction_response_version_type_1 import (
    SchemasPredictionResponseVersionType1,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.schemas_prediction_response_input import SchemasPredictionResponseInput
    from ..models.schemas_prediction_response_metrics import SchemasPredictionResponseMetrics
    from ..models.schemas_prediction_response_urls import SchemasPredictionResponseUrls


T = TypeVar("T", bound="SchemasPredictionResponse")


@_attrs_define
class SchemasPredictionResponse:
    """
    Attributes:
        created_at (datetime.datetime): The time that the prediction was created
        data_removed (bool): Whether the prediction output has been deleted
        error (None | str): An error string if the model status is `"failed"`
        id (str):
        input_ (SchemasPredictionResponseInput): The prediction input
        model (str): The name of the model that created the prediction
        output (Any): The prediction output, which can be any JSON-serializable value, depending on the model
        status (SchemasPredictionResponseStatus): The prediction status. `canceled` means the prediction was canceled
            (either by the user or because it reached its deadline while running). `aborted` means the prediction was
            terminated before it started running (for example, when a deadline is reached before the prediction starts).
        urls (SchemasPredictionResponseUrls): URLs for working with the prediction
        version (SchemasPredictionResponseVersionType1 | str):
        completed_at (datetime.datetime | Unset): The time that the model completed the prediction and all outputs were
            uploaded
        deadline (datetime.datetime | Unset): The absolute time at which the prediction will be automatically canceled
            if it has not completed
        deployment (str | Unset): The name of the deployment that created the prediction
        logs (str | Unset): The log output from the model
        metrics (SchemasPredictionResponseMetrics | Unset): Additional metrics associated with the prediction
        source (SchemasPredictionResponseSource | Unset): Indicates how the prediction was created
        started_at (datetime.datetime | Unset): The time that the model began the prediction
    """

    created_at: datetime.datetime
    data_removed: bool
    error: None | str
    id: str
    input_: SchemasPredictionResponseInput
    model: str
    output: Any
    status: SchemasPredictionResponseStatus
    urls: SchemasPredictionResponseUrls
    version: SchemasPredictionResponseVersionType1 | str
    completed_at: datetime.datetime | Unset = UNSET
    deadline: datetime.datetime | Unset = UNSET
    deployment: str | Unset = UNSET
    logs: str | Unset = UNSET
    metrics: SchemasPredictionResponseMetrics | Unset = UNSET
    source: SchemasPredictionResponseSource | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        data_removed = self.data_removed

        error: None | str
        error = self.error

        id = self.id

        input_ = self.input_.to_dict()

        model = self.model

        output = self.output

        status = self.status.value

        urls = self.urls.to_dict()

        version: str
        if isinstance(self.version, SchemasPredictionResponseVersionType1):
            version = self.version.value
        else:
            version = self.version

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat()

        deadline: str | Unset = UNSET
        if not isinstance(self.deadline, Unset):
            deadline = self.deadline.isoformat()

        deployment = self.deployment

        logs = self.logs

        metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = self.metrics.to_dict()

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat()

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "created_at": created_at,
                "data_removed": data_removed,
                "error": error,
                "id": id,
                "input": input_,
                "model": model,
                "output": output,
                "status": status,
                "urls": urls,
                "version": version,
            }
        )
        if completed_at is not UNSET:
            _field_dict["completed_at"] = completed_at
        if deadline is not UNSET:
            _field_dict["deadline"] = deadline
        if deployment is not UNSET:
            _field_dict["deployment"] = deployment
        if logs is not UNSET:
            _field_dict["logs"] = logs
        if metrics is not UNSET:
            _field_dict["metrics"] = metrics
        if source is not UNSET:
            _field_dict["source"] = source
        if started_at is not UNSET:
            _field_dict["started_at"] = started_at

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.schemas_prediction_response_input import SchemasPredictionResponseInput  # noqa: PLC0415
        from ..models.schemas_prediction_response_metrics import SchemasPredictionResponseMetrics  # noqa: PLC0415
        from ..models.schemas_prediction_response_urls import SchemasPredictionResponseUrls  # noqa: PLC0415

        _d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(_d.pop("created_at"))

        data_removed = _d.pop("data_removed")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(_d.pop("error"))

        id = _d.pop("id")

        input_ = SchemasPredictionResponseInput.from_dict(_d.pop("input"))

        model = _d.pop("model")

        output = _d.pop("output")

        status = SchemasPredictionResponseStatus(_d.pop("status"))

        urls = SchemasPredictionResponseUrls.from_dict(_d.pop("urls"))

        def _parse_version(data: object) -> SchemasPredictionResponseVersionType1 | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                version_type_1 = SchemasPredictionResponseVersionType1(data)

                return version_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(SchemasPredictionResponseVersionType1 | str, data)

        version = _parse_version(_d.pop("version"))

        _completed_at = _d.pop("completed_at", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = datetime.datetime.fromisoformat(_completed_at)

        _deadline = _d.pop("deadline", UNSET)
        deadline: datetime.datetime | Unset
        if isinstance(_deadline, Unset):
            deadline = UNSET
        else:
            deadline = datetime.datetime.fromisoformat(_deadline)

        deployment = _d.pop("deployment", UNSET)

        logs = _d.pop("logs", UNSET)

        _metrics = _d.pop("metrics", UNSET)
        metrics: SchemasPredictionResponseMetrics | Unset
        if isinstance(_metrics, Unset):
            metrics = UNSET
        else:
            metrics = SchemasPredictionResponseMetrics.from_dict(_metrics)

        _source = _d.pop("source", UNSET)
        source: SchemasPredictionResponseSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = SchemasPredictionResponseSource(_source)

        _started_at = _d.pop("started_at", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        _obj = cls(
            created_at=created_at,
            data_removed=data_removed,
            error=error,
            id=id,
            input_=input_,
            model=model,
            output=output,
            status=status,
            urls=urls,
            version=version,
            completed_at=completed_at,
            deadline=deadline,
            deployment=deployment,
            logs=logs,
            metrics=metrics,
            source=source,
            started_at=started_at,
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
