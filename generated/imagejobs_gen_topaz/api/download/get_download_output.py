# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.download_response import DownloadResponse
from ...models.error import Error
from ...types import Response, status_code_of  # imagejobs


def _get_kwargs(
    process_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/download/{process_id}".format(
            process_id=str(process_id),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DownloadResponse | Error | None:
    if response.status_code == 200:
        response_200 = DownloadResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

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
) -> Response[DownloadResponse | Error]:
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
    process_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DownloadResponse | Error]:
    """Download Output

     A presigned download link to the image is provided in the response, as well as an expiration time
    (in Unix time). If the image is not ready, this request will fail with a conflict error. Images are
    stored for **7 days** after the image has been processed.

    Args:
        process_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DownloadResponse | Error]
    """

    kwargs = _get_kwargs(
        process_id=process_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    process_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> DownloadResponse | Error | None:
    """Download Output

     A presigned download link to the image is provided in the response, as well as an expiration time
    (in Unix time). If the image is not ready, this request will fail with a conflict error. Images are
    stored for **7 days** after the image has been processed.

    Args:
        process_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DownloadResponse | Error
    """

    return sync_detailed(
        process_id=process_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    process_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> Response[DownloadResponse | Error]:
    """Download Output

     A presigned download link to the image is provided in the response, as well as an expiration time
    (in Unix time). If the image is not ready, this request will fail with a conflict error. Images are
    stored for **7 days** after the image has been processed.

    Args:
        process_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DownloadResponse | Error]
    """

    kwargs = _get_kwargs(
        process_id=process_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    process_id: UUID,
    *,
    client: AuthenticatedClient | Client,
) -> DownloadResponse | Error | None:
    """Download Output

     A presigned download link to the image is provided in the response, as well as an expiration time
    (in Unix time). If the image is not ready, this request will fail with a conflict error. Images are
    stored for **7 days** after the image has been processed.

    Args:
        process_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DownloadResponse | Error
    """

    return (
        await asyncio_detailed(
            process_id=process_id,
            client=client,
        )
    ).parsed
