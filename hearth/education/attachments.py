"""Education records a document may be attached to (documents.kinds): a personal education plan, on its own page (an
education, health and care plan is kept among the child's documents, of its type)."""

from hearth.documents.kinds import Attachable, attachable_register

attachable_register(
    Attachable(
        key="education.pep",
        title="Personal education plan",
        model="education.Pep",
        url_name="education:pep",
        url_kwarg="pep_pk",
        describe=lambda pep: f"Personal education plan, version {pep.version}",
    )
)
