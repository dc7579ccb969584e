# Generated from specs/topaz_video.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cancel_video_request_response_200 import CancelVideoRequestResponse200
from ...models.cancel_video_request_response_400 import CancelVideoRequestResponse400
from ...models.cancel_video_request_response_401 import CancelVideoRequestResponse401
from ...models.cancel_video_request_response_403 import CancelVideoRequestResponse403
from ...models.cancel_video_request_response_404 import CancelVideoRequestResponse404
from ...models.cancel_video_request_response_500 import CancelVideoRequestResponse500
from ...types import Response, status_code_of  # imagejobs


def _get_kwargs(
    request_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/video/{request_id}".format(
            request_id=str(request_id),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | CancelVideoRequestResponse200
    | CancelVideoRequestResponse400
    | CancelVideoRequestResponse401
    | CancelVideoRequestResponse403
    | CancelVideoRequestResponse404
    | CancelVideoRequestResponse500
    | None
):
    if response.status_code == 200:
        response_200 = CancelVideoRequestResponse200.from_dict(response.json())

        return response_200

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = CancelVideoRequestResponse400.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = CancelVideoRequestResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = CancelVideoRequestResponse403.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = CancelVideoRequestResponse404.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = CancelVideoRequestResponse500.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, headers=response.headers
        )  # imagejobs: keep headers
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Any
    | CancelVideoRequestResponse200
    | CancelVideoRequestResponse400
    | CancelVideoRequestResponse401
    | CancelVideoRequestResponse403
    | CancelVideoRequestResponse404
    | CancelVideoRequestResponse500
]:
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
    request_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | CancelVideoRequestResponse200
    | CancelVideoRequestResponse400
    | CancelVideoRequestResponse401
    | CancelVideoRequestResponse403
    | CancelVideoRequestResponse404
    | CancelVideoRequestResponse500
]:
    """Cancel Video Request

     Cancel a video enhancement request.

    If the request is canceled before any processing starts, then all reserved credits are refunded.

    If the request is canceled during processing, then a partial refund is issued based on the progress.
    For example, if the request is 50% complete, then approximately 50% of the reserved credits are
    refunded.

    Args:
        request_id (UUID):  Example: c1f96dc2-c448-00e6-82ed-14ecb6403c62.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CancelVideoRequestResponse200 | CancelVideoRequestResponse400 | CancelVideoRequestResponse401 | CancelVideoRequestResponse403 | CancelVideoRequestResponse404 | CancelVideoRequestResponse500]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    request_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | CancelVideoRequestResponse200
    | CancelVideoRequestResponse400
    | CancelVideoRequestResponse401
    | CancelVideoRequestResponse403
    | CancelVideoRequestResponse404
    | CancelVideoRequestResponse500
    | None
):
    """Cancel Video Request

     Cancel a video enhancement request.

    If the request is canceled before any processing starts, then all reserved credits are refunded.

    If the request is canceled during processing, then a partial refund is issued based on the progress.
    For example, if the request is 50% complete, then approximately 50% of the reserved credits are
    refunded.

    Args:
        request_id (UUID):  Example: c1f96dc2-c448-00e6-82ed-14ecb6403c62.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CancelVideoRequestResponse200 | CancelVideoRequestResponse400 | CancelVideoRequestResponse401 | CancelVideoRequestResponse403 | CancelVideoRequestResponse404 | CancelVideoRequestResponse500
    """

    return sync_detailed(
        request_id=request_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    request_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    Any
    | CancelVideoRequestResponse200
    | CancelVideoRequestResponse400
    | CancelVideoRequestResponse401
    | CancelVideoRequestResponse403
    | CancelVideoRequestResponse404
    | CancelVideoRequestResponse500
]:
    """Cancel Video Request

     Cancel a video enhancement request.

    If the request is canceled before any processing starts, then all reserved credits are refunded.

    If the request is canceled during processing, then a partial refund is issued based on the progress.
    For example, if the request is 50% complete, then approximately 50% of the reserved credits are
    refunded.

    Args:
        request_id (UUID):  Example: c1f96dc2-c448-00e6-82ed-14ecb6403c62.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CancelVideoRequestResponse200 | CancelVideoRequestResponse400 | CancelVideoRequestResponse401 | CancelVideoRequestResponse403 | CancelVideoRequestResponse404 | CancelVideoRequestResponse500]
    """

    kwargs = _get_kwargs(
        request_id=request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    request_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    Any
    | CancelVideoRequestResponse200
    | CancelVideoRequestResponse400
    | CancelVideoRequestResponse401
    | CancelVideoRequestResponse403
    | CancelVideoRequestResponse404
    | CancelVideoRequestResponse500
    | None
):
    """Cancel Video Request

     Cancel a video enhancement request.

    If the request is canceled before any processing starts, then all reserved credits are refunded.

    If the request is canceled during processing, then a partial refund is issued based on the progress.
    For example, if the request is 50% complete, then approximately 50% of the reserved credits are
    refunded.

    Args:
        request_id (UUID):  Example: c1f96dc2-c448-00e6-82ed-14ecb6403c62.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CancelVideoRequestResponse200 | CancelVideoRequestResponse400 | CancelVideoRequestResponse401 | CancelVideoRequestResponse403 | CancelVideoRequestResponse404 | CancelVideoRequestResponse500
    """

    return (
        await asyncio_detailed(
            request_id=request_id,
            client=client,
        )
    ).parsed
