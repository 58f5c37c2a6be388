"""Shared test configuration: hypothesis profiles and a clean plugin state per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True)
def _fresh_default_plugin_manager() -> Iterator[None]:
    """Each test starts with no cached plugin manager or calendar."""
    from enforcement.plugins import set_default_plugin_manager

    set_default_plugin_manager(None)
    yield
    set_default_plugin_manager(None)
