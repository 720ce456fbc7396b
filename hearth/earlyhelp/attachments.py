"""Early help records a document may be attached to (documents.kinds)."""

from hearth.core.dates import long_date
from hearth.documents.kinds import Attachable, attachable_register

attachable_register(
    Attachable(
        key="earlyhelp.episode",
        title="Early help",
        model="earlyhelp.EarlyHelpEpisode",
        url_name="earlyhelp:episode",
        url_kwarg="episode_pk",
        describe=lambda episode: f"Early help from {long_date(episode.start_date)}",
    )
)
