# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.enhance_gan_request_model import EnhanceGANRequestModel
from ..models.enhance_gan_request_output_format import EnhanceGANRequestOutputFormat
from ..types import UNSET, File, FileTypes, Unset

T = TypeVar("T", bound="EnhanceGANRequest")


@_attrs_define
class EnhanceGANRequest:
    """
    Attributes:
        image (File | Unset): The image file to be processed. Supported formats:
              - jpeg (or jpg)
              - png
              - tiff (or tif)
        source_id (str | Unset): Unique identifier of the source image.
        source_url (str | Unset): The URL of the source image.
        model (EnhanceGANRequestModel | Unset): The model to use for processing the image. Default:
            EnhanceGANRequestModel.STANDARD_V2.
        output_height (int | Unset): The desired height of the output image in pixels. Your image will automatically be
            upscaled to this specified value. If only one of `output_height` and `output_width` is set, then the other
            dimension is scaled proportionally.
        output_width (int | Unset): The desired width of the output image in pixels. Your image will automatically be
            upscaled to this specified value. If only one of `output_height` and `output_width` is set, then the other
            dimension is scaled proportionally.
        crop_to_fill (bool | Unset): Default behavior is to letterbox the image if a differing aspect ratio is chosen.
            Enable `crop_to_fill` by setting this to `true` if you instead want to crop the image to fill the dimensions.
            Default: False.
        output_format (EnhanceGANRequestOutputFormat | Unset): The desired format of the output image. Default:
            EnhanceGANRequestOutputFormat.JPEG.
        webhook_url (str | Unset): The URL to send the webhook to. When provided, a POST request with a JSON payload
            will be sent to this URL when the job status changes or completes.

            **Request Body:**
            The webhook will be sent as a POST request with `Content-Type: application/json` containing the following
            fields:
              - `notification_id` (string, ULID): Unique identifier for this notification. Can be used to order messages in
            case they are received out of order; see the [ULID specification](https://github.com/ulid/spec)
              - `process_id` (string, UUID): Unique identifier of the image processing job.
              - `status` (string): Current status of the job (i.e., "Pending", "Processing", "Completed", "Cancelled",
            "Failed").
              - `creation_time` (integer): Unix timestamp in seconds when the job was created.
              - `modification_time` (integer): Unix timestamp in seconds when the job was last modified.
              - `progress` (integer): Progress of the job as a percentage (0-100).
              - `download_url` (string, optional): Presigned GET URL for the processed image. Only present once the job is
            completed.
              - `head_url` (string, optional): Presigned HEAD URL for the processed image. Only present once the job is
            completed.
              - `input_download_url` (string): Presigned GET URL for the input image.
              - `input_head_url` (string): Presigned HEAD URL for the input image.

            **Retry Behavior:**
            If the webhook endpoint returns a 5xx server error, the system will retry the webhook with exponential backoff.
            The backoff starts at 5 seconds and doubles with each retry attempt (5s, 10s, 20s, 40s, etc.), up to a maximum
            of 15 minutes. Client errors (4xx status codes) are not retried and the notification is discarded.
    """

    image: File | Unset = UNSET
    source_id: str | Unset = UNSET
    source_url: str | Unset = UNSET
    model: EnhanceGANRequestModel | Unset = EnhanceGANRequestModel.STANDARD_V2
    output_height: int | Unset = UNSET
    output_width: int | Unset = UNSET
    crop_to_fill: bool | Unset = False
    output_format: EnhanceGANRequestOutputFormat | Unset = EnhanceGANRequestOutputFormat.JPEG
    webhook_url: str | Unset = UNSET
    additional_properties: dict[str, str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image: FileTypes | Unset = UNSET
        if not isinstance(self.image, Unset):
            image = self.image.to_tuple()

        source_id = self.source_id

        source_url = self.source_url

        model: str | Unset = UNSET
        if not isinstance(self.model, Unset):
            model = self.model.value

        output_height = self.output_height

        output_width = self.output_width

        crop_to_fill = self.crop_to_fill

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format.value

        webhook_url = self.webhook_url

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update({})
        if image is not UNSET:
            _field_dict["image"] = image
        if source_id is not UNSET:
            _field_dict["source_id"] = source_id
        if source_url is not UNSET:
            _field_dict["source_url"] = source_url
        if model is not UNSET:
            _field_dict["model"] = model
        if output_height is not UNSET:
            _field_dict["output_height"] = output_height
        if output_width is not UNSET:
            _field_dict["output_width"] = output_width
        if crop_to_fill is not UNSET:
            _field_dict["crop_to_fill"] = crop_to_fill
        if output_format is not UNSET:
            _field_dict["output_format"] = output_format
        if webhook_url is not UNSET:
            _field_dict["webhook_url"] = webhook_url

        return _field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        if not isinstance(self.image, Unset):
            files.append(("image", self.image.to_tuple()))

        if not isinstance(self.source_id, Unset):
            files.append(("source_id", (None, str(self.source_id).encode(), "text/plain")))

        if not isinstance(self.source_url, Unset):
            files.append(("source_url", (None, str(self.source_url).encode(), "text/plain")))

        if not isinstance(self.model, Unset):
            files.append(("model", (None, str(self.model.value).encode(), "text/plain")))

        if not isinstance(self.output_height, Unset):
            files.append(("output_height", (None, str(self.output_height).encode(), "text/plain")))

        if not isinstance(self.output_width, Unset):
            files.append(("output_width", (None, str(self.output_width).encode(), "text/plain")))

        if not isinstance(self.crop_to_fill, Unset):
            files.append(("crop_to_fill", (None, str(self.crop_to_fill).encode(), "text/plain")))

        if not isinstance(self.output_format, Unset):
            files.append(
                ("output_format", (None, str(self.output_format.value).encode(), "text/plain"))
            )

        if not isinstance(self.webhook_url, Unset):
            files.append(("webhook_url", (None, str(self.webhook_url).encode(), "text/plain")))

        for _prop_name, _prop in self.additional_properties.items():
            files.append((_prop_name, (None, str(_prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        _image = _d.pop("image", UNSET)
        image: File | Unset
        if isinstance(_image, Unset):
            image = UNSET
        else:
            image = File(payload=BytesIO(_image))

        source_id = _d.pop("source_id", UNSET)

        source_url = _d.pop("source_url", UNSET)

        _model = _d.pop("model", UNSET)
        model: EnhanceGANRequestModel | Unset
        if isinstance(_model, Unset):
            model = UNSET
        else:
            model = EnhanceGANRequestModel(_model)

        output_height = _d.pop("output_height", UNSET)

        output_width = _d.pop("output_width", UNSET)

        crop_to_fill = _d.pop("crop_to_fill", UNSET)

        _output_format = _d.pop("output_format", UNSET)
        output_format: EnhanceGANRequestOutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = EnhanceGANRequestOutputFormat(_output_format)

        webhook_url = _d.pop("webhook_url", UNSET)

        _obj = cls(
            image=image,
            source_id=source_id,
            source_url=source_url,
            model=model,
            output_height=output_height,
            output_width=output_width,
            crop_to_fill=crop_to_fill,
            output_format=output_format,
            webhook_url=webhook_url,
        )

        _obj.additional_properties = _d
        return _obj

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
