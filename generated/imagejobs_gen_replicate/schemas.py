# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AnyUrl, AwareDatetime, BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType


class Metrics(BaseModel):
    """
    Additional metrics associated with the prediction
    """

    model_config = ConfigDict(
        extra="allow",
    )
    total_time: float | None = None
    """
    The total time, in seconds, that the prediction took to complete
    """


ParametersCancelAfterHeaderParameter = TypeAliasType(
    "ParametersCancelAfterHeaderParameter", Annotated[str, Field(examples=["5m"])]
)


ParametersPreferHeaderParameter = TypeAliasType(
    "ParametersPreferHeaderParameter",
    Annotated[str, Field(examples=["wait=5"], pattern="^wait(=([1-9]|[1-9][0-9]|60))?$")],
)


PredictionsGetQueryCreatedAfterParameter = TypeAliasType(
    "PredictionsGetQueryCreatedAfterParameter",
    Annotated[AwareDatetime, Field(examples=["2025-01-01T00:00:00Z"])],
)


PredictionsGetQueryCreatedBeforeParameter = TypeAliasType(
    "PredictionsGetQueryCreatedBeforeParameter",
    Annotated[AwareDatetime, Field(examples=["2025-02-01T00:00:00Z"])],
)


class PredictionsGetQuerySourceParameter(StrEnum):
    web = "web"


PredictionsPredictionIdCancelPostPathPredictionIdParameter = TypeAliasType(
    "PredictionsPredictionIdCancelPostPathPredictionIdParameter", str
)


PredictionsPredictionIdGetPathPredictionIdParameter = TypeAliasType(
    "PredictionsPredictionIdGetPathPredictionIdParameter", str
)


class Source(StrEnum):
    """
    Indicates how the prediction was created
    """

    web = "web"
    api = "api"


class Status(StrEnum):
    """
    The prediction status. `canceled` means the prediction was canceled (either by the user or because it reached its deadline while running). `aborted` means the prediction was terminated before it started running (for example, when a deadline is reached before the prediction starts).

    """

    starting = "starting"
    processing = "processing"
    succeeded = "succeeded"
    failed = "failed"
    canceled = "canceled"
    aborted = "aborted"


class Urls(BaseModel):
    """
    URLs for working with the prediction
    """

    model_config = ConfigDict(
        extra="allow",
    )
    cancel: AnyUrl
    """
    Cancel the prediction via API
    """
    get: AnyUrl
    """
    Retrieve the latest state of the prediction via API
    """
    stream: AnyUrl | None = None
    """
    An event source to stream the output of the prediction via API
    """
    web: AnyUrl
    """
    View the prediction in a browser
    """


class Version(StrEnum):
    """
    The model does not support versions, used by official models.
    """

    hidden = "hidden"


class SchemasPredictionResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    completed_at: AwareDatetime | None = None
    """
    The time that the model completed the prediction and all outputs were uploaded
    """
    created_at: AwareDatetime
    """
    The time that the prediction was created
    """
    data_removed: bool
    """
    Whether the prediction output has been deleted
    """
    deadline: AwareDatetime | None = None
    """
    The absolute time at which the prediction will be automatically canceled if it has not completed
    """
    deployment: str | None = None
    """
    The name of the deployment that created the prediction
    """
    error: str
    """
    An error string if the model status is `"failed"`
    """
    id: str
    input: dict[str, Any]
    """
    The prediction input
    """
    logs: str | None = None
    """
    The log output from the model
    """
    metrics: Metrics | None = None
    """
    Additional metrics associated with the prediction
    """
    model: str
    """
    The name of the model that created the prediction
    """
    output: Any
    """
    The prediction output, which can be any JSON-serializable value, depending on the model
    """
    source: Source | None = None
    """
    Indicates how the prediction was created
    """
    started_at: AwareDatetime | None = None
    """
    The time that the model began the prediction
    """
    status: Status
    """
    The prediction status. `canceled` means the prediction was canceled (either by the user or because it reached its deadline while running). `aborted` means the prediction was terminated before it started running (for example, when a deadline is reached before the prediction starts).

    """
    urls: Urls
    """
    URLs for working with the prediction
    """
    version: str | Version


class PredictionsGetResponse(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    next: AnyUrl | None = None
    previous: AnyUrl | None = None
    results: list[SchemasPredictionResponse] | None = None


class WebhookEventsFilterEnum(StrEnum):
    start = "start"
    output = "output"
    logs = "logs"
    completed = "completed"


class SchemasVersionPredictionRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    input: Annotated[dict[str, Any], Field(examples=[{"text": "Alice"}])]
    """
    The model's input as a JSON object. The input schema depends on what model you are running. To see the available inputs, click the "API" tab on the model you are running or [get the model version](#models.versions.get) and look at its `openapi_schema` property. For example, [stability-ai/sdxl](https://replicate.com/stability-ai/sdxl) takes `prompt` as an input.

    Files should be passed as HTTP URLs or data URLs.

    Use an HTTP URL when:

    - you have a large file > 256kb
    - you want to be able to use the file multiple times
    - you want your prediction metadata to be associable with your input files

    Use a data URL when:

    - you have a small file <= 256kb
    - you don't want to upload and host the file somewhere
    - you don't need to use the file again (Replicate will not store it)

    """
    stream: bool | None = None
    """
    **This field is deprecated.**

    Request a URL to receive streaming output using [server-sent events (SSE)](https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events).

    This field is no longer needed as the returned prediction will always have a `stream` entry in its `urls` property if the model supports streaming.

    """
    version: Annotated[
        str,
        Field(
            examples=[
                "replicate/hello-world:9dcd6d78e7c6560c340d916fe32e9f24aabfa331e5cce95fe31f77fb03121426"
            ]
        ),
    ]
    """
    The identifier for the model or model version that you want to run. This can be specified in a few different formats:

    - `{owner_name}/{model_name}` - Use this format for [official models](https://replicate.com/docs/topics/models/official-models). For example, `black-forest-labs/flux-schnell`. For all other models, the specific version is required.
    - `{owner_name}/{model_name}:{version_id}` - The owner and model name, plus the full 64-character version ID. For example, `replicate/hello-world:9dcd6d78e7c6560c340d916fe32e9f24aabfa331e5cce95fe31f77fb03121426`.
    - `{version_id}` - Just the 64-character version ID. For example, `9dcd6d78e7c6560c340d916fe32e9f24aabfa331e5cce95fe31f77fb03121426`

    """
    webhook: Annotated[str | None, Field(examples=["https://example.com/my-webhook-handler"])] = (
        None
    )
    """
    An HTTPS URL for receiving a webhook when the prediction has new output. The webhook will be a POST request where the request body is the same as the response body of the [get prediction](#predictions.get) operation. If there are network problems, we will retry the webhook a few times, so make sure it can be safely called more than once. Replicate will not follow redirects when sending webhook requests to your service, so be sure to specify a URL that will resolve without redirecting.

    """
    webhook_events_filter: Annotated[
        list[WebhookEventsFilterEnum] | None, Field(examples=[["start", "completed"]])
    ] = None
    """
    By default, we will send requests to your webhook URL whenever there are new outputs or the prediction has finished. You can change which events trigger webhook requests by specifying `webhook_events_filter` in the prediction request:

    - `start`: immediately on prediction start
    - `output`: each time a prediction generates an output (note that predictions can generate multiple outputs)
    - `logs`: each time log output is generated by a prediction
    - `completed`: when the prediction reaches a terminal state (succeeded/canceled/failed)

    For example, if you only wanted requests to be sent at the start and end of the prediction, you would provide:

    ```json
    {
      "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
      "input": {
        "text": "Alice"
      },
      "webhook": "https://example.com/my-webhook",
      "webhook_events_filter": ["start", "completed"]
    }
    ```

    Requests for event types `output` and `logs` will be sent at most once every 500ms. If you request `start` and `completed` webhooks, then they'll always be sent regardless of throttling.

    """
