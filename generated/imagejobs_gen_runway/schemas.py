# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

from typing import Annotated, Literal
from uuid import UUID

from pydantic import AnyUrl, AwareDatetime, BaseModel, ConfigDict, Field, RootModel
from typing_extensions import TypeAliasType


class Cost(BaseModel):
    """
    Final cost in credits for a terminal task. A refunded task reports 0.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    credits: Annotated[int, Field(ge=-9007199254740991, le=9007199254740991)]
    """
    Credits charged for this task.
    """


class EstimatedCost(BaseModel):
    """
    Estimated cost, computed against current pricing.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    credits: float
    """
    Estimated cost of the generation in credits.
    """


V1TasksIdDeletePathIdParameter = TypeAliasType("V1TasksIdDeletePathIdParameter", UUID)


V1TasksIdGetPathIdParameter = TypeAliasType("V1TasksIdGetPathIdParameter", UUID)


class V1TasksIdGetResponse1(BaseModel):
    """
    A pending task
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID
    """
    The ID of the task being returned.
    """
    createdAt: AwareDatetime
    """
    The timestamp that the task was submitted at.
    """
    status: Literal["PENDING"]
    estimatedCost: EstimatedCost
    """
    Estimated cost, computed against current pricing.
    """


class V1TasksIdGetResponse2(BaseModel):
    """
    A throttled task
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID
    """
    The ID of the task being returned.
    """
    createdAt: AwareDatetime
    """
    The timestamp that the task was submitted at.
    """
    status: Literal["THROTTLED"]
    estimatedCost: EstimatedCost
    """
    Estimated cost, computed against current pricing.
    """


class V1TasksIdGetResponse3(BaseModel):
    """
    A cancelled or deleted task
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID
    """
    The ID of the task being returned.
    """
    createdAt: AwareDatetime
    """
    The timestamp that the task was submitted at.
    """
    status: Literal["CANCELLED"]
    cost: Cost
    """
    Final cost in credits for a terminal task. A refunded task reports 0.
    """


class V1TasksIdGetResponse4(BaseModel):
    """
    A running task
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID
    """
    The ID of the task being returned.
    """
    createdAt: AwareDatetime
    """
    The timestamp that the task was submitted at.
    """
    status: Literal["RUNNING"]
    progress: Annotated[float, Field(ge=0.0, le=1.0)]
    estimatedCost: EstimatedCost
    """
    Estimated cost, computed against current pricing.
    """


class V1TasksIdGetResponse5(BaseModel):
    """
    A failed task
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID
    """
    The ID of the task being returned.
    """
    createdAt: AwareDatetime
    """
    The timestamp that the task was submitted at.
    """
    status: Literal["FAILED"]
    failure: str
    """
    A human-friendly reason for the failure. We do not recommend returning this to users directly without adding context.
    """
    failureCode: str | None = None
    """
    A machine-readable error code for the failure. See https://docs.dev.runwayml.com/errors/task-failures/ for more information.
    """
    cost: Cost
    """
    Final cost in credits for a terminal task. A refunded task reports 0.
    """


class V1TasksIdGetResponse6(BaseModel):
    """
    A succeeded task
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID
    """
    The ID of the task being returned.
    """
    createdAt: AwareDatetime
    """
    The timestamp that the task was submitted at.
    """
    status: Literal["SUCCEEDED"]
    output: list[AnyUrl]
    """
    An array of URLs that return the output of the task. These URLs will expire within 24-48 hours; fetch the task again to get fresh URLs. It is expected that you download the assets at these URLs and store them in your own storage system.
    """
    cost: Cost
    """
    Final cost in credits for a terminal task. A refunded task reports 0.
    """


class V1TasksIdGetResponse(
    RootModel[
        V1TasksIdGetResponse1
        | V1TasksIdGetResponse2
        | V1TasksIdGetResponse3
        | V1TasksIdGetResponse4
        | V1TasksIdGetResponse5
        | V1TasksIdGetResponse6
    ]
):
    root: Annotated[
        V1TasksIdGetResponse1
        | V1TasksIdGetResponse2
        | V1TasksIdGetResponse3
        | V1TasksIdGetResponse4
        | V1TasksIdGetResponse5
        | V1TasksIdGetResponse6,
        Field(discriminator="status"),
    ]


class V1TasksIdGetResponse7(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    error: str


XRunwayVersionParameter = TypeAliasType("XRunwayVersionParameter", str)
