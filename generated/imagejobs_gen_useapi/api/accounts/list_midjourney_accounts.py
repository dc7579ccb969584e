# Generated from specs/useapi.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.midjourney_accounts import MidjourneyAccounts
from ...types import Response, status_code_of  # imagejobs


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/account/midjourney",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | MidjourneyAccounts | None:
    if response.status_code == 200:
        response_200 = MidjourneyAccounts.from_dict(response.json())

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
) -> Response[Error | MidjourneyAccounts]:
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
) -> Response[Error | MidjourneyAccounts]:
    """Retrieve all Midjourney account configurations

     Returns every configured Midjourney account, keyed by Discord channel id. With several
    accounts useapi load-balances jobs across those with free capacity.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MidjourneyAccounts]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Error | MidjourneyAccounts | None:
    """Retrieve all Midjourney account configurations

     Returns every configured Midjourney account, keyed by Discord channel id. With several
    accounts useapi load-balances jobs across those with free capacity.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MidjourneyAccounts
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | MidjourneyAccounts]:
    """Retrieve all Midjourney account configurations

     Returns every configured Midjourney account, keyed by Discord channel id. With several
    accounts useapi load-balances jobs across those with free capacity.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | MidjourneyAccounts]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Error | MidjourneyAccounts | None:
    """Retrieve all Midjourney account configurations

     Returns every configured Midjourney account, keyed by Discord channel id. With several
    accounts useapi load-balances jobs across those with free capacity.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | MidjourneyAccounts
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
