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
        "method": "post",
        "url": "/predictions/{prediction_id}/cancel".format(
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
    """ Cancel a prediction

     Cancel a prediction that is currently running.

    Example cURL request that creates a prediction and then cancels it:

    ```console
    # First, create a prediction
    PREDICTION_ID=$(curl -s -X POST \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      -H "Content-Type: application/json" \\
      -d '{
        "input": {
          "prompt": "a video that may take a while to generate"
        }
      }' \\
      https://api.replicate.com/v1/models/minimax/video-01/predictions | jq -r '.id')

    # Echo the prediction ID
    echo "Created prediction with ID: $PREDICTION_ID"

    # Cancel the prediction
    curl -s -X POST \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions/$PREDICTION_ID/cancel
    ```

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
    """ Cancel a prediction

     Cancel a prediction that is currently running.

    Example cURL request that creates a prediction and then cancels it:

    ```console
    # First, create a prediction
    PREDICTION_ID=$(curl -s -X POST \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      -H "Content-Type: application/json" \\
      -d '{
        "input": {
          "prompt": "a video that may take a while to generate"
        }
      }' \\
      https://api.replicate.com/v1/models/minimax/video-01/predictions | jq -r '.id')

    # Echo the prediction ID
    echo "Created prediction with ID: $PREDICTION_ID"

    # Cancel the prediction
    curl -s -X POST \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions/$PREDICTION_ID/cancel
    ```

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
    """ Cancel a prediction

     Cancel a prediction that is currently running.

    Example cURL request that creates a prediction and then cancels it:

    ```console
    # First, create a prediction
    PREDICTION_ID=$(curl -s -X POST \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      -H "Content-Type: application/json" \\
      -d '{
        "input": {
          "prompt": "a video that may take a while to generate"
        }
      }' \\
      https://api.replicate.com/v1/models/minimax/video-01/predictions | jq -r '.id')

    # Echo the prediction ID
    echo "Created prediction with ID: $PREDICTION_ID"

    # Cancel the prediction
    curl -s -X POST \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions/$PREDICTION_ID/cancel
    ```

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
    """ Cancel a prediction

     Cancel a prediction that is currently running.

    Example cURL request that creates a prediction and then cancels it:

    ```console
    # First, create a prediction
    PREDICTION_ID=$(curl -s -X POST \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      -H "Content-Type: application/json" \\
      -d '{
        "input": {
          "prompt": "a video that may take a while to generate"
        }
      }' \\
      https://api.replicate.com/v1/models/minimax/video-01/predictions | jq -r '.id')

    # Echo the prediction ID
    echo "Created prediction with ID: $PREDICTION_ID"

    # Cancel the prediction
    curl -s -X POST \\
      -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
      https://api.replicate.com/v1/predictions/$PREDICTION_ID/cancel
    ```

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
