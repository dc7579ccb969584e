# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.async_response import AsyncResponse
from ...models.enhance_gan_request import EnhanceGANRequest
from ...models.error import Error
from ...types import UNSET, Response, Unset, status_code_of  # imagejobs


def _get_kwargs(
    *,
    body: EnhanceGANRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/enhance/async",
    }

    if not isinstance(body, Unset):
        _kwargs["files"] = body.to_multipart()

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AsyncResponse | Error | None:
    if response.status_code == 200:
        response_200 = AsyncResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = Error.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 412:
        response_412 = Error.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 425:
        response_425 = Error.from_dict(response.json())

        return response_425

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, headers=response.headers
        )  # imagejobs: keep headers
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AsyncResponse | Error]:
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
    body: EnhanceGANRequest | Unset = UNSET,
) -> Response[AsyncResponse | Error]:
    """Enhance

     Returns `process_id` and `eta` to use as an efficient way to track the progress of the image
    enhancement job:
      - Use the `Status` endpoints to check the status of this job using the returned `process_id`.
      - Use the `Download` endpoints to download the input or processed image (once it is ready).
      - Use the `Cancel` endpoint to cancel the job while it is in progress.

    The same `process_id` and `eta` are also returned in the response headers as `X-Process-ID` and
    `X-ETA` respectively.

    > The `eta` represents when the job is expected to finish in Unix time. We recommend using this to
    know when you can expect your (bulk) jobs to finish processing.

    Args:
        body (EnhanceGANRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AsyncResponse | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: EnhanceGANRequest | Unset = UNSET,
) -> AsyncResponse | Error | None:
    """Enhance

     Returns `process_id` and `eta` to use as an efficient way to track the progress of the image
    enhancement job:
      - Use the `Status` endpoints to check the status of this job using the returned `process_id`.
      - Use the `Download` endpoints to download the input or processed image (once it is ready).
      - Use the `Cancel` endpoint to cancel the job while it is in progress.

    The same `process_id` and `eta` are also returned in the response headers as `X-Process-ID` and
    `X-ETA` respectively.

    > The `eta` represents when the job is expected to finish in Unix time. We recommend using this to
    know when you can expect your (bulk) jobs to finish processing.

    Args:
        body (EnhanceGANRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AsyncResponse | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EnhanceGANRequest | Unset = UNSET,
) -> Response[AsyncResponse | Error]:
    """Enhance

     Returns `process_id` and `eta` to use as an efficient way to track the progress of the image
    enhancement job:
      - Use the `Status` endpoints to check the status of this job using the returned `process_id`.
      - Use the `Download` endpoints to download the input or processed image (once it is ready).
      - Use the `Cancel` endpoint to cancel the job while it is in progress.

    The same `process_id` and `eta` are also returned in the response headers as `X-Process-ID` and
    `X-ETA` respectively.

    > The `eta` represents when the job is expected to finish in Unix time. We recommend using this to
    know when you can expect your (bulk) jobs to finish processing.

    Args:
        body (EnhanceGANRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AsyncResponse | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: EnhanceGANRequest | Unset = UNSET,
) -> AsyncResponse | Error | None:
    """Enhance

     Returns `process_id` and `eta` to use as an efficient way to track the progress of the image
    enhancement job:
      - Use the `Status` endpoints to check the status of this job using the returned `process_id`.
      - Use the `Download` endpoints to download the input or processed image (once it is ready).
      - Use the `Cancel` endpoint to cancel the job while it is in progress.

    The same `process_id` and `eta` are also returned in the response headers as `X-Process-ID` and
    `X-ETA` respectively.

    > The `eta` represents when the job is expected to finish in Unix time. We recommend using this to
    know when you can expect your (bulk) jobs to finish processing.

    Args:
        body (EnhanceGANRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AsyncResponse | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
