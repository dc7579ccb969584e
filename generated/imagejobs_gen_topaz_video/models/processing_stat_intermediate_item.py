# Generated from specs/topaz_video.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.processing_stat_intermediate_item_status import ProcessingStatIntermediateItemStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProcessingStatIntermediateItem")


@_attrs_define
class ProcessingStatIntermediateItem:
    """
    Attributes:
        chunk_id (UUID | Unset):  Example: c1f96dc2-c448-00e6-82ed-14ecb6403c62.
        chunk_index (int | Unset): Index of the chunk starting from 0 Example: 0.
        task_index (int | Unset): Index of a chunk's enhancement task starting from 0 Example: 0.
        status (ProcessingStatIntermediateItemStatus | Unset):  Example: processing.
        gpu_utilization (float | Unset): In percentage Example: 56.
        gpu_memory_utilization (float | Unset): In percentage Example: 65.
        sample_count (int | Unset): The number of latest processing stat records used in the average calculation
            Example: 20.
        current_frame (int | Unset):  Example: 123.
        expected_output_frames (int | Unset): This value and currentFrame is used to calculate the progress % Example:
            320.
        latest_log_ts (int | Unset): Timestamp of the latest stat record in milliseconds since UTC epoch Example:
            1727213410471.
        current_size (int | Unset): In bytes Example: 123456.
        fps (float | Unset): Processing speed of the node Example: 2.34.
        progress (float | Unset): In percentage Example: 90.
    """

    chunk_id: UUID | Unset = UNSET
    chunk_index: int | Unset = UNSET
    task_index: int | Unset = UNSET
    status: ProcessingStatIntermediateItemStatus | Unset = UNSET
    gpu_utilization: float | Unset = UNSET
    gpu_memory_utilization: float | Unset = UNSET
    sample_count: int | Unset = UNSET
    current_frame: int | Unset = UNSET
    expected_output_frames: int | Unset = UNSET
    latest_log_ts: int | Unset = UNSET
    current_size: int | Unset = UNSET
    fps: float | Unset = UNSET
    progress: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chunk_id: str | Unset = UNSET
        if not isinstance(self.chunk_id, Unset):
            chunk_id = str(self.chunk_id)

        chunk_index = self.chunk_index

        task_index = self.task_index

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        gpu_utilization = self.gpu_utilization

        gpu_memory_utilization = self.gpu_memory_utilization

        sample_count = self.sample_count

        current_frame = self.current_frame

        expected_output_frames = self.expected_output_frames

        latest_log_ts = self.latest_log_ts

        current_size = self.current_size

        fps = self.fps

        progress = self.progress

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update({})
        if chunk_id is not UNSET:
            _field_dict["chunkId"] = chunk_id
        if chunk_index is not UNSET:
            _field_dict["chunkIndex"] = chunk_index
        if task_index is not UNSET:
            _field_dict["taskIndex"] = task_index
        if status is not UNSET:
            _field_dict["status"] = status
        if gpu_utilization is not UNSET:
            _field_dict["gpuUtilization"] = gpu_utilization
        if gpu_memory_utilization is not UNSET:
            _field_dict["gpuMemoryUtilization"] = gpu_memory_utilization
        if sample_count is not UNSET:
            _field_dict["sampleCount"] = sample_count
        if current_frame is not UNSET:
            _field_dict["currentFrame"] = current_frame
        if expected_output_frames is not UNSET:
            _field_dict["expectedOutputFrames"] = expected_output_frames
        if latest_log_ts is not UNSET:
            _field_dict["latestLogTs"] = latest_log_ts
        if current_size is not UNSET:
            _field_dict["currentSize"] = current_size
        if fps is not UNSET:
            _field_dict["fps"] = fps
        if progress is not UNSET:
            _field_dict["progress"] = progress

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        _chunk_id = _d.pop("chunkId", UNSET)
        chunk_id: UUID | Unset
        if isinstance(_chunk_id, Unset):
            chunk_id = UNSET
        else:
            chunk_id = UUID(_chunk_id)

        chunk_index = _d.pop("chunkIndex", UNSET)

        task_index = _d.pop("taskIndex", UNSET)

        _status = _d.pop("status", UNSET)
        status: ProcessingStatIntermediateItemStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = ProcessingStatIntermediateItemStatus(_status)

        gpu_utilization = _d.pop("gpuUtilization", UNSET)

        gpu_memory_utilization = _d.pop("gpuMemoryUtilization", UNSET)

        sample_count = _d.pop("sampleCount", UNSET)

        current_frame = _d.pop("currentFrame", UNSET)

        expected_output_frames = _d.pop("expectedOutputFrames", UNSET)

        latest_log_ts = _d.pop("latestLogTs", UNSET)

        current_size = _d.pop("currentSize", UNSET)

        fps = _d.pop("fps", UNSET)

        progress = _d.pop("progress", UNSET)

        _obj = cls(
            chunk_id=chunk_id,
            chunk_index=chunk_index,
            task_index=task_index,
            status=status,
            gpu_utilization=gpu_utilization,
            gpu_memory_utilization=gpu_memory_utilization,
            sample_count=sample_count,
            current_frame=current_frame,
            expected_output_frames=expected_output_frames,
            latest_log_ts=latest_log_ts,
            current_size=current_size,
            fps=fps,
            progress=progress,
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
