# Generated from specs/topaz_video.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.status_response_status import StatusResponseStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.enhanced_download_signed_url_response import EnhancedDownloadSignedUrlResponse
    from ..models.processing_stat_intermediate_item import ProcessingStatIntermediateItem
    from ..models.request_estimates import RequestEstimates


T = TypeVar("T", bound="StatusResponse")


@_attrs_define
class StatusResponse:
    """
    Attributes:
        status (StatusResponseStatus | Unset):  Example: processing.
        progress (float | Unset): Total progress of the request in percentage Example: 82.
        estimates (RequestEstimates | Unset): Lower and upper bound estimates
        output_size (str | Unset):  Example: 10 GB.
        average_fps (float | Unset): Average processing speed of each node Example: 1.23.
        combined_fps (float | Unset): Combined processing speed of all nodes Example: 12.34.
        message (str | Unset):  Example: Processing.
        processing_jobs (list[ProcessingStatIntermediateItem] | Unset): Processing state for each chunk
        download (EnhancedDownloadSignedUrlResponse | Unset): Signed download URL to the enhanced video file.
    """

    status: StatusResponseStatus | Unset = UNSET
    progress: float | Unset = UNSET
    estimates: RequestEstimates | Unset = UNSET
    output_size: str | Unset = UNSET
    average_fps: float | Unset = UNSET
    combined_fps: float | Unset = UNSET
    message: str | Unset = UNSET
    processing_jobs: list[ProcessingStatIntermediateItem] | Unset = UNSET
    download: EnhancedDownloadSignedUrlResponse | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        progress = self.progress

        estimates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.estimates, Unset):
            estimates = self.estimates.to_dict()

        output_size = self.output_size

        average_fps = self.average_fps

        combined_fps = self.combined_fps

        message = self.message

        processing_jobs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.processing_jobs, Unset):
            processing_jobs = []
            for componentsschemas_processing_stat_intermediate_item_data in self.processing_jobs:
                componentsschemas_processing_stat_intermediate_item = (
                    componentsschemas_processing_stat_intermediate_item_data.to_dict()
                )
                processing_jobs.append(componentsschemas_processing_stat_intermediate_item)

        download: dict[str, Any] | Unset = UNSET
        if not isinstance(self.download, Unset):
            download = self.download.to_dict()

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update({})
        if status is not UNSET:
            _field_dict["status"] = status
        if progress is not UNSET:
            _field_dict["progress"] = progress
        if estimates is not UNSET:
            _field_dict["estimates"] = estimates
        if output_size is not UNSET:
            _field_dict["outputSize"] = output_size
        if average_fps is not UNSET:
            _field_dict["averageFps"] = average_fps
        if combined_fps is not UNSET:
            _field_dict["combinedFps"] = combined_fps
        if message is not UNSET:
            _field_dict["message"] = message
        if processing_jobs is not UNSET:
            _field_dict["processingJobs"] = processing_jobs
        if download is not UNSET:
            _field_dict["download"] = download

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.enhanced_download_signed_url_response import EnhancedDownloadSignedUrlResponse  # noqa: PLC0415
        from ..models.processing_stat_intermediate_item import ProcessingStatIntermediateItem  # noqa: PLC0415
        from ..models.request_estimates import RequestEstimates  # noqa: PLC0415

        _d = dict(src_dict)
        _status = _d.pop("status", UNSET)
        status: StatusResponseStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = StatusResponseStatus(_status)

        progress = _d.pop("progress", UNSET)

        _estimates = _d.pop("estimates", UNSET)
        estimates: RequestEstimates | Unset
        if isinstance(_estimates, Unset):
            estimates = UNSET
        else:
            estimates = RequestEstimates.from_dict(_estimates)

        output_size = _d.pop("outputSize", UNSET)

        average_fps = _d.pop("averageFps", UNSET)

        combined_fps = _d.pop("combinedFps", UNSET)

        message = _d.pop("message", UNSET)

        _processing_jobs = _d.pop("processingJobs", UNSET)
        processing_jobs: list[ProcessingStatIntermediateItem] | Unset = UNSET
        if _processing_jobs is not UNSET:
            processing_jobs = []
            for componentsschemas_processing_stat_intermediate_item_data in _processing_jobs:
                componentsschemas_processing_stat_intermediate_item = (
                    ProcessingStatIntermediateItem.from_dict(
                        componentsschemas_processing_stat_intermediate_item_data
                    )
                )

                processing_jobs.append(componentsschemas_processing_stat_intermediate_item)

        _download = _d.pop("download", UNSET)
        download: EnhancedDownloadSignedUrlResponse | Unset
        if isinstance(_download, Unset):
            download = UNSET
        else:
            download = EnhancedDownloadSignedUrlResponse.from_dict(_download)

        _obj = cls(
            status=status,
            progress=progress,
            estimates=estimates,
            output_size=output_size,
            average_fps=average_fps,
            combined_fps=combined_fps,
            message=message,
            processing_jobs=processing_jobs,
            download=download,
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
