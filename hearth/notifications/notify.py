"""GOV.UK Notify as Hearth's email service (the production option councils use): a Django email backend that sends
each message through Notify's official client, with one Notify email template whose subject is ((subject)) and whose
body is ((body)). Settings: HEARTH_NOTIFY_API_KEY, HEARTH_NOTIFY_TEMPLATE_ID, and HEARTH_NOTIFY_BASE_URL (Notify's
own address unless a test points it elsewhere). An address Notify will not send to is a refused recipient, as SMTP's.
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

NOTIFY_URL = "https://api.notifications.service.gov.uk"


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
            settings.HEARTH_NOTIFY_API_KEY,
            base_url=getattr(settings, "HEARTH_NOTIFY_BASE_URL", "") or NOTIFY_URL,
        )
        self.template_id = settings.HEARTH_NOTIFY_TEMPLATE_ID

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            for address in message.to:
                try:
                    self.client.send_email_notification(  # type: ignore[no-untyped-call]
                        email_address=address,
                        template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                except HTTPError as error:
                    if error.status_code == 400 and not self.fail_silently:
                        # Notify's answer to an address it will not send to (ValidationError, BadRequestError).
                        raise smtplib.SMTPRecipientsRefused(
                            {address: (400, str(error.message).encode())}
                        ) from error
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        return sent
