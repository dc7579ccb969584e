"""Fixtures for the fakes' own tests: the public plugin's fixtures plus client helpers."""

from __future__ import annotations

from imagejobs.testing.pytest_plugin import (  # noqa: F401 - fixtures are found by name
    fake_jobs_api,
    fake_topaz,
    fake_useapi,
    fakes,
)
