# Generated from specs/useapi.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.midjourney_account import MidjourneyAccount
from ...types import Response, status_code_of  # imagejobs


def _get_kwargs(
    channel: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/account/midjourney/{channel}".format(
            channel=quote(str(channel), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MidjourneyAccount | None:
    if response.status_code == 200:
        response_200 = MidjourneyAccount.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, headers=response.headers
        )  # imagejobs: keep headers
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | MidjourneyAccount]:
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
    channel: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | MidjourneyAccount]:
    """Retrieve one Midjourney account configuration

    Args:
        channel (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MidjourneyAccount]
    """

    kwargs = _get_kwargs(
        channel=channel,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    channel: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | MidjourneyAccount | None:
    """Retrieve one Midjourney account configuration

    Args:
        channel (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MidjourneyAccount
    """

    return sync_detailed(
        channel=channel,
        client=client,
    ).parsed


async def asyncio_detailed(
    channel: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | MidjourneyAccount]:
    """Retrieve one Midjourney account configuration

    Args:
        channel (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MidjourneyAccount]
    """

    kwargs = _get_kwargs(
        channel=channel,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    channel: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | MidjourneyAccount | None:
    """Retrieve one Midjourney account configuration

    Args:
        channel (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MidjourneyAccount
    """

    return (
        await asyncio_detailed(
            channel=channel,
            client=client,
        )
    ).parsed
