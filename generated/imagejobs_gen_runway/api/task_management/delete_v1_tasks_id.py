# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...types import Response, status_code_of  # imagejobs


def _get_kwargs(
    id: UUID,
    *,
    x_runway_version: str = "2024-11-06",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Runway-Version"] = x_runway_version

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/tasks/{id}".format(
            id=str(id),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | None:
    if response.status_code == 204:
        return None

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, headers=response.headers
        )  # imagejobs: keep headers
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any]:
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
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_runway_version: str = "2024-11-06",
) -> Response[Any]:
    """Cancel or delete a task

     Tasks that are running, pending, or throttled can be canceled by invoking this method. Invoking this
    method for other tasks will delete them.

    The output data associated with a deleted task will be deleted from persistent storage in accordance
    with our data retention policy. Aborted and deleted tasks will not be able to be fetched again in
    the future.

    Args:
        id (UUID):
        x_runway_version (str):  Default: '2024-11-06'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        id=id,
        x_runway_version=x_runway_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_runway_version: str = "2024-11-06",
) -> Response[Any]:
    """Cancel or delete a task

     Tasks that are running, pending, or throttled can be canceled by invoking this method. Invoking this
    method for other tasks will delete them.

    The output data associated with a deleted task will be deleted from persistent storage in accordance
    with our data retention policy. Aborted and deleted tasks will not be able to be fetched again in
    the future.

    Args:
        id (UUID):
        x_runway_version (str):  Default: '2024-11-06'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        id=id,
        x_runway_version=x_runway_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)
