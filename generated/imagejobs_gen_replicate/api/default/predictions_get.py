# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.schemas_prediction_response import SchemasPredictionResponse
from ...types import Response, status_code_of  # imagejobs


def _get_kwargs(
    prediction_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/predictions/{prediction_id}".format(
            prediction_id=quote(str(prediction_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> SchemasPredictionResponse | None:
    if response.status_code == 200:
        response_200 = SchemasPredictionResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, headers=response.headers
        )  # imagejobs: keep headers
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[SchemasPredictionResponse]:
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
    prediction_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[SchemasPredictionResponse]:
    """ Get a prediction

     Get the current state of a prediction.

    Example cURL request:

    ```console
    curl -s \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu
    ```

    The response will be the prediction object:

    ```json
    {
      "id": "gm3qorzdhgbfurvjtvhg6dckhu",
      "model": "replicate/hello-world",
      "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
      "input": {
        "text": "Alice"
      },
      "logs": "",
      "output": "hello Alice",
      "error": null,
      "status": "succeeded",
      "created_at": "2023-09-08T16:19:34.765994Z",
      "source": "api",
      "data_removed": false,
      "started_at": "2023-09-08T16:19:34.779176Z",
      "completed_at": "2023-09-08T16:19:34.791859Z",
      "metrics": {
        "predict_time": 0.012683
      },
      "urls": {
        "web": "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
        "get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
        "cancel": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel"
      }
    }
    ```

    `source` will indicate how the prediction was created. Possible values are `web` or `api`.

    `status` will be one of:

    - `starting`: the prediction is starting up. If this status lasts longer than a few seconds, then
    it's typically because a new worker is being started to run the prediction.
    - `processing`: the `predict()` method of the model is currently running.
    - `succeeded`: the prediction completed successfully.
    - `failed`: the prediction encountered an error during processing.
    - `canceled`: the prediction was canceled by its creator.

    In the case of success, `output` will be an object containing the output of the model. Any files
    will be represented as HTTPS URLs. You'll need to pass the `Authorization` header to request them.

    In the case of failure, `error` will contain the error encountered during the prediction.

    Terminated predictions (with a status of `succeeded`, `failed`, or `canceled`) will include a
    `metrics` object with a `predict_time` property showing the amount of CPU or GPU time, in seconds,
    that the prediction used while running. It won't include time waiting for the prediction to start.
    The `metrics` object will also include a `total_time` property showing the total time, in seconds,
    that the prediction took to complete.

    All input parameters, output values, and logs are automatically removed after an hour, by default,
    for predictions created through the API.

    You must save a copy of any data or files in the output if you'd like to continue using them. The
    `output` key will still be present, but it's value will be `null` after the output has been removed.

    Output files are served by `replicate.delivery` and its subdomains. If you use an allow list of
    external domains for your assets, add `replicate.delivery` and `*.replicate.delivery` to it.

    Args:
        prediction_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[SchemasPredictionResponse]
     """

    kwargs = _get_kwargs(
        prediction_id=prediction_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    prediction_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> SchemasPredictionResponse | None:
    """ Get a prediction

     Get the current state of a prediction.

    Example cURL request:

    ```console
    curl -s \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu
    ```

    The response will be the prediction object:

    ```json
    {
      "id": "gm3qorzdhgbfurvjtvhg6dckhu",
      "model": "replicate/hello-world",
      "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
      "input": {
        "text": "Alice"
      },
      "logs": "",
      "output": "hello Alice",
      "error": null,
      "status": "succeeded",
      "created_at": "2023-09-08T16:19:34.765994Z",
      "source": "api",
      "data_removed": false,
      "started_at": "2023-09-08T16:19:34.779176Z",
      "completed_at": "2023-09-08T16:19:34.791859Z",
      "metrics": {
        "predict_time": 0.012683
      },
      "urls": {
        "web": "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
        "get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
        "cancel": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel"
      }
    }
    ```

    `source` will indicate how the prediction was created. Possible values are `web` or `api`.

    `status` will be one of:

    - `starting`: the prediction is starting up. If this status lasts longer than a few seconds, then
    it's typically because a new worker is being started to run the prediction.
    - `processing`: the `predict()` method of the model is currently running.
    - `succeeded`: the prediction completed successfully.
    - `failed`: the prediction encountered an error during processing.
    - `canceled`: the prediction was canceled by its creator.

    In the case of success, `output` will be an object containing the output of the model. Any files
    will be represented as HTTPS URLs. You'll need to pass the `Authorization` header to request them.

    In the case of failure, `error` will contain the error encountered during the prediction.

    Terminated predictions (with a status of `succeeded`, `failed`, or `canceled`) will include a
    `metrics` object with a `predict_time` property showing the amount of CPU or GPU time, in seconds,
    that the prediction used while running. It won't include time waiting for the prediction to start.
    The `metrics` object will also include a `total_time` property showing the total time, in seconds,
    that the prediction took to complete.

    All input parameters, output values, and logs are automatically removed after an hour, by default,
    for predictions created through the API.

    You must save a copy of any data or files in the output if you'd like to continue using them. The
    `output` key will still be present, but it's value will be `null` after the output has been removed.

    Output files are served by `replicate.delivery` and its subdomains. If you use an allow list of
    external domains for your assets, add `replicate.delivery` and `*.replicate.delivery` to it.

    Args:
        prediction_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        SchemasPredictionResponse
     """

    return sync_detailed(
        prediction_id=prediction_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    prediction_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[SchemasPredictionResponse]:
    """ Get a prediction

     Get the current state of a prediction.

    Example cURL request:

    ```console
    curl -s \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu
    ```

    The response will be the prediction object:

    ```json
    {
      "id": "gm3qorzdhgbfurvjtvhg6dckhu",
      "model": "replicate/hello-world",
      "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
      "input": {
        "text": "Alice"
      },
      "logs": "",
      "output": "hello Alice",
      "error": null,
      "status": "succeeded",
      "created_at": "2023-09-08T16:19:34.765994Z",
      "source": "api",
      "data_removed": false,
      "started_at": "2023-09-08T16:19:34.779176Z",
      "completed_at": "2023-09-08T16:19:34.791859Z",
      "metrics": {
        "predict_time": 0.012683
      },
      "urls": {
        "web": "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
        "get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
        "cancel": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel"
      }
    }
    ```

    `source` will indicate how the prediction was created. Possible values are `web` or `api`.

    `status` will be one of:

    - `starting`: the prediction is starting up. If this status lasts longer than a few seconds, then
    it's typically because a new worker is being started to run the prediction.
    - `processing`: the `predict()` method of the model is currently running.
    - `succeeded`: the prediction completed successfully.
    - `failed`: the prediction encountered an error during processing.
    - `canceled`: the prediction was canceled by its creator.

    In the case of success, `output` will be an object containing the output of the model. Any files
    will be represented as HTTPS URLs. You'll need to pass the `Authorization` header to request them.

    In the case of failure, `error` will contain the error encountered during the prediction.

    Terminated predictions (with a status of `succeeded`, `failed`, or `canceled`) will include a
    `metrics` object with a `predict_time` property showing the amount of CPU or GPU time, in seconds,
    that the prediction used while running. It won't include time waiting for the prediction to start.
    The `metrics` object will also include a `total_time` property showing the total time, in seconds,
    that the prediction took to complete.

    All input parameters, output values, and logs are automatically removed after an hour, by default,
    for predictions created through the API.

    You must save a copy of any data or files in the output if you'd like to continue using them. The
    `output` key will still be present, but it's value will be `null` after the output has been removed.

    Output files are served by `replicate.delivery` and its subdomains. If you use an allow list of
    external domains for your assets, add `replicate.delivery` and `*.replicate.delivery` to it.

    Args:
        prediction_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[SchemasPredictionResponse]
     """

    kwargs = _get_kwargs(
        prediction_id=prediction_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    prediction_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> SchemasPredictionResponse | None:
    """ Get a prediction

     Get the current state of a prediction.

    Example cURL request:

    ```console
    curl -s \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu
    ```

    The response will be the prediction object:

    ```json
    {
      "id": "gm3qorzdhgbfurvjtvhg6dckhu",
      "model": "replicate/hello-world",
      "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
      "input": {
        "text": "Alice"
      },
      "logs": "",
      "output": "hello Alice",
      "error": null,
      "status": "succeeded",
      "created_at": "2023-09-08T16:19:34.765994Z",
      "source": "api",
      "data_removed": false,
      "started_at": "2023-09-08T16:19:34.779176Z",
      "completed_at": "2023-09-08T16:19:34.791859Z",
      "metrics": {
        "predict_time": 0.012683
      },
      "urls": {
        "web": "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
        "get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
        "cancel": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel"
      }
    }
    ```

    `source` will indicate how the prediction was created. Possible values are `web` or `api`.

    `status` will be one of:

    - `starting`: the prediction is starting up. If this status lasts longer than a few seconds, then
    it's typically because a new worker is being started to run the prediction.
    - `processing`: the `predict()` method of the model is currently running.
    - `succeeded`: the prediction completed successfully.
    - `failed`: the prediction encountered an error during processing.
    - `canceled`: the prediction was canceled by its creator.

    In the case of success, `output` will be an object containing the output of the model. Any files
    will be represented as HTTPS URLs. You'll need to pass the `Authorization` header to request them.

    In the case of failure, `error` will contain the error encountered during the prediction.

    Terminated predictions (with a status of `succeeded`, `failed`, or `canceled`) will include a
    `metrics` object with a `predict_time` property showing the amount of CPU or GPU time, in seconds,
    that the prediction used while running. It won't include time waiting for the prediction to start.
    The `metrics` object will also include a `total_time` property showing the total time, in seconds,
    that the prediction took to complete.

    All input parameters, output values, and logs are automatically removed after an hour, by default,
    for predictions created through the API.

    You must save a copy of any data or files in the output if you'd like to continue using them. The
    `output` key will still be present, but it's value will be `null` after the output has been removed.

    Output files are served by `replicate.delivery` and its subdomains. If you use an allow list of
    external domains for your assets, add `replicate.delivery` and `*.replicate.delivery` to it.

    Args:
        prediction_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        SchemasPredictionResponse
     """

    return (
        await asyncio_detailed(
            prediction_id=prediction_id,
            client=client,
        )
    ).parsed
