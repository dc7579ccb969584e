# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains all the data models used in inputs/outputs"""

from .get_v1_tasks_id_response_200_type_0 import GetV1TasksIdResponse200Type0
from .get_v1_tasks_id_response_200_type_0_estimated_cost import (
    GetV1TasksIdResponse200Type0EstimatedCost,
)
from .get_v1_tasks_id_response_200_type_1 import GetV1TasksIdResponse200Type1
from .get_v1_tasks_id_response_200_type_1_estimated_cost import (
    GetV1TasksIdResponse200Type1EstimatedCost,
)
from .get_v1_tasks_id_response_200_type_2 import GetV1TasksIdResponse200Type2
from .get_v1_tasks_id_response_200_type_2_cost import GetV1TasksIdResponse200Type2Cost
from .get_v1_tasks_id_response_200_type_3 import GetV1TasksIdResponse200Type3
from .get_v1_tasks_id_response_200_type_3_estimated_cost import (
    GetV1TasksIdResponse200Type3EstimatedCost,
)
from .get_v1_tasks_id_response_200_type_4 import GetV1TasksIdResponse200Type4
from .get_v1_tasks_id_response_200_type_4_cost import GetV1TasksIdResponse200Type4Cost
from .get_v1_tasks_id_response_200_type_5 import GetV1TasksIdResponse200Type5
from .get_v1_tasks_id_response_200_type_5_cost import GetV1TasksIdResponse200Type5Cost
from .get_v1_tasks_id_response_404 import GetV1TasksIdResponse404

__all__ = (
    "GetV1TasksIdResponse200Type0",
    "GetV1TasksIdResponse200Type0EstimatedCost",
    "GetV1TasksIdResponse200Type1",
    "GetV1TasksIdResponse200Type1EstimatedCost",
    "GetV1TasksIdResponse200Type2",
    "GetV1TasksIdResponse200Type2Cost",
    "GetV1TasksIdResponse200Type3",
    "GetV1TasksIdResponse200Type3EstimatedCost",
    "GetV1TasksIdResponse200Type4",
    "GetV1TasksIdResponse200Type4Cost",
    "GetV1TasksIdResponse200Type5",
    "GetV1TasksIdResponse200Type5Cost",
    "GetV1TasksIdResponse404",
)
