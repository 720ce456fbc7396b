"""The SMTP server fixture for these tests."""

from hearth.notifications.tests.smtp import mailbox  # noqa: F401 (a fixture)
