# Generated from specs/topaz.json + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .process_status import ProcessStatus
from .status_response import StatusResponse

__all__ = (
    "Error",
    "ProcessStatus",
    "StatusResponse",
)
