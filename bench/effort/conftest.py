"""The effort tasks drive the browser journeys' Chromium against a live Hearth server (`e2e/conftest.py`)."""

from e2e.conftest import browser, page  # noqa: F401
