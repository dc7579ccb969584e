# Generated from specs/useapi.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.job import Job
from ...types import UNSET, Response, status_code_of  # imagejobs


def _get_kwargs(
    *,
    jobid: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["jobid"] = jobid

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/jobs/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Job | None:
    if response.status_code == 200:
        response_200 = Job.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 596:
        response_596 = Error.from_dict(response.json())

        return response_596

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, headers=response.headers
        )  # imagejobs: keep headers
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | Job]:
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
    jobid: str,
) -> Response[Error | Job]:
    """Retrieve a job

     Returns the job with the given jobid. useapi refreshes a job's state from Discord about
    every 15 seconds; poll no faster than every 10-30 seconds. Jobs are kept at least 31 days.

    Args:
        jobid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Job]
    """

    kwargs = _get_kwargs(
        jobid=jobid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    jobid: str,
) -> Error | Job | None:
    """Retrieve a job

     Returns the job with the given jobid. useapi refreshes a job's state from Discord about
    every 15 seconds; poll no faster than every 10-30 seconds. Jobs are kept at least 31 days.

    Args:
        jobid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Job
    """

    return sync_detailed(
        client=client,
        jobid=jobid,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    jobid: str,
) -> Response[Error | Job]:
    """Retrieve a job

     Returns the job with the given jobid. useapi refreshes a job's state from Discord about
    every 15 seconds; poll no faster than every 10-30 seconds. Jobs are kept at least 31 days.

    Args:
        jobid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Job]
    """

    kwargs = _get_kwargs(
        jobid=jobid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    jobid: str,
) -> Error | Job | None:
    """Retrieve a job

     Returns the job with the given jobid. useapi refreshes a job's state from Discord about
    every 15 seconds; poll no faster than every 10-30 seconds. Jobs are kept at least 31 days.

    Args:
        jobid (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Job
    """

    return (
        await asyncio_detailed(
            client=client,
            jobid=jobid,
        )
    ).parsed
