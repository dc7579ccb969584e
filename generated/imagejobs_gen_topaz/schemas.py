# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, RootModel
from typing_extensions import TypeAliasType


class AsyncResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    process_id: Annotated[str, Field(examples=["d7b3b3b3-7b3b-4b3b-8b3b-3b3b3b3b3b3b"])]
    """
    Unique identifier of the image processing job.
    """
    source_id: Annotated[str, Field(examples=["d7b3b3b3-7b3b-4b3b-8b3b-3b3b3b3b3b3b"])]
    """
    Unique identifier of the source image.
    """
    eta: Annotated[int, Field(examples=[1617220000])]
    """
    Estimated time of arrival (ETA) for the process to complete in Unix time.
    """


CancelProcessIdDeletePathProcessIdParameter = TypeAliasType(
    "CancelProcessIdDeletePathProcessIdParameter", UUID
)


DownloadProcessIdGetPathProcessIdParameter = TypeAliasType(
    "DownloadProcessIdGetPathProcessIdParameter", UUID
)


class DownloadResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    download_url: Annotated[
        str,
        Field(examples=["https://<...>/d7b3b3b3-7b3b-4b3b-8b3b-3b3b3b3b3b3b?<presigned_headers>"]),
    ]
    """
    The presigned URL for downloading the image. This URL is temporary and will **expire after 1 hour**.
    """
    head_url: Annotated[
        str,
        Field(examples=["https://<...>/d7b3b3b3-7b3b-4b3b-8b3b-3b3b3b3b3b3b?<presigned_headers>"]),
    ]
    """
    The presigned URL for fetching the metadata of the image's file. Useful for retrieving the image's size before download. This URL is temporary and will **expire after 1 hour**.
    """
    expiry: Annotated[int, Field(examples=[1617220000])]
    """
    The expiration time (in Unix epoch) of the presigned download link, set as 1 hour after download link generation. After this time, the link will no longer be valid.
    """


class EnhanceAsyncPostResponse200XETAHeader(RootModel[int]):
    root: Annotated[int, Field(examples=[1617220000])]


class EnhanceAsyncPostResponse200XProcessIDHeader(RootModel[str]):
    root: Annotated[str, Field(examples=["d7b3b3b3-7b3b-4b3b-8b3b-3b3b3b3b3b3b"])]


class EnhanceAsyncPostResponse200XSourceIDHeader(RootModel[str]):
    root: Annotated[str, Field(examples=["d7b3b3b3-7b3b-4b3b-8b3b-3b3b3b3b3b3b"])]


class Error(BaseModel):
    """
    Topaz's error body.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    code: int | None = None
    """
    The HTTP status code.
    """
    message: str
    """
    A human readable error message.
    """


class Model(StrEnum):
    """
    The model to use for processing the image.
    """

    Standard_V2 = "Standard V2"
    Low_Resolution_V2 = "Low Resolution V2"
    CGI = "CGI"
    High_Fidelity_V2 = "High Fidelity V2"
    Text_Refine = "Text Refine"


class OutputFormat(StrEnum):
    """
    The desired format of the output image.
    """

    jpeg = "jpeg"
    jpg = "jpg"
    png = "png"
    tiff = "tiff"
    tif = "tif"


class EnhanceGANRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    __pydantic_extra__: dict[str, str]
    image: Annotated[
        bytes | None, Field(json_schema_extra={"contentMediaType": "application/octet-stream"})
    ] = None
    """
    The image file to be processed. Supported formats:
      - jpeg (or jpg)
      - png
      - tiff (or tif)

    """
    source_id: Annotated[str | None, Field(examples=["d7b3b3b3-7b3b-4b3b-8b3b-3b3b3b3b3b3b"])] = (
        None
    )
    """
    Unique identifier of the source image.
    """
    source_url: Annotated[str | None, Field(examples=["https://example.com/image.jpg"])] = None
    """
    The URL of the source image.
    """
    model: Model | None = Model.Standard_V2
    """
    The model to use for processing the image.
    """
    output_height: Annotated[int | None, Field(examples=[1080], ge=1, le=32000)] = None
    """
    The desired height of the output image in pixels. Your image will automatically be upscaled to this specified value. If only one of `output_height` and `output_width` is set, then the other dimension is scaled proportionally.
    """
    output_width: Annotated[int | None, Field(examples=[1920], ge=1, le=32000)] = None
    """
    The desired width of the output image in pixels. Your image will automatically be upscaled to this specified value. If only one of `output_height` and `output_width` is set, then the other dimension is scaled proportionally.
    """
    crop_to_fill: bool | None = False
    """
    Default behavior is to letterbox the image if a differing aspect ratio is chosen. Enable `crop_to_fill` by setting this to `true` if you instead want to crop the image to fill the dimensions.
    """
    output_format: OutputFormat | None = OutputFormat.jpeg
    """
    The desired format of the output image.
    """
    webhook_url: Annotated[str | None, Field(examples=["https://example.com/webhook"])] = None
    """
    The URL to send the webhook to. When provided, a POST request with a JSON payload will be sent to this URL when the job status changes or completes.

    **Request Body:**
    The webhook will be sent as a POST request with `Content-Type: application/json` containing the following fields:
      - `notification_id` (string, ULID): Unique identifier for this notification. Can be used to order messages in case they are received out of order; see the [ULID specification](https://github.com/ulid/spec)
      - `process_id` (string, UUID): Unique identifier of the image processing job.
      - `status` (string): Current status of the job (i.e., "Pending", "Processing", "Completed", "Cancelled", "Failed").
      - `creation_time` (integer): Unix timestamp in seconds when the job was created.
      - `modification_time` (integer): Unix timestamp in seconds when the job was last modified.
      - `progress` (integer): Progress of the job as a percentage (0-100).
      - `download_url` (string, optional): Presigned GET URL for the processed image. Only present once the job is completed.
      - `head_url` (string, optional): Presigned HEAD URL for the processed image. Only present once the job is completed.
      - `input_download_url` (string): Presigned GET URL for the input image.
      - `input_head_url` (string): Presigned HEAD URL for the input image.

    **Retry Behavior:**
    If the webhook endpoint returns a 5xx server error, the system will retry the webhook with exponential backoff. The backoff starts at 5 seconds and doubles with each retry attempt (5s, 10s, 20s, 40s, etc.), up to a maximum of 15 minutes. Client errors (4xx status codes) are not retried and the notification is discarded.

    """


class Status(StrEnum):
    """
    Status of the job.
    """

    Pending = "Pending"
    Processing = "Processing"
    Completed = "Completed"
    Cancelled = "Cancelled"
    Failed = "Failed"


StatusProcessIdGetPathProcessIdParameter = TypeAliasType(
    "StatusProcessIdGetPathProcessIdParameter", UUID
)


class StatusResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    process_id: Annotated[str, Field(examples=["d7b3b3b3-7b3b-4b3b-8b3b-3b3b3b3b3b3b"])]
    """
    Unique identifier of the image processing job.
    """
    source_id: Annotated[str | None, Field(examples=["d7b3b3b3-7b3b-4b3b-8b3b-3b3b3b3b3b3b"])] = (
        None
    )
    """
    Unique identifier of the source image.
    """
    filename: Annotated[str, Field(examples=["image.png"])]
    """
    Name of the file being processed.
    """
    input_format: Annotated[str, Field(examples=["png"])]
    """
    Format of the input file.
    """
    input_height: Annotated[int, Field(examples=[720])]
    """
    Height of the input image in pixels.
    """
    input_width: Annotated[int, Field(examples=[1280])]
    """
    Width of the input image in pixels.
    """
    output_format: Annotated[str, Field(examples=["jpeg"])]
    """
    Format of the output file.
    """
    output_height: Annotated[int, Field(examples=[1080])]
    """
    Height of the output image in pixels.
    """
    output_width: Annotated[int, Field(examples=[1920])]
    """
    Width of the output image in pixels.
    """
    category: Annotated[str, Field(examples=["Enhance"])]
    """
    Category of model used for processing.
    """
    model_type: Annotated[str, Field(examples=["GAN"])]
    """
    Type of model used for processing.
    """
    model: Annotated[str, Field(examples=["Standard V2"])]
    """
    Model used for processing.
    """
    subject_detection: Annotated[str | None, Field(examples=["All"])] = None
    """
    Level of subject detection.
    """
    face_enhancement: Annotated[bool | None, Field(examples=[True])] = None
    """
    Whether face enhancement is enabled.
    """
    face_enhancement_creativity: Annotated[float | None, Field(examples=[0])] = None
    """
    Level of face enhancement creativity (if enabled).
    """
    face_enhancement_strength: Annotated[float | None, Field(examples=[0.8])] = None
    """
    Level of face enhancement strength (if enabled).
    """
    crop_to_fill: Annotated[bool, Field(examples=[False])]
    """
    Whether cropping to fill is enabled.
    """
    options_json: Annotated[str | None, Field(examples=['{"creativity": 90}'])] = None
    """
    Additional options in JSON format.
    """
    status: Annotated[Status, Field(examples=["Completed"])]
    """
    Status of the job.
    """
    progress: Annotated[int, Field(examples=[100], ge=0, le=100)]
    """
    Progress of the job as a percentage. Useful for displaying a progress bar or loading spinners etc.
    """
    eta: Annotated[int, Field(examples=[1617220000])]
    """
    Estimated time of arrival (ETA) for the process to complete in Unix time.
    """
    creation_time: Annotated[int, Field(examples=[1633024800])]
    """
    Creation time of the job in Unix epoch format.
    """
    modification_time: Annotated[int, Field(examples=[1633038400])]
    """
    Last modification time of the job in Unix epoch format.
    """
    credits: Annotated[int, Field(examples=[2])]
    """
    Credits (to be) consumed on image processing completion.
    """
