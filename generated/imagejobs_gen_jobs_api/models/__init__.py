# Generated from specs/jobs_api.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains all the data models used in inputs/outputs"""

from .cancel_job_request import CancelJobRequest
from .job import Job
from .job_status import JobStatus
from .problem import Problem
from .token_request import TokenRequest
from .token_request_grant_type import TokenRequestGrantType
from .token_response import TokenResponse
from .validation_problem import ValidationProblem
from .validation_problem_errors_type_0 import ValidationProblemErrorsType0

__all__ = (
    "CancelJobRequest",
    "Job",
    "JobStatus",
    "Problem",
    "TokenRequest",
    "TokenRequestGrantType",
    "TokenResponse",
    "ValidationProblem",
    "ValidationProblemErrorsType0",
)
