# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
import datetime
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.predictions_list_response_200 import PredictionsListResponse200
from ...models.predictions_list_source import PredictionsListSource
from ...types import UNSET, Response, Unset, status_code_of  # imagejobs


def _get_kwargs(
    *,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionsListSource | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    json_source: str | Unset = UNSET
    if not isinstance(source, Unset):
        json_source = source.value

    params["source"] = json_source

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/predictions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PredictionsListResponse200 | None:
    if response.status_code == 200:
        response_200 = PredictionsListResponse200.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, headers=response.headers
        )  # imagejobs: keep headers
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PredictionsListResponse200]:
    # imagejobs: a body that is not the documented shape (HTML, empty, truncated JSON) becomes
    # errors.MalformedResponse carrying the status, instead of a bare JSONDecodeError/KeyError.
    try:
        parsed = _parse_response(client=client, response=response)
    except errors.UnexpectedStatus:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise errors.MalformedResponse(
            response.status_code, response.content, headers=response.headers, reason=exc
        ) from exc
    return Response(
        status_code=status_code_of(response.status_code),  # imagejobs: non-IANA codes stay ints
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionsListSource | Unset = UNSET,
) -> Response[PredictionsListResponse200]:
    """ List predictions

     Get a paginated list of all predictions created by the user or organization associated with the
    provided API token.

    This will include predictions created from the API and the website. It will return 100 records per
    page.

    Example cURL request:

    ```console
    curl -s \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions
    ```

    The response will be a paginated JSON array of prediction objects, sorted with the most recent
    prediction first:

    ```json
    {
      "next": null,
      "previous": null,
      "results": [
        {
          "completed_at": "2023-09-08T16:19:34.791859Z",
          "created_at": "2023-09-08T16:19:34.907244Z",
          "data_removed": false,
          "error": null,
          "id": "gm3qorzdhgbfurvjtvhg6dckhu",
          "input": {
            "text": "Alice"
          },
          "metrics": {
            "predict_time": 0.012683
          },
          "output": "hello Alice",
          "started_at": "2023-09-08T16:19:34.779176Z",
          "source": "api",
          "status": "succeeded",
          "urls": {
            "web": "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
            "get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
            "cancel": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel"
          },
          "model": "replicate/hello-world",
          "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
        }
      ]
    }
    ```

    `id` will be the unique ID of the prediction.

    `source` will indicate how the prediction was created. Possible values are `web` or `api`.

    `status` will be the status of the prediction. Refer to [get a single prediction](#predictions.get)
    for possible values.

    `urls` will be a convenience object that can be used to construct new API requests for the given
    prediction. If the requested model version supports streaming, this will have a `stream` entry with
    an HTTPS URL that you can use to construct an [`EventSource`](https://developer.mozilla.org/en-
    US/docs/Web/API/EventSource).

    `model` will be the model identifier string in the format of `{model_owner}/{model_name}`.

    `version` will be the unique ID of model version used to create the prediction.

    `data_removed` will be `true` if the input and output data has been deleted.

    Args:
        created_after (datetime.datetime | Unset):  Example: 2025-01-01T00:00:00Z.
        created_before (datetime.datetime | Unset):  Example: 2025-02-01T00:00:00Z.
        source (PredictionsListSource | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PredictionsListResponse200]
     """

    kwargs = _get_kwargs(
        created_after=created_after,
        created_before=created_before,
        source=source,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionsListSource | Unset = UNSET,
) -> PredictionsListResponse200 | None:
    """ List predictions

     Get a paginated list of all predictions created by the user or organization associated with the
    provided API token.

    This will include predictions created from the API and the website. It will return 100 records per
    page.

    Example cURL request:

    ```console
    curl -s \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions
    ```

    The response will be a paginated JSON array of prediction objects, sorted with the most recent
    prediction first:

    ```json
    {
      "next": null,
      "previous": null,
      "results": [
        {
          "completed_at": "2023-09-08T16:19:34.791859Z",
          "created_at": "2023-09-08T16:19:34.907244Z",
          "data_removed": false,
          "error": null,
          "id": "gm3qorzdhgbfurvjtvhg6dckhu",
          "input": {
            "text": "Alice"
          },
          "metrics": {
            "predict_time": 0.012683
          },
          "output": "hello Alice",
          "started_at": "2023-09-08T16:19:34.779176Z",
          "source": "api",
          "status": "succeeded",
          "urls": {
            "web": "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
            "get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
            "cancel": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel"
          },
          "model": "replicate/hello-world",
          "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
        }
      ]
    }
    ```

    `id` will be the unique ID of the prediction.

    `source` will indicate how the prediction was created. Possible values are `web` or `api`.

    `status` will be the status of the prediction. Refer to [get a single prediction](#predictions.get)
    for possible values.

    `urls` will be a convenience object that can be used to construct new API requests for the given
    prediction. If the requested model version supports streaming, this will have a `stream` entry with
    an HTTPS URL that you can use to construct an [`EventSource`](https://developer.mozilla.org/en-
    US/docs/Web/API/EventSource).

    `model` will be the model identifier string in the format of `{model_owner}/{model_name}`.

    `version` will be the unique ID of model version used to create the prediction.

    `data_removed` will be `true` if the input and output data has been deleted.

    Args:
        created_after (datetime.datetime | Unset):  Example: 2025-01-01T00:00:00Z.
        created_before (datetime.datetime | Unset):  Example: 2025-02-01T00:00:00Z.
        source (PredictionsListSource | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PredictionsListResponse200
     """

    return sync_detailed(
        client=client,
        created_after=created_after,
        created_before=created_before,
        source=source,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionsListSource | Unset = UNSET,
) -> Response[PredictionsListResponse200]:
    """ List predictions

     Get a paginated list of all predictions created by the user or organization associated with the
    provided API token.

    This will include predictions created from the API and the website. It will return 100 records per
    page.

    Example cURL request:

    ```console
    curl -s \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions
    ```

    The response will be a paginated JSON array of prediction objects, sorted with the most recent
    prediction first:

    ```json
    {
      "next": null,
      "previous": null,
      "results": [
        {
          "completed_at": "2023-09-08T16:19:34.791859Z",
          "created_at": "2023-09-08T16:19:34.907244Z",
          "data_removed": false,
          "error": null,
          "id": "gm3qorzdhgbfurvjtvhg6dckhu",
          "input": {
            "text": "Alice"
          },
          "metrics": {
            "predict_time": 0.012683
          },
          "output": "hello Alice",
          "started_at": "2023-09-08T16:19:34.779176Z",
          "source": "api",
          "status": "succeeded",
          "urls": {
            "web": "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
            "get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
            "cancel": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel"
          },
          "model": "replicate/hello-world",
          "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
        }
      ]
    }
    ```

    `id` will be the unique ID of the prediction.

    `source` will indicate how the prediction was created. Possible values are `web` or `api`.

    `status` will be the status of the prediction. Refer to [get a single prediction](#predictions.get)
    for possible values.

    `urls` will be a convenience object that can be used to construct new API requests for the given
    prediction. If the requested model version supports streaming, this will have a `stream` entry with
    an HTTPS URL that you can use to construct an [`EventSource`](https://developer.mozilla.org/en-
    US/docs/Web/API/EventSource).

    `model` will be the model identifier string in the format of `{model_owner}/{model_name}`.

    `version` will be the unique ID of model version used to create the prediction.

    `data_removed` will be `true` if the input and output data has been deleted.

    Args:
        created_after (datetime.datetime | Unset):  Example: 2025-01-01T00:00:00Z.
        created_before (datetime.datetime | Unset):  Example: 2025-02-01T00:00:00Z.
        source (PredictionsListSource | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PredictionsListResponse200]
     """

    kwargs = _get_kwargs(
        created_after=created_after,
        created_before=created_before,
        source=source,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionsListSource | Unset = UNSET,
) -> PredictionsListResponse200 | None:
    """ List predictions

     Get a paginated list of all predictions created by the user or organization associated with the
    provided API token.

    This will include predictions created from the API and the website. It will return 100 records per
    page.

    Example cURL request:

    ```console
    curl -s \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions
    ```

    The response will be a paginated JSON array of prediction objects, sorted with the most recent
    prediction first:

    ```json
    {
      "next": null,
      "previous": null,
      "results": [
        {
          "completed_at": "2023-09-08T16:19:34.791859Z",
          "created_at": "2023-09-08T16:19:34.907244Z",
          "data_removed": false,
          "error": null,
          "id": "gm3qorzdhgbfurvjtvhg6dckhu",
          "input": {
            "text": "Alice"
          },
          "metrics": {
            "predict_time": 0.012683
          },
          "output": "hello Alice",
          "started_at": "2023-09-08T16:19:34.779176Z",
          "source": "api",
          "status": "succeeded",
          "urls": {
            "web": "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
            "get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
            "cancel": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel"
          },
          "model": "replicate/hello-world",
          "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
        }
      ]
    }
    ```

    `id` will be the unique ID of the prediction.

    `source` will indicate how the prediction was created. Possible values are `web` or `api`.

    `status` will be the status of the prediction. Refer to [get a single prediction](#predictions.get)
    for possible values.

    `urls` will be a convenience object that can be used to construct new API requests for the given
    prediction. If the requested model version supports streaming, this will have a `stream` entry with
    an HTTPS URL that you can use to construct an [`EventSource`](https://developer.mozilla.org/en-
    US/docs/Web/API/EventSource).

    `model` will be the model identifier string in the format of `{model_owner}/{model_name}`.

    `version` will be the unique ID of model version used to create the prediction.

    `data_removed` will be `true` if the input and output data has been deleted.

    Args:
        created_after (datetime.datetime | Unset):  Example: 2025-01-01T00:00:00Z.
        created_before (datetime.datetime | Unset):  Example: 2025-02-01T00:00:00Z.
        source (PredictionsListSource | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PredictionsListResponse200
     """

    return (
        await asyncio_detailed(
            client=client,
            created_after=created_after,
            created_before=created_before,
            source=source,
        )
    ).parsed
