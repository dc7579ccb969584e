# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

"""A client library for accessing Image API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
