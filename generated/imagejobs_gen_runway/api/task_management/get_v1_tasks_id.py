# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_v1_tasks_id_response_200_type_0 import GetV1TasksIdResponse200Type0
from ...models.get_v1_tasks_id_response_200_type_1 import GetV1TasksIdResponse200Type1
from ...models.get_v1_tasks_id_response_200_type_2 import GetV1TasksIdResponse200Type2
from ...models.get_v1_tasks_id_response_200_type_3 import GetV1TasksIdResponse200Type3
from ...models.get_v1_tasks_id_response_200_type_4 import GetV1TasksIdResponse200Type4
from ...models.get_v1_tasks_id_response_200_type_5 import GetV1TasksIdResponse200Type5
from ...models.get_v1_tasks_id_response_404 import GetV1TasksIdResponse404
from ...types import Response, status_code_of  # imagejobs


def _get_kwargs(
    id: UUID,
    *,
    x_runway_version: str = "2024-11-06",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Runway-Version"] = x_runway_version

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/tasks/{id}".format(
            id=str(id),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    GetV1TasksIdResponse200Type0
    | GetV1TasksIdResponse200Type1
    | GetV1TasksIdResponse200Type2
    | GetV1TasksIdResponse200Type3
    | GetV1TasksIdResponse200Type4
    | GetV1TasksIdResponse200Type5
    | GetV1TasksIdResponse404
    | None
):
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> (
            GetV1TasksIdResponse200Type0
            | GetV1TasksIdResponse200Type1
            | GetV1TasksIdResponse200Type2
            | GetV1TasksIdResponse200Type3
            | GetV1TasksIdResponse200Type4
            | GetV1TasksIdResponse200Type5
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = GetV1TasksIdResponse200Type0.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_1 = GetV1TasksIdResponse200Type1.from_dict(data)

                return response_200_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_2 = GetV1TasksIdResponse200Type2.from_dict(data)

                return response_200_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_3 = GetV1TasksIdResponse200Type3.from_dict(data)

                return response_200_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_4 = GetV1TasksIdResponse200Type4.from_dict(data)

                return response_200_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_5 = GetV1TasksIdResponse200Type5.from_dict(data)

            return response_200_type_5

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = GetV1TasksIdResponse404.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, headers=response.headers
        )  # imagejobs: keep headers
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    GetV1TasksIdResponse200Type0
    | GetV1TasksIdResponse200Type1
    | GetV1TasksIdResponse200Type2
    | GetV1TasksIdResponse200Type3
    | GetV1TasksIdResponse200Type4
    | GetV1TasksIdResponse200Type5
    | GetV1TasksIdResponse404
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
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_runway_version: str = "2024-11-06",
) -> Response[
    GetV1TasksIdResponse200Type0
    | GetV1TasksIdResponse200Type1
    | GetV1TasksIdResponse200Type2
    | GetV1TasksIdResponse200Type3
    | GetV1TasksIdResponse200Type4
    | GetV1TasksIdResponse200Type5
    | GetV1TasksIdResponse404
]:
    """Get task detail

     Return details about a task. Consumers of this API should not expect updates more frequent than once
    every five seconds for a given task.

    Args:
        id (UUID):
        x_runway_version (str):  Default: '2024-11-06'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetV1TasksIdResponse200Type0 | GetV1TasksIdResponse200Type1 | GetV1TasksIdResponse200Type2 | GetV1TasksIdResponse200Type3 | GetV1TasksIdResponse200Type4 | GetV1TasksIdResponse200Type5 | GetV1TasksIdResponse404]
    """

    kwargs = _get_kwargs(
        id=id,
        x_runway_version=x_runway_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_runway_version: str = "2024-11-06",
) -> (
    GetV1TasksIdResponse200Type0
    | GetV1TasksIdResponse200Type1
    | GetV1TasksIdResponse200Type2
    | GetV1TasksIdResponse200Type3
    | GetV1TasksIdResponse200Type4
    | GetV1TasksIdResponse200Type5
    | GetV1TasksIdResponse404
    | None
):
    """Get task detail

     Return details about a task. Consumers of this API should not expect updates more frequent than once
    every five seconds for a given task.

    Args:
        id (UUID):
        x_runway_version (str):  Default: '2024-11-06'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetV1TasksIdResponse200Type0 | GetV1TasksIdResponse200Type1 | GetV1TasksIdResponse200Type2 | GetV1TasksIdResponse200Type3 | GetV1TasksIdResponse200Type4 | GetV1TasksIdResponse200Type5 | GetV1TasksIdResponse404
    """

    return sync_detailed(
        id=id,
        client=client,
        x_runway_version=x_runway_version,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_runway_version: str = "2024-11-06",
) -> Response[
    GetV1TasksIdResponse200Type0
    | GetV1TasksIdResponse200Type1
    | GetV1TasksIdResponse200Type2
    | GetV1TasksIdResponse200Type3
    | GetV1TasksIdResponse200Type4
    | GetV1TasksIdResponse200Type5
    | GetV1TasksIdResponse404
]:
    """Get task detail

     Return details about a task. Consumers of this API should not expect updates more frequent than once
    every five seconds for a given task.

    Args:
        id (UUID):
        x_runway_version (str):  Default: '2024-11-06'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetV1TasksIdResponse200Type0 | GetV1TasksIdResponse200Type1 | GetV1TasksIdResponse200Type2 | GetV1TasksIdResponse200Type3 | GetV1TasksIdResponse200Type4 | GetV1TasksIdResponse200Type5 | GetV1TasksIdResponse404]
    """

    kwargs = _get_kwargs(
        id=id,
        x_runway_version=x_runway_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient | Client,
    x_runway_version: str = "2024-11-06",
) -> (
    GetV1TasksIdResponse200Type0
    | GetV1TasksIdResponse200Type1
    | GetV1TasksIdResponse200Type2
    | GetV1TasksIdResponse200Type3
    | GetV1TasksIdResponse200Type4
    | GetV1TasksIdResponse200Type5
    | GetV1TasksIdResponse404
    | None
):
    """Get task detail

     Return details about a task. Consumers of this API should not expect updates more frequent than once
    every five seconds for a given task.

    Args:
        id (UUID):
        x_runway_version (str):  Default: '2024-11-06'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetV1TasksIdResponse200Type0 | GetV1TasksIdResponse200Type1 | GetV1TasksIdResponse200Type2 | GetV1TasksIdResponse200Type3 | GetV1TasksIdResponse200Type4 | GetV1TasksIdResponse200Type5 | GetV1TasksIdResponse404
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            x_runway_version=x_runway_version,
        )
    ).parsed
