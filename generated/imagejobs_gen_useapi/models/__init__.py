# Generated from specs/useapi.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains all the data models used in inputs/outputs"""

from .attachment import Attachment
from .error import Error
from .job import Job
from .job_cancel_response import JobCancelResponse
from .job_child import JobChild
from .job_status import JobStatus
from .midjourney_account import MidjourneyAccount
from .midjourney_accounts import MidjourneyAccounts

__all__ = (
    "Attachment",
    "Error",
    "Job",
    "JobCancelResponse",
    "JobChild",
    "JobStatus",
    "MidjourneyAccount",
    "MidjourneyAccounts",
)
