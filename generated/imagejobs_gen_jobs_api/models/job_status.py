# Generated from specs/jobs_api.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from enum import StrEnum


class JobStatus(StrEnum):
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    COMPLETEDOK = "completedOk"
    COMPLETEDWITHISSUES = "completedWithIssues"
    NEW = "new"
    ONTHEWAY = "onTheWay"
    READ = "read"
    REFUSED = "refused"
    SCHEDULED = "scheduled"
    SENT = "sent"
    STARTED = "started"
    SUSPENDED = "suspended"
    UNSCHEDULED = "unscheduled"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "JobStatus | None":  # imagejobs: open enum
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
