"""``imagejobs update``: download a spec from its ``source:``, refuse what is not a spec, write it atomically.

The download is the only network traffic in codegen, so it is fenced: https only (plain http for
localhost, where the tests serve), a timeout, a cap on the decoded body (a gzip bomb stops at the
cap), at most a few redirects, each one checked like the first URL, and a conditional request
(``If-None-Match``/``If-Modified-Since`` from the ``ETag``/``Last-Modified`` the manifest kept)
so an unchanged file costs a 304. A body is refused, naming the URL and what came, when it is
empty, an HTML page (a login wall or a proxy's 502), truncated, not JSON/YAML, or not an
OpenAPI/Swagger document; the real validation then runs in the build like for any spec.

:class:`FetchError` is the one exception; ``cli._outcome`` maps it to an exit code.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .problems import CodegenError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "MAX_BYTES",
    "MAX_REDIRECTS",
    "TIMEOUT",
    "FetchError",
    "Fetched",
    "check_spec_body",
    "fetch",
    "write_atomically",
]

TIMEOUT = 30.0
"""Seconds for connecting and for each read."""
MAX_BYTES = 32 * 1024 * 1024
"""The decoded body's cap: the spec loader's own file limit."""
MAX_REDIRECTS = 5
USER_AGENT = "imagejobs-update (+https://example.invalid/imagejobs)"


class FetchError(CodegenError):
    """A source that could not be fetched, or whose body is not a spec: the URL and what came."""


@dataclass(frozen=True)
class Fetched:
    """What a source answered: new bytes, or ``not_modified`` (a 304)."""

    url: str
    not_modified: bool
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    def record(self, sha256: str) -> dict[str, Any]:
        """What the manifest keeps for the next conditional request."""
        return {
            "url": self.url,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "sha256": sha256,
        }


def _check_url(url: str) -> None:
    from .config import check_source_url

    try:
        check_source_url(url)
    except ValueError as exc:
        raise FetchError(str(exc)) from None


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    transport: httpx.BaseTransport | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """GET ``url`` (conditionally when ``etag``/``last_modified`` are given); FetchError on failure."""
    import httpx

    _check_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json, application/yaml, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    def check_redirect(request: httpx.Request) -> None:
        # Every hop, not only the first URL: a redirect to http:// or to a URL with credentials
        # is refused like the configured URL would be.
        _check_url(str(request.url))

    try:
        with (
            httpx.Client(
                transport=transport,
                timeout=timeout,
                follow_redirects=True,
                max_redirects=max_redirects,
                event_hooks={"request": [check_redirect]},
            ) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            return _read(url, response, max_bytes)
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: more than {max_redirects} redirects") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except httpx.RemoteProtocolError as exc:
        raise FetchError(
            f"{url}: got a truncated body (the connection closed early: {exc})"
        ) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot fetch: {type(exc).__name__}: {exc}") from None


def _read(url: str, response: httpx.Response, max_bytes: int) -> Fetched:
    if response.status_code == 304:
        return Fetched(url, True)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: the body is {int(declared):,} bytes; the cap is {max_bytes:,}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: the body is over the cap of {max_bytes:,} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    content_type = response.headers.get("Content-Type", "")
    if response.status_code != 200:
        reason = response.reason_phrase or ""
        raise FetchError(
            f"{url}: HTTP {response.status_code} {reason}".rstrip()
            + f", got {_describe(body, content_type)}"
        )
    return Fetched(
        url,
        False,
        body,
        response.headers.get("ETag"),
        response.headers.get("Last-Modified"),
        content_type,
    )


_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    return "text/html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def _describe(body: bytes, content_type: str) -> str:
    """What a body is, in a few words, for an error line (never the body itself, unescaped)."""
    from .diff import plain

    if not body.strip():
        return "an empty body"
    if _looks_like_html(body, content_type):
        title = _TITLE.search(body)
        if title:
            text = " ".join(title.group(1).decode("utf-8", "replace").split())[:80]
            return f'an HTML page ("{plain(text)}")'
        return "an HTML page"
    kind = content_type.split(";")[0].strip() or "no content type"
    return f"{len(body):,} bytes of {plain(kind)}"


def check_spec_body(fetched: Fetched, target: str) -> None:
    """Refuse a body that is not a JSON/YAML OpenAPI or Swagger document for file ``target``."""
    from .spec.load import LoadError, parse_document

    url, body = fetched.url, fetched.body
    if not body.strip() or _looks_like_html(body, fetched.content_type):
        raise FetchError(f"{url}: got {_describe(body, fetched.content_type)}, not a spec")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise FetchError(f"{url}: got binary data, not UTF-8 JSON or YAML") from None
    as_json = target.endswith(".json")
    try:
        document = parse_document(text, target, as_json=as_json)
    except LoadError as exc:
        raise FetchError(f"{url}: got {_what_failed(text, exc, target, as_json)}") from None
    data = document.data
    if not (isinstance(data, dict) and ("openapi" in data or "swagger" in data)):
        kind = "JSON" if as_json else "JSON/YAML"
        raise FetchError(
            f"{url}: got {kind} that is not an OpenAPI or Swagger document (no `openapi` or `swagger` key)"
        )


def _what_failed(text: str, exc: Any, target: str, as_json: bool) -> str:
    from .diff import plain

    message = plain(str(exc.message))
    if as_json:
        try:
            json.loads(text)
        except json.JSONDecodeError as err:
            if err.pos >= len(text.rstrip()):
                return "truncated JSON (it ends before the document does)"
            if not text.lstrip().startswith(("{", "[")) and _is_yaml_spec(text):
                return (
                    f"YAML, but {target} is read as JSON: serve JSON, or rename the spec to .yaml "
                    "in specs/codegen.yaml"
                )
        except ValueError:
            pass
        return f"a body that is not JSON ({message})"
    last_line = text.rstrip().count("\n") + 1
    if "end of stream" in message or "stream end" in message or exc.line > last_line:
        return f"truncated YAML ({message})"
    return f"a body that is not JSON or YAML ({message})"


def _is_yaml_spec(text: str) -> bool:
    from .spec.load import LoadError, parse_document

    try:
        data = parse_document(text, "body.yaml", as_json=False).data
    except LoadError:
        return False
    return isinstance(data, dict) and ("openapi" in data or "swagger" in data)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
