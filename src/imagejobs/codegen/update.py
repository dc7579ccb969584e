"""``imagejobs update``: download a spec from its ``source:``, refuse what is not a spec, write it atomically.

The download is the only network traffic in codegen, so it is fenced: https only (plain http for
localhost, where the tests serve), a timeout, a cap on the decoded body (a gzip bomb stops at the
cap), at most a few redirects, each one checked like the first URL, and a conditional request
(``If-None-Match``/``If-Modified-Since`` from the ``ETag``/``Last-Modified`` the manifest kept)
so an unchanged file costs a 304. A body is refused, naming the URL and what came, when it is
empty, an HTML page (a login wall or a proxy's 502), truncated, not JSON/YAML, or not an
OpenAPI/Swagger document; the real validation then runs in the build like for any spec.

:class:`FetchError` is the one exception of the download; ``cli._outcome`` maps it to an
exit code.

`update_specs` is the workflow around it: every source fetched before anything is written, the
new specs built in a copy of the repository, the change report printed, and only then the specs
and ``generated/`` written (each spec atomically, ``generated/`` swapped in, the specs put back
if the swap fails). It returns what changed (`Outcome`) or raises (`ApiChange` for
``--fail-on``); ``codegen/cli.py`` parses the arguments and turns either into the exit code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .problems import ApiChange, CodegenError, UsageError

if TYPE_CHECKING:
    import httpx

    from .accepted import Entry
    from .config import CodegenConfig
    from .diff import DiffReport
    from .pipeline import BuildResult

__all__ = [
    "MAX_BYTES",
    "MAX_REDIRECTS",
    "TIMEOUT",
    "FetchError",
    "Fetched",
    "Outcome",
    "check_spec_body",
    "fetch",
    "update_specs",
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


# --- the workflow: fetch every source, build on a copy, report, then write ------------------------


class Outcome(StrEnum):
    """What an update did: nothing changed, or the worst class of the changes it wrote."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    WARNINGS = "warning"
    BREAKING = "breaking"


def update_specs(
    root: Path,
    names: Sequence[str],
    *,
    dry_run: bool,
    fail_on: str | None,
    fmt: str,
    timeout: float,
    out: TextIO,
    err: TextIO,
    say: Callable[[str], None],
) -> Outcome:
    """Update the specs `names` (default: every one with a source) under `root`.

    Every source is fetched before anything is written, then built in a copy of the repository
    with the new specs in it (the real one is untouched until all went well); the change report
    goes to `out` in `fmt`. ``--fail-on`` (`fail_on`) refuses, writing nothing, when a change
    of that class is not accepted; `dry_run` reports without writing. `say` takes the progress
    lines (``--quiet`` drops them).
    """
    from .accepted import load_accepted
    from .config import load_config
    from .diff import exit_class

    config = load_config(root)
    accepted = load_accepted(root, config.specs)  # a broken file fails before any download
    changed = _fetch_changed(root, config, names, timeout, say)
    if not changed:
        return Outcome.UNCHANGED
    tmp_parent = Path(tempfile.mkdtemp(prefix=".generated-tmp-", dir=root))
    try:
        result, reports = _staged_build(root, config, changed, tmp_parent, out, fmt, accepted, err)
        if any(r.fails(fail_on) for r in reports):
            print(f"API change at or above --fail-on {fail_on}; nothing was written", file=err)
            raise ApiChange
        written = ", ".join(config.specs[n].spec for n in changed)
        if dry_run:
            say(f"dry run: would write {written} and regenerate {config.generated_dir}/")
        else:
            _commit(root, config, changed, result)
            say(f"wrote {written} and {config.generated_dir}/")
    finally:
        shutil.rmtree(tmp_parent, ignore_errors=True)
    worst = exit_class(reports)
    return {"breaking": Outcome.BREAKING, "warning": Outcome.WARNINGS}.get(
        worst or "", Outcome.CHANGED
    )


def _fetch_changed(
    root: Path,
    config: CodegenConfig,
    names: Sequence[str],
    timeout: float,
    say: Callable[[str], None],
) -> dict[str, Fetched]:
    """Fetch every selected source; the new bodies of those whose bytes changed, by name."""
    from .manifest import read_manifest, sha256

    unknown = [n for n in names if n not in config.specs]
    if unknown:
        raise UsageError(
            f"no spec {', '.join(unknown)} in specs/codegen.yaml (known: {', '.join(config.specs)})"
        )
    chosen = [n for n in (names or config.specs) if names or config.specs[n].source]
    sourceless = [n for n in chosen if not config.specs[n].source]
    if sourceless:
        raise UsageError(
            f"{', '.join(sourceless)} has no `source:` in specs/codegen.yaml to update from"
        )
    if not chosen:
        say("no spec in specs/codegen.yaml has a `source:`; nothing to update")
    recorded = read_manifest(root / config.generated_dir).get("specs") or {}
    changed: dict[str, Fetched] = {}
    for name in chosen:  # every fetch before any write: one refusal leaves everything as it was
        entry = config.specs[name]
        current = (root / entry.spec).read_bytes()
        record = (recorded.get(name) or {}).get("source") or {}
        fresh = record.get("url") == entry.source and record.get("sha256") == sha256(current)
        assert entry.source is not None
        got = fetch(
            entry.source,
            etag=record.get("etag") if fresh else None,
            last_modified=record.get("last_modified") if fresh else None,
            timeout=timeout,
        )
        if got.not_modified or got.body == current:
            say(
                f"{name}: {entry.source}: {'not modified (304)' if got.not_modified else 'unchanged'}"
            )
            continue
        check_spec_body(got, entry.spec)
        say(f"{name}: {entry.source}: new version ({len(got.body):,} bytes)")
        changed[name] = got
    return changed  # fmt: skip


def _staged_build(
    root: Path,
    config: CodegenConfig,
    changed: dict[str, Fetched],
    tmp_parent: Path,
    out: TextIO,
    fmt: str,
    accepted: Sequence[Entry],
    err: TextIO,
) -> tuple[BuildResult, list[DiffReport]]:
    """Build from a copy of the repository with the new specs in it: the real one is untouched."""
    from .diff import report_changes
    from .manifest import sha256
    from .pipeline import build
    from .report import fold

    stage = tmp_parent / "repo"
    for piece in (config.generated_dir, config.templates_dir, "specs"):
        if (root / piece).exists():
            shutil.copytree(
                root / piece, stage / piece, ignore=shutil.ignore_patterns("__pycache__")
            )
    shutil.copy2(root / "pyproject.toml", stage / "pyproject.toml")
    for name, got in changed.items():
        (stage / config.specs[name].spec).write_bytes(got.body)
    sources = {name: got.record(sha256(got.body)) for name, got in changed.items()}
    result = build(stage, config, tmp_parent / "generated", incremental=True, sources=sources)
    for plan in result.plans:
        for line in fold(plan.warnings):
            print(line, file=err)
    reports = report_changes(
        root,
        config,
        result.plans,
        root / config.generated_dir,
        out=out,
        fmt=fmt,
        tree=result.tree,
        accepted=accepted,
    )
    return result, reports


def _commit(
    root: Path, config: CodegenConfig, changed: dict[str, Fetched], result: BuildResult
) -> None:
    """Write the new specs (each atomically), then swap the new generated/ in; undo on failure."""
    from .pipeline import swap_in

    before = {name: (root / config.specs[name].spec).read_bytes() for name in changed}
    written: list[str] = []
    try:
        for name, got in changed.items():
            write_atomically(root / config.specs[name].spec, got.body)
            written.append(name)
        swap_in(result.tree, root / config.generated_dir)
    except BaseException:
        for name in written:
            write_atomically(root / config.specs[name].spec, before[name])
        raise
