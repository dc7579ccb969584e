# Generated from specs/openai.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_batch_request_completion_window import CreateBatchRequestCompletionWindow
from ..models.create_batch_request_endpoint import CreateBatchRequestEndpoint
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_expiration_policy import FileExpirationPolicy
    from ..models.metadata_type_0 import MetadataType0


T = TypeVar("T", bound="CreateBatchRequest")


@_attrs_define
class CreateBatchRequest:
    """
    Attributes:
        input_file_id (str): The ID of an uploaded file that contains requests for the new batch.

            See [upload file](/docs/api-reference/files/create) for how to upload a file.

            Your input file must be formatted as a [JSONL file](/docs/api-reference/batch/request-input), and must be
            uploaded with the purpose `batch`. The file can contain up to 50,000 requests, and can be up to 200 MB in size.
        endpoint (CreateBatchRequestEndpoint): The endpoint to be used for all requests in the batch. Currently
            `/v1/responses`, `/v1/chat/completions`, `/v1/embeddings`, `/v1/completions`, `/v1/moderations`,
            `/v1/images/generations`, `/v1/images/edits`, and `/v1/videos` are supported. Note that `/v1/embeddings` batches
            are also restricted to a maximum of 50,000 embedding inputs across all requests in the batch.
        completion_window (CreateBatchRequestCompletionWindow): The time frame within which the batch should be
            processed. Currently only `24h` is supported.
        metadata (MetadataType0 | None | Unset):
        output_expires_after (FileExpirationPolicy | Unset): The expiration policy for the output and/or error file that
            are generated for a batch.
    """

    input_file_id: str
    endpoint: CreateBatchRequestEndpoint
    completion_window: CreateBatchRequestCompletionWindow
    metadata: MetadataType0 | None | Unset = UNSET
    output_expires_after: FileExpirationPolicy | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.metadata_type_0 import MetadataType0  # noqa: PLC0415

        input_file_id = self.input_file_id

        endpoint = self.endpoint.value

        completion_window = self.completion_window.value

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, MetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        output_expires_after: dict[str, Any] | Unset = UNSET
        if not isinstance(self.output_expires_after, Unset):
            output_expires_after = self.output_expires_after.to_dict()

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "input_file_id": input_file_id,
                "endpoint": endpoint,
                "completion_window": completion_window,
            }
        )
        if metadata is not UNSET:
            _field_dict["metadata"] = metadata
        if output_expires_after is not UNSET:
            _field_dict["output_expires_after"] = output_expires_after

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_expiration_policy import FileExpirationPolicy  # noqa: PLC0415
        from ..models.metadata_type_0 import MetadataType0  # noqa: PLC0415

        _d = dict(src_dict)
        input_file_id = _d.pop("input_file_id")

        endpoint = CreateBatchRequestEndpoint(_d.pop("endpoint"))

        completion_window = CreateBatchRequestCompletionWindow(_d.pop("completion_window"))

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

        _output_expires_after = _d.pop("output_expires_after", UNSET)
        output_expires_after: FileExpirationPolicy | Unset
        if isinstance(_output_expires_after, Unset):
            output_expires_after = UNSET
        else:
            output_expires_after = FileExpirationPolicy.from_dict(_output_expires_after)

        _obj = cls(
            input_file_id=input_file_id,
            endpoint=endpoint,
            completion_window=completion_window,
            metadata=metadata,
            output_expires_after=output_expires_after,
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
