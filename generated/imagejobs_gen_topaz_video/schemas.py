# Generated from specs/topaz_video.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType


class BadRequestResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    message: Annotated[str | None, Field(examples=["Invalid input"])] = None


class EnhancedDownloadSignedUrlResponse(BaseModel):
    """
    Signed download URL to the enhanced video file.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    url: Annotated[
        str | None,
        Field(
            examples=[
                "https://videocloud.r2.cloudflarestorage.com/0193893a-a2ba-799e-b258-928f02c0f419/enhanced.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256...x-id=GetObject"
            ]
        ),
    ] = None
    expiresIn: Annotated[int | None, Field(examples=[86400000])] = None
    """
    TTL in milliseconds
    """
    expiresAt: Annotated[int | None, Field(examples=[1727213400000])] = None
    """
    Time in milliseconds since UTC epoch
    """


class ForbiddenResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    message: Annotated[str | None, Field(examples=["Forbidden"])] = None


class InternalServerErrorResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    message: Annotated[str | None, Field(examples=["Internal server error"])] = None


class NotFoundResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    message: Annotated[str | None, Field(examples=["Not Found"])] = None


class RequestEstimates(BaseModel):
    """
    Lower and upper bound estimates
    """

    model_config = ConfigDict(
        extra="allow",
    )
    cost: Annotated[list[int] | None, Field(examples=[[10, 12]])] = None
    """
    In credits
    """
    time: Annotated[list[int] | None, Field(examples=[[600, 700]])] = None
    """
    In seconds, assuming an empty queue, starting from the time the source video has been received
    """


class Status(StrEnum):
    queued = "queued"
    processing = "processing"
    complete = "complete"
    canceled = "canceled"
    failed = "failed"


class ProcessingStatIntermediateItem(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    chunkId: Annotated[UUID | None, Field(examples=["c1f96dc2-c448-00e6-82ed-14ecb6403c62"])] = None
    chunkIndex: Annotated[int | None, Field(examples=[0])] = None
    """
    Index of the chunk starting from 0
    """
    taskIndex: Annotated[int | None, Field(examples=[0])] = None
    """
    Index of a chunk's enhancement task starting from 0
    """
    status: Annotated[Status | None, Field(examples=["processing"])] = None
    gpuUtilization: Annotated[float | None, Field(examples=[56])] = None
    """
    In percentage
    """
    gpuMemoryUtilization: Annotated[float | None, Field(examples=[65])] = None
    """
    In percentage
    """
    sampleCount: Annotated[int | None, Field(examples=[20])] = None
    """
    The number of latest processing stat records used in the average calculation
    """
    currentFrame: Annotated[int | None, Field(examples=[123])] = None
    expectedOutputFrames: Annotated[int | None, Field(examples=[320])] = None
    """
    This value and currentFrame is used to calculate the progress %
    """
    latestLogTs: Annotated[int | None, Field(examples=[1727213410471])] = None
    """
    Timestamp of the latest stat record in milliseconds since UTC epoch
    """
    currentSize: Annotated[int | None, Field(examples=[123456])] = None
    """
    In bytes
    """
    fps: Annotated[float | None, Field(examples=[2.34])] = None
    """
    Processing speed of the node
    """
    progress: Annotated[float | None, Field(examples=[90])] = None
    """
    In percentage
    """


class Status1(StrEnum):
    requested = "requested"
    accepted = "accepted"
    initializing = "initializing"
    preprocessing = "preprocessing"
    processing = "processing"
    postprocessing = "postprocessing"
    complete = "complete"
    canceling = "canceling"
    canceled = "canceled"
    failed = "failed"


class StatusResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    status: Annotated[Status1 | None, Field(examples=["processing"])] = None
    progress: Annotated[float | None, Field(examples=[82])] = None
    """
    Total progress of the request in percentage
    """
    estimates: RequestEstimates | None = None
    outputSize: Annotated[str | None, Field(examples=["10 GB"])] = None
    averageFps: Annotated[float | None, Field(examples=[1.23])] = None
    """
    Average processing speed of each node
    """
    combinedFps: Annotated[float | None, Field(examples=[12.34])] = None
    """
    Combined processing speed of all nodes
    """
    message: Annotated[str | None, Field(examples=["Processing"])] = None
    processingJobs: Annotated[
        list[ProcessingStatIntermediateItem] | None,
        Field(
            examples=[
                [
                    {
                        "chunkId": "0193b36c-b37f-7997-ab75-c85f61b451e8",
                        "chunkIndex": 0,
                        "taskIndex": 0,
                        "status": "processing",
                        "gpuUtilization": 56,
                        "gpuMemoryUtilization": 65,
                        "sampleCount": 20,
                        "currentFrame": 123,
                        "expectedOutputFrames": 320,
                        "latestLogTs": 1727213410471,
                        "currentSize": 123456,
                        "fps": 2.34,
                        "progress": 90,
                    },
                    {
                        "chunkId": "0193b36c-b37f-7997-ab75-c85f61b451e9",
                        "chunkIndex": 1,
                        "taskIndex": 0,
                        "status": "processing",
                        "gpuUtilization": 65,
                        "gpuMemoryUtilization": 56,
                        "sampleCount": 20,
                        "currentFrame": 123,
                        "expectedOutputFrames": 319,
                        "latestLogTs": 1727213410471,
                        "currentSize": 123456,
                        "fps": 2.34,
                        "progress": 89,
                    },
                ]
            ]
        ),
    ] = None
    """
    Processing state for each chunk
    """
    download: EnhancedDownloadSignedUrlResponse | None = None


class UnauthorizedResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    message: Annotated[str | None, Field(examples=["Unauthorized"])] = None


VideoRequestIdDeletePathRequestIdParameter = TypeAliasType(
    "VideoRequestIdDeletePathRequestIdParameter",
    Annotated[UUID, Field(examples=["c1f96dc2-c448-00e6-82ed-14ecb6403c62"])],
)


class VideoRequestIdDeleteResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    message: Annotated[
        str | None,
        Field(examples=["Cancellation in progress. Partial credits have been refunded."]),
    ] = None


VideoRequestIdStatusGetPathRequestIdParameter = TypeAliasType(
    "VideoRequestIdStatusGetPathRequestIdParameter",
    Annotated[UUID, Field(examples=["c1f96dc2-c448-00e6-82ed-14ecb6403c62"])],
)
