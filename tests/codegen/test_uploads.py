"""Binary bodies: a PNG uploaded through the generated client of Topaz's full Image API.

Topaz's published file (corpus/topaz_image.yaml) declares the multipart ``image`` of
``POST /enhance/async`` the OpenAPI 3.1 way, ``contentMediaType: application/octet-stream``. Before,
the client typed it ``str`` and sent the text ``b'\\x89PNG...'``; and every multipart body went out
with ``Content-Type: multipart/form-data; boundary=+++`` while httpx wrote another boundary. Here
the spec goes in the README way and the generated client uploads a PNG to an
``httpx.MockTransport`` that parses the multipart body as a server would (``email`` with the
request's own Content-Type): the bytes must arrive intact, as a file part.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Built, copy_repo, run_script

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "corpus"

UPLOAD = r"""
import email, email.policy, json, sys, zlib, struct
from io import BytesIO
sys.path.insert(0, sys.argv[1])
import httpx
from imagejobs_gen_topaz_image import AuthenticatedClient
from imagejobs_gen_topaz_image.api.enhance import post_enhance
from imagejobs_gen_topaz_image.models import AsyncResponse, EnhanceGANRequest, EnhanceGANRequestModel
from imagejobs_gen_topaz_image.types import File

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

# A real 2x2 PNG whose pixel data holds every byte value, CR LF and "--" included.
raw = b"".join(b"\x00" + bytes(range(i * 128, i * 128 + 128)) * 1 for i in range(2))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 32, 2, 8, 0, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw + b"\r\n--\r\n")) + chunk(b"IEND", b""))
seen = {}

def handler(request):
    ctype = request.headers["content-type"]
    head = b"Content-Type: " + ctype.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n"
    message = email.message_from_bytes(head + request.content, policy=email.policy.HTTP)
    parts = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        parts[name] = {"filename": part.get_filename(), "type": part.get_content_type(),
                       "body": part.get_payload(decode=True).hex()}
    seen.update(content_type=ctype, parts=parts, key=request.headers.get("x-api-key"),
                url=str(request.url), defects=[str(d) for d in message.defects])
    return httpx.Response(200, json={"process_id": "p-1", "source_id": "s-1", "eta": 1700000000})

client = AuthenticatedClient(
    base_url="https://api.topazlabs.com/image/v1", token="tz-secret", prefix="",
    auth_header_name="X-API-Key", raise_on_unexpected_status=True,
    httpx_args={"transport": httpx.MockTransport(handler)},
)
body = EnhanceGANRequest(
    image=File(payload=BytesIO(png), file_name="in.png", mime_type="image/png"),
    model=EnhanceGANRequestModel.STANDARD_V2, output_width=64,
)
answer = post_enhance.sync(client=client, body=body)
print(json.dumps({"seen": seen, "png": png.hex(),
                  "answer": isinstance(answer, AsyncResponse) and answer.process_id}))
"""


@pytest.fixture(scope="module")
def topaz_image(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("topaz-image") / "repo", source=built.root)
    shutil.copyfile(CORPUS / "topaz_image.yaml", root / "specs/topaz_image.yaml")
    with (root / "specs/codegen.yaml").open("a", encoding="utf-8") as config:
        config.write("  topaz_image:\n    spec: specs/topaz_image.yaml\n    vendor: true\n")
    run = run_script(root)
    assert run.code == 0, run.stderr[-3000:]
    return root


def test_the_3_1_binary_property_is_a_file(topaz_image: Path) -> None:
    model = (
        topaz_image / "generated/imagejobs_gen_topaz_image/models/enhance_gan_request.py"
    ).read_text(encoding="utf-8")
    assert "image: File | Unset = UNSET" in model
    endpoint = (
        topaz_image / "generated/imagejobs_gen_topaz_image/api/enhance/post_enhance.py"
    ).read_text(encoding="utf-8")
    assert "boundary" not in endpoint
    assert '_kwargs["files"] = body.to_multipart()' in endpoint


def test_a_png_upload_arrives_intact(topaz_image: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", UPLOAD, str(topaz_image / "generated")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout)
    seen = result["seen"]
    assert seen["url"] == "https://api.topazlabs.com/image/v1/enhance/async"
    assert seen["key"] == "tz-secret"
    # One Content-Type, written by httpx, whose boundary is the one in the body.
    assert seen["content_type"].startswith("multipart/form-data; boundary=")
    assert seen["defects"] == []
    image = seen["parts"]["image"]
    assert (image["filename"], image["type"]) == ("in.png", "image/png")
    assert image["body"] == result["png"], "the PNG bytes arrived changed"
    assert bytes.fromhex(image["body"]).startswith(b"\x89PNG\r\n\x1a\n")
    assert bytes.fromhex(seen["parts"]["model"]["body"]) == b"Standard V2"
    assert bytes.fromhex(seen["parts"]["output_width"]["body"]) == b"64"
    assert result["answer"] == "p-1"
