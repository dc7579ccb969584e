# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains all the data models used in inputs/outputs"""

from .predictions_list_response_200 import PredictionsListResponse200
from .predictions_list_source import PredictionsListSource
from .schemas_prediction_response import SchemasPredictionResponse
from .schemas_prediction_response_input import SchemasPredictionResponseInput
from .schemas_prediction_response_metrics import SchemasPredictionResponseMetrics
from .schemas_prediction_response_source import SchemasPredictionResponseSource
from .schemas_prediction_response_status import SchemasPredictionResponseStatus
from .schemas_prediction_response_urls import SchemasPredictionResponseUrls
from .schemas_prediction_response_version_type_1 import SchemasPredictionResponseVersionType1
from .schemas_version_prediction_request import SchemasVersionPredictionRequest
from .schemas_version_prediction_request_input import SchemasVersionPredictionRequestInput
from .schemas_version_prediction_request_webhook_events_filter_item import (
    SchemasVersionPredictionRequestWebhookEventsFilterItem,
)

__all__ = (
    "PredictionsListResponse200",
    "PredictionsListSource",
    "SchemasPredictionResponse",
    "SchemasPredictionResponseInput",
    "SchemasPredictionResponseMetrics",
    "SchemasPredictionResponseSource",
    "SchemasPredictionResponseStatus",
    "SchemasPredictionResponseUrls",
    "SchemasPredictionResponseVersionType1",
    "SchemasVersionPredictionRequest",
    "SchemasVersionPredictionRequestInput",
    "SchemasVersionPredictionRequestWebhookEventsFilterItem",
)
