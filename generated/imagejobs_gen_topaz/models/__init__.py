# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains all the data models used in inputs/outputs"""

from .async_response import AsyncResponse
from .download_response import DownloadResponse
from .enhance_gan_request import EnhanceGANRequest
from .enhance_gan_request_model import EnhanceGANRequestModel
from .enhance_gan_request_output_format import EnhanceGANRequestOutputFormat
from .error import Error
from .status_response import StatusResponse
from .status_response_status import StatusResponseStatus

__all__ = (
    "AsyncResponse",
    "DownloadResponse",
    "EnhanceGANRequest",
    "EnhanceGANRequestModel",
    "EnhanceGANRequestOutputFormat",
    "Error",
    "StatusResponse",
    "StatusResponseStatus",
)
