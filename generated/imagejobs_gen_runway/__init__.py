# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

"""A client library for accessing RunwayML API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
