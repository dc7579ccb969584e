# Generated from specs/jobs_api.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

"""A client library for accessing Jobs API (BigChange REST API v1, job control subset)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
