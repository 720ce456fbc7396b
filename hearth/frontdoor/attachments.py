"""The front door's records a document may be attached to (documents.kinds)."""

from hearth.core.dates import long_date
from hearth.documents.kinds import Attachable, attachable_register

attachable_register(
    Attachable(
        key="frontdoor.contact",
        title="Contact",
        model="frontdoor.Contact",
        url_name="frontdoor:screen",
        url_kwarg="contact_pk",
        describe=lambda contact: f"Contact received {long_date(contact.received_on)}",
    )
)
