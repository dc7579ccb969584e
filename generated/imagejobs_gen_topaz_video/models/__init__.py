# Generated from specs/topaz_video.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains all the data models used in inputs/outputs"""

from .cancel_video_request_response_200 import CancelVideoRequestResponse200
from .cancel_video_request_response_400 import CancelVideoRequestResponse400
from .cancel_video_request_response_401 import CancelVideoRequestResponse401
from .cancel_video_request_response_403 import CancelVideoRequestResponse403
from .cancel_video_request_response_404 import CancelVideoRequestResponse404
from .cancel_video_request_response_500 import CancelVideoRequestResponse500
from .enhanced_download_signed_url_response import EnhancedDownloadSignedUrlResponse
from .get_video_request_status_response_401 import GetVideoRequestStatusResponse401
from .get_video_request_status_response_403 import GetVideoRequestStatusResponse403
from .get_video_request_status_response_404 import GetVideoRequestStatusResponse404
from .get_video_request_status_response_500 import GetVideoRequestStatusResponse500
from .processing_stat_intermediate_item import ProcessingStatIntermediateItem
from .processing_stat_intermediate_item_status import ProcessingStatIntermediateItemStatus
from .request_estimates import RequestEstimates
from .status_response import StatusResponse
from .status_response_status import StatusResponseStatus

__all__ = (
    "CancelVideoRequestResponse200",
    "CancelVideoRequestResponse400",
    "CancelVideoRequestResponse401",
    "CancelVideoRequestResponse403",
    "CancelVideoRequestResponse404",
    "CancelVideoRequestResponse500",
    "EnhancedDownloadSignedUrlResponse",
    "GetVideoRequestStatusResponse401",
    "GetVideoRequestStatusResponse403",
    "GetVideoRequestStatusResponse404",
    "GetVideoRequestStatusResponse500",
    "ProcessingStatIntermediateItem",
    "ProcessingStatIntermediateItemStatus",
    "RequestEstimates",
    "StatusResponse",
    "StatusResponseStatus",
)
