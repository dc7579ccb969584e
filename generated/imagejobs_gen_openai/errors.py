# Generated from specs/openai.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains shared errors types that can be raised from API functions"""

from collections.abc import Mapping

_MAX_QUOTED = 1000  # imagejobs: keep messages (and logs) short


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes, headers: Mapping[str, str] | None = None):
        self.status_code = status_code
        self.content = content
        self.headers: Mapping[str, str] = headers if headers is not None else {}  # imagejobs

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content[:_MAX_QUOTED].decode(errors='ignore')}"
        )


class MalformedResponse(UnexpectedStatus):  # imagejobs
    """Raised when a documented status arrives with a body that does not parse as documented."""

    def __init__(
        self,
        status_code: int,
        content: bytes,
        headers: Mapping[str, str] | None = None,
        reason: BaseException | None = None,
    ):
        super().__init__(status_code, content, headers)
        self.reason = reason
        # The status was documented; the body was not what the spec says. Say so, and why.
        Exception.__init__(
            self,
            f"Malformed response body for status {status_code}: {reason!r}\n\n"
            f"Response content:\n{content[:_MAX_QUOTED].decode(errors='ignore')}",
        )


__all__ = ["MalformedResponse", "UnexpectedStatus"]
