# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

"""A client library for accessing Replicate HTTP API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
