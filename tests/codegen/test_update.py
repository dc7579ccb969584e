"""``imagejobs update`` against a real HTTP server on 127.0.0.1, started and stopped here.

The server plays the vendor: several versions of the Topaz spec (YAML, as Topaz publishes it), a
304 for the ETag it gave, HTML error pages, empty and truncated bodies, redirects. No other
network is used.
"""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from imagejobs.codegen import update
from imagejobs.codegen.cli import UpdateExit, update_main
from imagejobs.codegen.config import SpecEntry
from imagejobs.codegen.spec.load import read_document
from imagejobs.codegen.update import Fetched, FetchError, check_spec_body, fetch

from .conftest import REPO, leftovers, snapshot

# Topaz's published Image API file, as the build reads it.
TOPAZ = read_document(REPO, "specs/topaz.yaml").data


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class Vendor:
    """What the server answers, per path; it honours If-None-Match for the ETag of an answer."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer] = {}
        self.requests: list[dict[str, str]] = []
        self.url = ""

    def serve(self, path: str, answer: Answer) -> str:
        self.routes[path] = answer
        return self.url + path


class _Handler(BaseHTTPRequestHandler):
    vendor: Vendor

    def do_GET(self) -> None:
        self.vendor.requests.append({"path": self.path, **dict(self.headers.items())})
        answer = self.vendor.routes.get(self.path, Answer(404, b"<html><title>Not Found</title>"))
        time.sleep(answer.delay)
        etag = answer.headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(answer.status)
        headers = {"Content-Length": str(len(answer.body)), **answer.headers}
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def vendor() -> Iterator[Vendor]:
    state = Vendor()
    handler = type("Handler", (_Handler,), {"vendor": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(5)


def topaz_without_409() -> bytes:
    """A new Topaz release that no longer documents 409 on cancel: a breaking change (YAML)."""
    doc = json.loads(json.dumps(TOPAZ))
    del doc["paths"]["/cancel/{process_id}"]["delete"]["responses"]["409"]
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode()


def without_sources(root: Path) -> None:
    """Drop the committed entries' `source:` lines: the tests fetch from their own server only."""
    config = root / "specs" / "codegen.yaml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    config.write_text("".join(x for x in lines if not x.startswith("    source: ")), "utf-8")


def point_topaz_at(root: Path, url: str) -> None:
    without_sources(root)
    config = root / "specs" / "codegen.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("    vendor: true\n", f"    vendor: true\n    source: {url}\n", 1),
        encoding="utf-8",
    )


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run_update(root: Path, *args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    code = update_main(["--root", str(root), *args], out, err)
    return Result(code, out.getvalue(), err.getvalue())


def everything(root: Path) -> dict[str, tuple[str, int]]:
    """specs/ and generated/, hashes and mtimes: "touches nothing" means this is unchanged."""
    return {
        **{f"specs/{k}": v for k, v in snapshot(root / "specs").items()},
        **{f"generated/{k}": v for k, v in snapshot(root / "generated").items()},
    }


# --- the loop: changed, then 304, then a proxy's HTML 502 ---


@pytest.mark.slow
def test_update_writes_regenerates_reports_then_304_then_502(
    built_copy: Path, vendor: Vendor
) -> None:
    new = topaz_without_409()
    url = vendor.serve(
        "/topaz.yaml", Answer(200, new, {"ETag": '"v2"', "Content-Type": "application/yaml"})
    )
    point_topaz_at(built_copy, url)

    first = run_update(built_copy, "topaz")

    assert first.code == UpdateExit.BREAKING == 12, first.err
    assert (built_copy / "specs/topaz.yaml").read_bytes() == new
    assert "breaking: response status removed: 409 (DELETE /cancel/{process_id} 409" in first.out
    assert "suggested bump: major" in first.out
    package = json.loads(
        (built_copy / "generated/imagejobs_gen_topaz/openapi.json").read_text(encoding="utf-8")
    )
    assert "409" not in package["paths"]["/cancel/{process_id}"]["delete"]["responses"]
    recorded = json.loads((built_copy / "generated/MANIFEST.json").read_text(encoding="utf-8"))
    assert recorded["specs"]["topaz"]["source"]["etag"] == '"v2"'
    assert leftovers(built_copy) == []

    before = everything(built_copy)
    second = run_update(built_copy, "topaz")
    assert second.code == UpdateExit.UNCHANGED == 0, second.err
    assert vendor.requests[-1].get("If-None-Match") == '"v2"'
    assert "not modified (304)" in second.err
    assert everything(built_copy) == before

    vendor.serve(
        "/topaz.yaml",
        Answer(502, b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
               {"Content-Type": "text/html"}),
    )  # fmt: skip
    # A changed spec file drops the conditional headers (the record no longer describes it), so
    # this request really reaches the error page.
    third = run_update(built_copy, "topaz", "-q")
    assert third.code == UpdateExit.FAILED == 5
    assert third.err.splitlines() == [
        f'error: {url}: HTTP 502 Bad Gateway, got an HTML page ("502 Bad Gateway"); nothing was written'
    ]
    assert everything(built_copy) == before
    assert leftovers(built_copy) == []


@pytest.mark.slow
def test_fail_on_writes_nothing_until_the_break_is_accepted(
    built_copy: Path, vendor: Vendor
) -> None:
    point_topaz_at(built_copy, vendor.serve("/topaz.yaml", Answer(200, topaz_without_409())))
    before = everything(built_copy)

    refused = run_update(built_copy, "topaz", "--fail-on", "breaking")
    assert refused.code == UpdateExit.API_CHANGE == 7
    assert "API change at or above --fail-on breaking; nothing was written" in refused.err
    assert everything(built_copy) == before

    (built_copy / "specs/accepted-changes.yaml").write_text(
        "accepted:\n"
        "  - spec: topaz\n"
        "    rule: response-non-success-status-removed\n"
        "    location: DELETE /cancel/{process_id} 409\n"
        "    reason: Topaz 1.3 answers 422 instead; the facade maps both.\n"
        "  - spec: topaz\n"
        "    rule: api-removed\n"
        "    location: '#/paths/*'\n"
        "    reason: a leftover\n",
        encoding="utf-8",
    )
    passed = run_update(built_copy, "topaz", "--fail-on", "breaking")
    assert passed.code == UpdateExit.BREAKING, passed.err
    assert "[accepted: Topaz 1.3 answers 422 instead; the facade maps both.]" in passed.out
    assert (
        "specs/accepted-changes.yaml:6: topaz api-removed at #/paths/*: stale, matches no change; remove it"
        in passed.out
    )
    assert (built_copy / "specs/topaz.yaml").read_bytes() == topaz_without_409()


@pytest.mark.slow
def test_dry_run_prints_the_pull_request_body_and_writes_nothing(
    built_copy: Path, vendor: Vendor
) -> None:
    point_topaz_at(built_copy, vendor.serve("/topaz.yaml", Answer(200, topaz_without_409())))
    before = everything(built_copy)

    run = run_update(built_copy, "--dry-run", "--format", "markdown")

    assert run.code == UpdateExit.BREAKING
    assert everything(built_copy) == before
    assert run.out.startswith("### API changes: topaz")
    assert "**Suggested bump: major.**" in run.out
    assert "Generated Python symbols affected (1)" in run.out
    assert "- imagejobs\\_gen\\_topaz.api.cancel.cancel\\_task" in run.out
    assert "Files regenerated" in run.out
    assert "- generated/imagejobs\\_gen\\_topaz/openapi.json" in run.out
    assert "dry run: would write specs/topaz.yaml" in run.err


# --- refusals, without a build ---


def _fetched(body: bytes, content_type: str = "") -> Fetched:
    return Fetched("http://127.0.0.1:1/spec.json", False, body, content_type=content_type)


@pytest.mark.parametrize(
    ("body", "content_type", "target", "expected"),
    [
        (b"", "", "specs/t.json", "got an empty body, not a spec"),
        (b"  \n", "", "specs/t.yaml", "got an empty body, not a spec"),
        (b"<!DOCTYPE html><html><title>Sign in</title></html>", "", "specs/t.json",
         'got an HTML page ("Sign in"), not a spec'),
        (b'{"openapi": "3.1.0", "paths": {', "application/json", "specs/t.json",
         "got truncated JSON (it ends before the document does)"),
        (b"openapi: 3.1.0\npaths: {\n", "", "specs/t.yaml", "got truncated YAML"),
        (b'{"hello": "world"}', "application/json", "specs/t.json",
         "got JSON that is not an OpenAPI or Swagger document"),
        (b"- a\n- list\n", "", "specs/t.yaml", "got JSON/YAML that is not an OpenAPI or Swagger document"),
        (b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "", "specs/t.json",
         "got YAML, but specs/t.json is read as JSON"),
        (b"\xff\xfe\x00binary", "", "specs/t.json", "got binary data"),
    ],
    ids=["empty", "blank", "html", "truncated-json", "truncated-yaml", "not-openapi",
         "a-list", "yaml-for-json", "binary"],
)  # fmt: skip
def test_bodies_that_are_not_specs_are_refused(
    body: bytes, content_type: str, target: str, expected: str
) -> None:
    with pytest.raises(FetchError) as info:
        check_spec_body(_fetched(body, content_type), target)
    message = str(info.value)
    assert message.startswith("http://127.0.0.1:1/spec.json: ")
    assert expected in message
    assert "\n" not in message


def test_a_spec_is_accepted() -> None:
    # Topaz's own bytes (YAML) for its .yaml spec; JSON is YAML too; a .json spec takes JSON.
    published = (REPO / "specs/topaz.yaml").read_bytes()
    check_spec_body(_fetched(published, "application/yaml"), "specs/topaz.yaml")
    as_json = json.dumps(TOPAZ).encode()
    check_spec_body(_fetched(as_json, "application/json"), "specs/topaz.yaml")
    check_spec_body(_fetched(as_json, "application/json"), "specs/t.json")


def test_http_errors_name_the_url_status_and_body(vendor: Vendor) -> None:
    url = vendor.serve("/gone", Answer(404, b"", {"Content-Type": "application/json"}))
    with pytest.raises(FetchError, match=r"/gone: HTTP 404 Not Found, got an empty body$"):
        fetch(url)


def test_conditional_request_and_304(vendor: Vendor) -> None:
    url = vendor.serve(
        "/s.json",
        Answer(200, b"{}", {"ETag": '"a"', "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"}),
    )
    first = fetch(url)
    assert (first.not_modified, first.body, first.etag) == (False, b"{}", '"a"')
    assert first.last_modified == "Tue, 01 Dec 2026 10:00:00 GMT"
    again = fetch(url, etag='"a"', last_modified=first.last_modified)
    assert again.not_modified
    assert vendor.requests[-1]["If-None-Match"] == '"a"'
    assert vendor.requests[-1]["If-Modified-Since"] == first.last_modified


def test_size_cap(vendor: Vendor) -> None:
    url = vendor.serve("/big.json", Answer(200, b"x" * 2000))
    with pytest.raises(FetchError, match="2,000 bytes; the cap is 1,000"):
        fetch(url, max_bytes=1000)


def test_timeout(vendor: Vendor) -> None:
    url = vendor.serve("/slow.json", Answer(200, b"{}", delay=1.0))
    with pytest.raises(FetchError, match=r"no answer within 0.2 s"):
        fetch(url, timeout=0.2)


def test_redirects_are_limited_and_checked(vendor: Vendor) -> None:
    vendor.serve("/loop", Answer(302, b"", {"Location": "/loop"}))
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(vendor.url + "/loop", max_redirects=2)
    # To plain http on another host: refused before any request is sent there.
    vendor.serve("/away", Answer(302, b"", {"Location": "http://example.invalid/spec.json"}))
    with pytest.raises(FetchError, match="must use https"):
        fetch(vendor.url + "/away")
    vendor.serve("/moved", Answer(301, b"", {"Location": "/spec.json"}))
    vendor.serve("/spec.json", Answer(200, b"{}"))
    assert fetch(vendor.url + "/moved").body == b"{}"


def test_truncated_transfer(vendor: Vendor) -> None:
    url = vendor.serve("/cut.json", Answer(200, b'{"openapi"', {"Content-Length": "500"}))
    with pytest.raises(FetchError, match="truncated body"):
        fetch(url, timeout=2)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://vendor.example/spec.json", "must use https"),
        ("ftp://vendor.example/spec.json", "must be an https:// URL"),
        ("https://user:pw@vendor.example/spec.json", "must not carry credentials"),
        ("https://vendor.example/a b.json", "without spaces"),
    ],
)
def test_source_urls_are_checked_in_the_config(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SpecEntry(spec="specs/x.json", source=url)
    with pytest.raises(FetchError, match=message):
        fetch(url)


def test_localhost_may_use_http() -> None:
    for url in ("http://127.0.0.1:8000/x.json", "http://localhost/x.json", "http://[::1]:1/x"):
        assert SpecEntry(spec="specs/x.json", source=url).source == url


def test_usage_errors(repo: Path) -> None:
    unknown = run_update(repo, "nope")
    assert unknown.code == 2
    assert "no spec nope in specs/codegen.yaml" in unknown.err
    sourceless = run_update(repo, "useapi")
    assert sourceless.code == 2
    assert "useapi has no `source:`" in sourceless.err
    without_sources(repo)
    nothing = run_update(repo)
    assert nothing.code == 0
    assert "nothing to update" in nothing.err


def test_atomic_write_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "spec.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    update.write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["spec.json"]
