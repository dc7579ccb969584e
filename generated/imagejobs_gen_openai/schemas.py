# Generated from specs/openai.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType


class Anchor(StrEnum):
    """
    Anchor timestamp after which the expiration policy applies. Supported anchors: `created_at`. Note that the anchor is the file creation time, not the time the batch is created.
    """

    created_at = "created_at"


class BatchError(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    code: str | None = None
    """
    An error code identifying the error type.
    """
    message: str | None = None
    """
    A human-readable message providing more details about the error.
    """
    param: str | None = None
    line: int | None = None


class BatchFileExpirationAfter(BaseModel):
    """
    The expiration policy for the output and/or error file that are generated for a batch.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    anchor: Anchor
    """
    Anchor timestamp after which the expiration policy applies. Supported anchors: `created_at`. Note that the anchor is the file creation time, not the time the batch is created.
    """
    seconds: Annotated[int, Field(ge=3600, le=2592000)]
    """
    The number of seconds after the anchor time that the file will expire. Must be between 3600 (1 hour) and 2592000 (30 days).
    """


class BatchRequestCounts(BaseModel):
    """
    The request counts for different statuses within the batch.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    total: int
    """
    Total number of requests in the batch.
    """
    completed: int
    """
    Number of requests that have been completed successfully.
    """
    failed: int
    """
    Number of requests that have failed.
    """


BatchesBatchIdCancelPostPathBatchIdParameter = TypeAliasType(
    "BatchesBatchIdCancelPostPathBatchIdParameter", str
)


BatchesBatchIdGetPathBatchIdParameter = TypeAliasType("BatchesBatchIdGetPathBatchIdParameter", str)


BatchesGetQueryAfterParameter = TypeAliasType("BatchesGetQueryAfterParameter", str)


BatchesGetQueryLimitParameter = TypeAliasType("BatchesGetQueryLimitParameter", int)


class CompletionWindow(StrEnum):
    """
    The time frame within which the batch should be processed. Currently only `24h` is supported.
    """

    field_24h = "24h"


class Endpoint(StrEnum):
    """
    The endpoint to be used for all requests in the batch. Currently `/v1/responses`, `/v1/chat/completions`, `/v1/embeddings`, `/v1/completions`, `/v1/moderations`, `/v1/images/generations`, `/v1/images/edits`, and `/v1/videos` are supported. Note that `/v1/embeddings` batches are also restricted to a maximum of 50,000 embedding inputs across all requests in the batch.
    """

    field_v1_responses = "/v1/responses"
    field_v1_chat_completions = "/v1/chat/completions"
    field_v1_embeddings = "/v1/embeddings"
    field_v1_completions = "/v1/completions"
    field_v1_moderations = "/v1/moderations"
    field_v1_images_generations = "/v1/images/generations"
    field_v1_images_edits = "/v1/images/edits"
    field_v1_videos = "/v1/videos"


class CreateBatchRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    input_file_id: str
    """
    The ID of an uploaded file that contains requests for the new batch.

    See [upload file](/docs/api-reference/files/create) for how to upload a file.

    Your input file must be formatted as a [JSONL file](/docs/api-reference/batch/request-input), and must be uploaded with the purpose `batch`. The file can contain up to 50,000 requests, and can be up to 200 MB in size.

    """
    endpoint: Endpoint
    """
    The endpoint to be used for all requests in the batch. Currently `/v1/responses`, `/v1/chat/completions`, `/v1/embeddings`, `/v1/completions`, `/v1/moderations`, `/v1/images/generations`, `/v1/images/edits`, and `/v1/videos` are supported. Note that `/v1/embeddings` batches are also restricted to a maximum of 50,000 embedding inputs across all requests in the batch.
    """
    completion_window: CompletionWindow
    """
    The time frame within which the batch should be processed. Currently only `24h` is supported.
    """
    metadata: dict[str, str] | None = None
    output_expires_after: BatchFileExpirationAfter | None = None


class Errors(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    object: str | None = None
    """
    The object type, which is always `list`.
    """
    data: list[BatchError] | None = None


class InputTokensDetails(BaseModel):
    """
    A detailed breakdown of the input tokens.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    cached_tokens: int
    """
    The number of tokens that were retrieved from the cache. [More on
    prompt caching](/docs/guides/prompt-caching).

    """


class Object(StrEnum):
    """
    The object type, which is always `batch`.
    """

    batch = "batch"


class Object1(StrEnum):
    list = "list"


class OutputTokensDetails(BaseModel):
    """
    A detailed breakdown of the output tokens.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    reasoning_tokens: int
    """
    The number of reasoning tokens.
    """


class Status(StrEnum):
    """
    The current status of the batch.
    """

    validating = "validating"
    failed = "failed"
    in_progress = "in_progress"
    finalizing = "finalizing"
    completed = "completed"
    expired = "expired"
    cancelling = "cancelling"
    cancelled = "cancelled"


class Usage(BaseModel):
    """
    Represents token usage details including input tokens, output tokens, a
    breakdown of output tokens, and the total tokens used. Only populated on
    batches created after September 7, 2025.

    """

    model_config = ConfigDict(
        extra="allow",
    )
    input_tokens: int
    """
    The number of input tokens.
    """
    input_tokens_details: InputTokensDetails
    """
    A detailed breakdown of the input tokens.
    """
    output_tokens: int
    """
    The number of output tokens.
    """
    output_tokens_details: OutputTokensDetails
    """
    A detailed breakdown of the output tokens.
    """
    total_tokens: int
    """
    The total number of tokens used.
    """


class Batch(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    object: Object
    """
    The object type, which is always `batch`.
    """
    endpoint: str
    """
    The OpenAI API endpoint used by the batch.
    """
    model: str | None = None
    """
    Model ID used to process the batch, like `gpt-5-2025-08-07`. OpenAI
    offers a wide range of models with different capabilities, performance
    characteristics, and price points. Refer to the [model
    guide](/docs/models) to browse and compare available models.

    """
    errors: Errors | None = None
    input_file_id: str
    """
    The ID of the input file for the batch.
    """
    completion_window: str
    """
    The time frame within which the batch should be processed.
    """
    status: Status
    """
    The current status of the batch.
    """
    output_file_id: str | None = None
    """
    The ID of the file containing the outputs of successfully executed requests.
    """
    error_file_id: str | None = None
    """
    The ID of the file containing the outputs of requests with errors.
    """
    created_at: int
    """
    The Unix timestamp (in seconds) for when the batch was created.
    """
    in_progress_at: int | None = None
    """
    The Unix timestamp (in seconds) for when the batch started processing.
    """
    expires_at: int | None = None
    """
    The Unix timestamp (in seconds) for when the batch will expire.
    """
    finalizing_at: int | None = None
    """
    The Unix timestamp (in seconds) for when the batch started finalizing.
    """
    completed_at: int | None = None
    """
    The Unix timestamp (in seconds) for when the batch was completed.
    """
    failed_at: int | None = None
    """
    The Unix timestamp (in seconds) for when the batch failed.
    """
    expired_at: int | None = None
    """
    The Unix timestamp (in seconds) for when the batch expired.
    """
    cancelling_at: int | None = None
    """
    The Unix timestamp (in seconds) for when the batch started cancelling.
    """
    cancelled_at: int | None = None
    """
    The Unix timestamp (in seconds) for when the batch was cancelled.
    """
    request_counts: BatchRequestCounts | None = None
    usage: Usage | None = None
    """
    Represents token usage details including input tokens, output tokens, a
    breakdown of output tokens, and the total tokens used. Only populated on
    batches created after September 7, 2025.

    """
    metadata: dict[str, str] | None = None


class ListBatchesResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    data: list[Batch]
    first_id: Annotated[str | None, Field(examples=["batch_abc123"])] = None
    last_id: Annotated[str | None, Field(examples=["batch_abc456"])] = None
    has_more: bool
    object: Object1
