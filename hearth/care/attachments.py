"""Care records a document may be attached to (documents.kinds): a placement's plan, agreement and notifications; a
review's record; a court order (listed on the care page, with no page of its own)."""

from hearth.core.dates import long_date
from hearth.documents.kinds import Attachable, attachable_register

attachable_register(
    Attachable(
        key="care.placement",
        title="Placement",
        model="care.Placement",
        url_name="care:placement",
        url_kwarg="placement_pk",
        child_path="period__child",
        describe=lambda placement: (
            f"{placement.get_placement_type_display()} from {long_date(placement.start_date)}"
        ),
    )
)
attachable_register(
    Attachable(
        key="care.review",
        title="Looked-after review",
        model="care.LacReview",
        url_name="care:review",
        url_kwarg="review_pk",
        describe=lambda review: f"Looked-after review {review.number} of {long_date(review.held_on)}",
    )
)

attachable_register(
    Attachable(
        key="care.legal_order",
        title="Court order",
        model="care.LegalOrder",
        url_name="care:care",
        url_kwarg="",
        anchor="order",
        describe=lambda order: f"{order.get_kind_display()} from {long_date(order.start_date)}",
    )
)
