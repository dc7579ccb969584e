# Generated from specs/topaz.json + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

CancelProcessIdDeletePathProcessIdParameter = TypeAliasType(
    "CancelProcessIdDeletePathProcessIdParameter", UUID
)


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


ProcessIdParameter = TypeAliasType("ProcessIdParameter", UUID)


class ProcessStatus(StrEnum):
    """
    An image processing job's state.
    """

    Pending = "Pending"
    Processing = "Processing"
    Completed = "Completed"
    Cancelled = "Cancelled"
    Failed = "Failed"


class StatusResponse(BaseModel):
    """
    The status of an image processing job.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    process_id: UUID
    """
    The UUID of the image processing job.
    """
    source_id: str | None = None
    """
    The id of the source image.
    """
    filename: str
    input_format: str
    input_height: int
    input_width: int
    output_format: str
    output_height: int
    output_width: int
    category: str
    """
    The kind of processing, e.g. "Enhance".
    """
    model_type: str
    """
    The model family, e.g. "GAN".
    """
    model: str
    crop_to_fill: bool
    subject_detection: str | None = None
    face_enhancement: bool | None = None
    face_enhancement_creativity: float | None = None
    face_enhancement_strength: float | None = None
    options_json: str | None = None
    """
    Model-specific settings, as a JSON string.
    """
    status: ProcessStatus
    progress: Annotated[int, Field(ge=0, le=100)]
    eta: int
    """
    Estimated completion time (Unix seconds).
    """
    creation_time: int
    """
    Unix seconds.
    """
    modification_time: int
    """
    Unix seconds.
    """
    credits: int
    """
    Credits to be consumed on image processing completion.
    """
