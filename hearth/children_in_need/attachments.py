"""Child in need records a document may be attached to (documents.kinds)."""

from hearth.core.dates import long_date
from hearth.documents.kinds import Attachable, attachable_register

attachable_register(
    Attachable(
        key="children_in_need.assessment",
        title="Assessment",
        model="children_in_need.Assessment",
        url_name="children_in_need:assessment",
        url_kwarg="assessment_pk",
        child_path="episode__child",
        describe=lambda assessment: f"Assessment started {long_date(assessment.start_date)}",
    )
)
attachable_register(
    Attachable(
        key="children_in_need.episode",
        title="Child in need episode",
        model="children_in_need.CinEpisode",
        url_name="children_in_need:episode",
        url_kwarg="episode_pk",
        describe=lambda episode: f"Child in need episode from {long_date(episode.referral_date)}",
    )
)
