# Generated from specs/openai.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_object import BatchObject
from ..models.batch_status import BatchStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_errors import BatchErrors
    from ..models.batch_request_counts import BatchRequestCounts
    from ..models.batch_usage import BatchUsage
    from ..models.metadata_type_0 import MetadataType0


T = TypeVar("T", bound="Batch")


@_attrs_define
class Batch:
    """
    Attributes:
        id (str):
        object_ (BatchObject): The object type, which is always `batch`.
        endpoint (str): The OpenAI API endpoint used by the batch.
        input_file_id (str): The ID of the input file for the batch.
        completion_window (str): The time frame within which the batch should be processed.
        status (BatchStatus): The current status of the batch.
        created_at (int): The Unix timestamp (in seconds) for when the batch was created.
        model (str | Unset): Model ID used to process the batch, like `gpt-5-2025-08-07`. OpenAI
            offers a wide range of models with different capabilities, performance
            characteristics, and price points. Refer to the [model
            guide](/docs/models) to browse and compare available models.
        errors (BatchErrors | Unset):
        output_file_id (str | Unset): The ID of the file containing the outputs of successfully executed requests.
        error_file_id (str | Unset): The ID of the file containing the outputs of requests with errors.
        in_progress_at (int | Unset): The Unix timestamp (in seconds) for when the batch started processing.
        expires_at (int | Unset): The Unix timestamp (in seconds) for when the batch will expire.
        finalizing_at (int | Unset): The Unix timestamp (in seconds) for when the batch started finalizing.
        completed_at (int | Unset): The Unix timestamp (in seconds) for when the batch was completed.
        failed_at (int | Unset): The Unix timestamp (in seconds) for when the batch failed.
        expired_at (int | Unset): The Unix timestamp (in seconds) for when the batch expired.
        cancelling_at (int | Unset): The Unix timestamp (in seconds) for when the batch started cancelling.
        cancelled_at (int | Unset): The Unix timestamp (in seconds) for when the batch was cancelled.
        request_counts (BatchRequestCounts | Unset): The request counts for different statuses within the batch.
        usage (BatchUsage | Unset): Represents token usage details including input tokens, output tokens, a
            breakdown of output tokens, and the total tokens used. Only populated on
            batches created after September 7, 2025.
        metadata (MetadataType0 | None | Unset):
    """

    id: str
    object_: BatchObject
    endpoint: str
    input_file_id: str
    completion_window: str
    status: BatchStatus
    created_at: int
    model: str | Unset = UNSET
    errors: BatchErrors | Unset = UNSET
    output_file_id: str | Unset = UNSET
    error_file_id: str | Unset = UNSET
    in_progress_at: int | Unset = UNSET
    expires_at: int | Unset = UNSET
    finalizing_at: int | Unset = UNSET
    completed_at: int | Unset = UNSET
    failed_at: int | Unset = UNSET
    expired_at: int | Unset = UNSET
    cancelling_at: int | Unset = UNSET
    cancelled_at: int | Unset = UNSET
    request_counts: BatchRequestCounts | Unset = UNSET
    usage: BatchUsage | Unset = UNSET
    metadata: MetadataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.metadata_type_0 import MetadataType0  # noqa: PLC0415

        id = self.id

        object_ = self.object_.value

        endpoint = self.endpoint

        input_file_id = self.input_file_id

        completion_window = self.completion_window

        status = self.status.value

        created_at = self.created_at

        model = self.model

        errors: dict[str, Any] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = self.errors.to_dict()

        output_file_id = self.output_file_id

        error_file_id = self.error_file_id

        in_progress_at = self.in_progress_at

        expires_at = self.expires_at

        finalizing_at = self.finalizing_at

        completed_at = self.completed_at

        failed_at = self.failed_at

        expired_at = self.expired_at

        cancelling_at = self.cancelling_at

        cancelled_at = self.cancelled_at

        request_counts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.request_counts, Unset):
            request_counts = self.request_counts.to_dict()

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, MetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "id": id,
                "object": object_,
                "endpoint": endpoint,
                "input_file_id": input_file_id,
                "completion_window": completion_window,
                "status": status,
                "created_at": created_at,
            }
        )
        if model is not UNSET:
            _field_dict["model"] = model
        if errors is not UNSET:
            _field_dict["errors"] = errors
        if output_file_id is not UNSET:
            _field_dict["output_file_id"] = output_file_id
        if error_file_id is not UNSET:
            _field_dict["error_file_id"] = error_file_id
        if in_progress_at is not UNSET:
            _field_dict["in_progress_at"] = in_progress_at
        if expires_at is not UNSET:
            _field_dict["expires_at"] = expires_at
        if finalizing_at is not UNSET:
            _field_dict["finalizing_at"] = finalizing_at
        if completed_at is not UNSET:
            _field_dict["completed_at"] = completed_at
        if failed_at is not UNSET:
            _field_dict["failed_at"] = failed_at
        if expired_at is not UNSET:
            _field_dict["expired_at"] = expired_at
        if cancelling_at is not UNSET:
            _field_dict["cancelling_at"] = cancelling_at
        if cancelled_at is not UNSET:
            _field_dict["cancelled_at"] = cancelled_at
        if request_counts is not UNSET:
            _field_dict["request_counts"] = request_counts
        if usage is not UNSET:
            _field_dict["usage"] = usage
        if metadata is not UNSET:
            _field_dict["metadata"] = metadata

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_errors import BatchErrors  # noqa: PLC0415
        from ..models.batch_request_counts import BatchRequestCounts  # noqa: PLC0415
        from ..models.batch_usage import BatchUsage  # noqa: PLC0415
        from ..models.metadata_type_0 import MetadataType0  # noqa: PLC0415

        _d = dict(src_dict)
        id = _d.pop("id")

        object_ = BatchObject(_d.pop("object"))

        endpoint = _d.pop("endpoint")

        input_file_id = _d.pop("input_file_id")

        completion_window = _d.pop("completion_window")

        status = BatchStatus(_d.pop("status"))

        created_at = _d.pop("created_at")

        model = _d.pop("model", UNSET)

        _errors = _d.pop("errors", UNSET)
        errors: BatchErrors | Unset
        if isinstance(_errors, Unset):
            errors = UNSET
        else:
            errors = BatchErrors.from_dict(_errors)

        output_file_id = _d.pop("output_file_id", UNSET)

        error_file_id = _d.pop("error_file_id", UNSET)

        in_progress_at = _d.pop("in_progress_at", UNSET)

        expires_at = _d.pop("expires_at", UNSET)

        finalizing_at = _d.pop("finalizing_at", UNSET)

        completed_at = _d.pop("completed_at", UNSET)

        failed_at = _d.pop("failed_at", UNSET)

        expired_at = _d.pop("expired_at", UNSET)

        cancelling_at = _d.pop("cancelling_at", UNSET)

        cancelled_at = _d.pop("cancelled_at", UNSET)

        _request_counts = _d.pop("request_counts", UNSET)
        request_counts: BatchRequestCounts | Unset
        if isinstance(_request_counts, Unset):
            request_counts = UNSET
        else:
            request_counts = BatchRequestCounts.from_dict(_request_counts)

        _usage = _d.pop("usage", UNSET)
        usage: BatchUsage | Unset
        if isinstance(_usage, Unset):
            usage = UNSET
        else:
            usage = BatchUsage.from_dict(_usage)

        def _parse_metadata(data: object) -> MetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_metadata_type_0 = MetadataType0.from_dict(data)

                return componentsschemas_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MetadataType0 | None | Unset, data)

        metadata = _parse_metadata(_d.pop("metadata", UNSET))

        _obj = cls(
            id=id,
            object_=object_,
            endpoint=endpoint,
            input_file_id=input_file_id,
            completion_window=completion_window,
            status=status,
            created_at=created_at,
            model=model,
            errors=errors,
            output_file_id=output_file_id,
            error_file_id=error_file_id,
            in_progress_at=in_progress_at,
            expires_at=expires_at,
            finalizing_at=finalizing_at,
            completed_at=completed_at,
            failed_at=failed_at,
            expired_at=expired_at,
            cancelling_at=cancelling_at,
            cancelled_at=cancelled_at,
            request_counts=request_counts,
            usage=usage,
            metadata=metadata,
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
