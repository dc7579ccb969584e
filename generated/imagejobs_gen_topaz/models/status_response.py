# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.status_response_status import StatusResponseStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="StatusResponse")


@_attrs_define
class StatusResponse:
    """
    Attributes:
        process_id (str): Unique identifier of the image processing job.
        filename (str): Name of the file being processed.
        input_format (str): Format of the input file.
        input_height (int): Height of the input image in pixels.
        input_width (int): Width of the input image in pixels.
        output_format (str): Format of the output file.
        output_height (int): Height of the output image in pixels.
        output_width (int): Width of the output image in pixels.
        category (str): Category of model used for processing.
        model_type (str): Type of model used for processing.
        model (str): Model used for processing.
        crop_to_fill (bool): Whether cropping to fill is enabled.
        status (StatusResponseStatus): Status of the job.
        progress (int): Progress of the job as a percentage. Useful for displaying a progress bar or loading spinners
            etc.
        eta (int): Estimated time of arrival (ETA) for the process to complete in Unix time.
        creation_time (int): Creation time of the job in Unix epoch format.
        modification_time (int): Last modification time of the job in Unix epoch format.
        credits_ (int): Credits (to be) consumed on image processing completion.
        source_id (str | Unset): Unique identifier of the source image.
        subject_detection (str | Unset): Level of subject detection.
        face_enhancement (bool | Unset): Whether face enhancement is enabled.
        face_enhancement_creativity (float | Unset): Level of face enhancement creativity (if enabled).
        face_enhancement_strength (float | Unset): Level of face enhancement strength (if enabled).
        options_json (str | Unset): Additional options in JSON format.
    """

    process_id: str
    filename: str
    input_format: str
    input_height: int
    input_width: int
    output_format: str
    output_height: int
    output_width: int
    category: str
    model_type: str
    model: str
    crop_to_fill: bool
    status: StatusResponseStatus
    progress: int
    eta: int
    creation_time: int
    modification_time: int
    credits_: int
    source_id: str | Unset = UNSET
    subject_detection: str | Unset = UNSET
    face_enhancement: bool | Unset = UNSET
    face_enhancement_creativity: float | Unset = UNSET
    face_enhancement_strength: float | Unset = UNSET
    options_json: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        process_id = self.process_id

        filename = self.filename

        input_format = self.input_format

        input_height = self.input_height

        input_width = self.input_width

        output_format = self.output_format

        output_height = self.output_height

        output_width = self.output_width

        category = self.category

        model_type = self.model_type

        model = self.model

        crop_to_fill = self.crop_to_fill

        status = self.status.value

        progress = self.progress

        eta = self.eta

        creation_time = self.creation_time

        modification_time = self.modification_time

        credits_ = self.credits_

        source_id = self.source_id

        subject_detection = self.subject_detection

        face_enhancement = self.face_enhancement

        face_enhancement_creativity = self.face_enhancement_creativity

        face_enhancement_strength = self.face_enhancement_strength

        options_json = self.options_json

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "process_id": process_id,
                "filename": filename,
                "input_format": input_format,
                "input_height": input_height,
                "input_width": input_width,
                "output_format": output_format,
                "output_height": output_height,
                "output_width": output_width,
                "category": category,
                "model_type": model_type,
                "model": model,
                "crop_to_fill": crop_to_fill,
                "status": status,
                "progress": progress,
                "eta": eta,
                "creation_time": creation_time,
                "modification_time": modification_time,
                "credits": credits_,
            }
        )
        if source_id is not UNSET:
            _field_dict["source_id"] = source_id
        if subject_detection is not UNSET:
            _field_dict["subject_detection"] = subject_detection
        if face_enhancement is not UNSET:
            _field_dict["face_enhancement"] = face_enhancement
        if face_enhancement_creativity is not UNSET:
            _field_dict["face_enhancement_creativity"] = face_enhancement_creativity
        if face_enhancement_strength is not UNSET:
            _field_dict["face_enhancement_strength"] = face_enhancement_strength
        if options_json is not UNSET:
            _field_dict["options_json"] = options_json

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        process_id = _d.pop("process_id")

        filename = _d.pop("filename")

        input_format = _d.pop("input_format")

        input_height = _d.pop("input_height")

        input_width = _d.pop("input_width")

        output_format = _d.pop("output_format")

        output_height = _d.pop("output_height")

        output_width = _d.pop("output_width")

        category = _d.pop("category")

        model_type = _d.pop("model_type")

        model = _d.pop("model")

        crop_to_fill = _d.pop("crop_to_fill")

        status = StatusResponseStatus(_d.pop("status"))

        progress = _d.pop("progress")

        eta = _d.pop("eta")

        creation_time = _d.pop("creation_time")

        modification_time = _d.pop("modification_time")

        credits_ = _d.pop("credits")

        source_id = _d.pop("source_id", UNSET)

        subject_detection = _d.pop("subject_detection", UNSET)

        face_enhancement = _d.pop("face_enhancement", UNSET)

        face_enhancement_creativity = _d.pop("face_enhancement_creativity", UNSET)

        face_enhancement_strength = _d.pop("face_enhancement_strength", UNSET)

        options_json = _d.pop("options_json", UNSET)

        _obj = cls(
            process_id=process_id,
            filename=filename,
            input_format=input_format,
            input_height=input_height,
            input_width=input_width,
            output_format=output_format,
            output_height=output_height,
            output_width=output_width,
            category=category,
            model_type=model_type,
            model=model,
            crop_to_fill=crop_to_fill,
            status=status,
            progress=progress,
            eta=eta,
            creation_time=creation_time,
            modification_time=modification_time,
            credits_=credits_,
            source_id=source_id,
            subject_detection=subject_detection,
            face_enhancement=face_enhancement,
            face_enhancement_creativity=face_enhancement_creativity,
            face_enhancement_strength=face_enhancement_strength,
            options_json=options_json,
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
