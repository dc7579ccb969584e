# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.schemas_prediction_response import SchemasPredictionResponse
from ...models.schemas_version_prediction_request import SchemasVersionPredictionRequest
from ...types import UNSET, Response, Unset, status_code_of  # imagejobs


def _get_kwargs(
    *,
    body: SchemasVersionPredictionRequest | Unset = UNSET,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(prefer, Unset):
        headers["Prefer"] = prefer

    if not isinstance(cancel_after, Unset):
        headers["Cancel-After"] = cancel_after

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/predictions",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> SchemasPredictionResponse | None:
    if response.status_code == 201:
        response_201 = SchemasPredictionResponse.from_dict(response.json())

        return response_201

    if response.status_code == 202:
        response_202 = SchemasPredictionResponse.from_dict(response.json())

        return response_202

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
    *,
    client: AuthenticatedClient | Client,
    body: SchemasVersionPredictionRequest | Unset = UNSET,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> Response[SchemasPredictionResponse]:
    """ Create a prediction

     Create a prediction for the model version and inputs you provide.

    Example cURL request:

    ```console
    curl -s -X POST -H 'Prefer: wait' \\
      -d '{"version": "replicate/hello-
    world:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa", "input": {"text":
    "Alice"}}' \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      -H 'Content-Type: application/json' \\
      https://api.replicate.com/v1/predictions
    ```

    The request will wait up to 60 seconds for the model to run. If this time is exceeded the prediction
    will be returned in a `"starting"` state and need to be retrieved using the `predictions.get`
    endpoint.

    For a complete overview of the `predictions.create` API check out our documentation on [creating a
    prediction](https://replicate.com/docs/topics/predictions/create-a-prediction) which covers a
    variety of use cases.

    Args:
        prefer (str | Unset):  Example: wait=5.
        cancel_after (str | Unset):  Example: 5m.
        body (SchemasVersionPredictionRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[SchemasPredictionResponse]
     """

    kwargs = _get_kwargs(
        body=body,
        prefer=prefer,
        cancel_after=cancel_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SchemasVersionPredictionRequest | Unset = UNSET,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> SchemasPredictionResponse | None:
    """ Create a prediction

     Create a prediction for the model version and inputs you provide.

    Example cURL request:

    ```console
    curl -s -X POST -H 'Prefer: wait' \\
      -d '{"version": "replicate/hello-
    world:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa", "input": {"text":
    "Alice"}}' \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      -H 'Content-Type: application/json' \\
      https://api.replicate.com/v1/predictions
    ```

    The request will wait up to 60 seconds for the model to run. If this time is exceeded the prediction
    will be returned in a `"starting"` state and need to be retrieved using the `predictions.get`
    endpoint.

    For a complete overview of the `predictions.create` API check out our documentation on [creating a
    prediction](https://replicate.com/docs/topics/predictions/create-a-prediction) which covers a
    variety of use cases.

    Args:
        prefer (str | Unset):  Example: wait=5.
        cancel_after (str | Unset):  Example: 5m.
        body (SchemasVersionPredictionRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        SchemasPredictionResponse
     """

    return sync_detailed(
        client=client,
        body=body,
        prefer=prefer,
        cancel_after=cancel_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SchemasVersionPredictionRequest | Unset = UNSET,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> Response[SchemasPredictionResponse]:
    """ Create a prediction

     Create a prediction for the model version and inputs you provide.

    Example cURL request:

    ```console
    curl -s -X POST -H 'Prefer: wait' \\
      -d '{"version": "replicate/hello-
    world:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa", "input": {"text":
    "Alice"}}' \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      -H 'Content-Type: application/json' \\
      https://api.replicate.com/v1/predictions
    ```

    The request will wait up to 60 seconds for the model to run. If this time is exceeded the prediction
    will be returned in a `"starting"` state and need to be retrieved using the `predictions.get`
    endpoint.

    For a complete overview of the `predictions.create` API check out our documentation on [creating a
    prediction](https://replicate.com/docs/topics/predictions/create-a-prediction) which covers a
    variety of use cases.

    Args:
        prefer (str | Unset):  Example: wait=5.
        cancel_after (str | Unset):  Example: 5m.
        body (SchemasVersionPredictionRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[SchemasPredictionResponse]
     """

    kwargs = _get_kwargs(
        body=body,
        prefer=prefer,
        cancel_after=cancel_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SchemasVersionPredictionRequest | Unset = UNSET,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> SchemasPredictionResponse | None:
    """ Create a prediction

     Create a prediction for the model version and inputs you provide.

    Example cURL request:

    ```console
    curl -s -X POST -H 'Prefer: wait' \\
      -d '{"version": "replicate/hello-
    world:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa", "input": {"text":
    "Alice"}}' \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      -H 'Content-Type: application/json' \\
      https://api.replicate.com/v1/predictions
    ```

    The request will wait up to 60 seconds for the model to run. If this time is exceeded the prediction
    will be returned in a `"starting"` state and need to be retrieved using the `predictions.get`
    endpoint.

    For a complete overview of the `predictions.create` API check out our documentation on [creating a
    prediction](https://replicate.com/docs/topics/predictions/create-a-prediction) which covers a
    variety of use cases.

    Args:
        prefer (str | Unset):  Example: wait=5.
        cancel_after (str | Unset):  Example: 5m.
        body (SchemasVersionPredictionRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        SchemasPredictionResponse
     """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            prefer=prefer,
            cancel_after=cancel_after,
        )
    ).parsed
