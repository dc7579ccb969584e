# Generated from specs/openai.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains all the data models used in inputs/outputs"""

from .batch import Batch
from .batch_error import BatchError
from .batch_errors import BatchErrors
from .batch_object import BatchObject
from .batch_request_counts import BatchRequestCounts
from .batch_status import BatchStatus
from .batch_usage import BatchUsage
from .batch_usage_input_tokens_details import BatchUsageInputTokensDetails
from .batch_usage_output_tokens_details import BatchUsageOutputTokensDetails
from .create_batch_request import CreateBatchRequest
from .create_batch_request_completion_window import CreateBatchRequestCompletionWindow
from .create_batch_request_endpoint import CreateBatchRequestEndpoint
from .file_expiration_policy import FileExpirationPolicy
from .file_expiration_policy_anchor import FileExpirationPolicyAnchor
from .list_batches_response import ListBatchesResponse
from .list_batches_response_object import ListBatchesResponseObject
from .metadata_type_0 import MetadataType0

__all__ = (
    "Batch",
    "BatchError",
    "BatchErrors",
    "BatchObject",
    "BatchRequestCounts",
    "BatchStatus",
    "BatchUsage",
    "BatchUsageInputTokensDetails",
    "BatchUsageOutputTokensDetails",
    "CreateBatchRequest",
    "CreateBatchRequestCompletionWindow",
    "CreateBatchRequestEndpoint",
    "FileExpirationPolicy",
    "FileExpirationPolicyAnchor",
    "ListBatchesResponse",
    "ListBatchesResponseObject",
    "MetadataType0",
)
