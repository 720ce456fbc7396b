"""Health records a document may be attached to (documents.kinds): a health assessment's report, listed on the
child's health page."""

from hearth.core.dates import long_date
from hearth.documents.kinds import Attachable, attachable_register

attachable_register(
    Attachable(
        key="health.assessment",
        title="Health assessment",
        model="health.HealthAssessment",
        url_name="health:record",
        url_kwarg="",
        anchor="assessment",
        describe=lambda assessment: f"{assessment.get_kind_display()} of {long_date(assessment.assessed_on)}",
    )
)
