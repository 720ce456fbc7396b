"""Children and adults, their names, identifiers, addresses, characteristics, relationships and households.

The vocabulary is the DfE's (CIN census, SSDA903) and the Standard Safeguarding Dataset's (ssd_person,
ssd_address, ssd_family, ssd_disability, ssd_immigration_status, ssd_linked_identifiers, ssd_mother).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hearth.core.codesets import (
    AddressType,
    Disability,
    Ethnicity,
    IdentifierType,
    ImmigrationStatus,
    ProfessionalRole,
    RelationshipType,
    Religion,
    Sex,
    UpnUnknown,
)


class RecordKind(models.TextChoices):
    CHILD = "child", "Child or young person"
    ADULT = "adult", "Adult"


class Person(models.Model):
    """A person known to children's services: a child (the subject of a record) or an adult around a child."""

    person_number = models.CharField(max_length=20, unique=True, help_text="The council's ID (LAchildID)")
    kind = models.CharField(max_length=5, choices=RecordKind.choices, default=RecordKind.CHILD)
    forename = models.CharField(max_length=80)
    middle_names = models.CharField(max_length=120, blank=True)
    surname = models.CharField(max_length=80)
    preferred_name = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    # GenderCurrent as a CIN census before 2024/25 gave it, kept where Hearth's sex (U) folds two codes together:
    # 0 (not recorded or unborn) and 9 (indeterminate). Exported as given for those years (issue 19).
    gender_current = models.CharField(max_length=1, blank=True, default="", db_default="")
    # An imported census gave no Disabilities for the child (rule 8540 fails): the export leaves them out again,
    # where a child with nothing recorded in Hearth is exported as NONE.
    census_disabilities_absent = models.BooleanField(default=False, db_default=False)
    gender_identity = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    first_language = models.CharField(max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    religion = models.CharField(max_length=20, choices=Religion.choices, blank=True)
    nationality = models.CharField(max_length=60, blank=True)
    upn = models.CharField(max_length=13, blank=True)
    former_upn = models.CharField(max_length=13, blank=True)
    upn_unknown = models.CharField(max_length=3, choices=UpnUnknown.choices, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    has_send = models.BooleanField(default=False, help_text="Special educational needs or disability (SEND)")
    is_restricted = models.BooleanField(
        default=False, help_text="Open only to the people named on the record"
    )
    warnings = models.CharField(max_length=300, blank=True, help_text="Shown on the identity bar")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
            models.Index(fields=["nhs_number"], name="person_nhs_idx"),
            models.Index(fields=["upn"], name="person_upn_idx"),
            models.Index(fields=["former_upn"], name="person_former_upn_idx"),
            # Lists of many children by name, read in order and cut short (idlists.pk_any, ADR 42).
            models.Index(fields=["surname", "forename", "id"], name="person_name_idx"),
            # The few restricted records, found among many ids without reading each (idlists.pk_any).
            models.Index(fields=["id"], name="person_restricted_idx", condition=models.Q(is_restricted=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_death=None)
                | models.Q(date_of_birth=None)
                | models.Q(date_of_death__gte=models.F("date_of_birth")),
                name="death_not_before_birth",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.forename} {self.surname}"


class NameKind(models.TextChoices):
    CURRENT = "current", "Current name"
    PREVIOUS = "previous", "Previous name"
    ALIAS = "alias", "Also known as"
    BIRTH = "birth", "Name at birth"


class PersonName(models.Model):
    """Previous names and aliases (the current name is on the person)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=10, choices=NameKind.choices)
    forename = models.CharField(max_length=80)
    surname = models.CharField(max_length=80)
    used_from = models.DateField(null=True, blank=True)
    used_to = models.DateField(null=True, blank=True)


class NameToken(models.Model):
    """The index behind fuzzy name search: a word of a person's names with one of its phonetic keys, or (token
    empty) the keys of a given name and family name together (people.services.name_tokens_for)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=40)
    phonetic = models.CharField(max_length=30)

    class Meta:
        indexes = [
            models.Index(fields=["phonetic", "person"], name="nametoken_phonetic_idx"),
            models.Index(fields=["token", "person"], name="nametoken_token_idx"),
        ]


class Identifier(models.Model):
    """Identifiers with their validity (ssd_linked_identifiers): case numbers, former UPNs, other systems' IDs."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    type = models.CharField(max_length=20, choices=IdentifierType.choices)
    value = models.CharField(max_length=40)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["value"], name="identifier_value_idx")]


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    type = models.CharField(max_length=20, choices=AddressType.choices, default=AddressType.HOME)
    line_1 = models.CharField(max_length=120)
    line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=8, help_text="Normalised: upper case, one space")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        # Search by postcode reads current addresses only: the partial index holds the person too, so that a
        # district's people are listed from the index alone (issue 21: a postcode sector's 30,000 addresses read
        # from the table took 350 ms at national scale).
        indexes = [
            models.Index(
                fields=["postcode", "person"],
                condition=models.Q(end_date=None),
                name="address_current_postcode_idx",
            )
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.line_1, self.line_2, self.town, self.postcode) if part)


class PersonDisability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=Disability.choices)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "code"], name="one_disability_code_each")]


class PersonImmigrationStatus(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="immigration_statuses")
    status = models.CharField(max_length=20, choices=ImmigrationStatus.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class Relationship(models.Model):
    """`person` is `type` of `other` (for example the mother of); the inverse is read, not stored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    type = models.CharField(max_length=30, choices=RelationshipType.choices)
    parental_responsibility = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="no_relationship_to_self"
            ),
        ]
        indexes = [models.Index(fields=["other"], name="relationship_other_idx")]


class Household(models.Model):
    """A household (ssd_family): everyone living together, with when they joined and left."""

    family_identifier = models.CharField(max_length=30, unique=True)


class HouseholdMembership(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_memberships")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["person"], name="household_person_idx"),
            models.Index(fields=["household"], name="household_members_idx"),
        ]


class ProfessionalInvolvement(models.Model):
    """A professional in the network around a child; `staff_user` links a partner agency user to the child."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="professionals")
    role = models.CharField(max_length=30, choices=ProfessionalRole.choices)
    name = models.CharField(max_length=120)
    organisation = models.CharField(max_length=120, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvements",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["staff_user", "child"],
                name="professional_user_idx",
                condition=models.Q(end_date=None),
            )
        ]


class Attributed(models.Model):
    """Who recorded a record and for which agency: a member of the council's staff, or a partner agency's user
    writing their own part with the basis for sharing it rests on (hearth.people.partners)."""

    # None only for a record written by an import or the demo, not by a person
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField()
    agency = models.CharField(max_length=120)
    sharing_basis = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class PartnerContribution(models.Model):
    """A partner's write on a child's record, on the allocated worker's list ("new from partners") until read."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(max_length=120)
    what = models.CharField(max_length=300)
    link = models.CharField(max_length=300)
    record_type = models.CharField(max_length=60)
    record_id = models.BigIntegerField()
    recorded_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["child", "recorded_at"],
                name="partner_unseen_idx",
                condition=models.Q(seen_at=None),
            )
        ]


class RestrictedAccess(models.Model):
    """A person named as allowed to open a restricted record."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="restricted_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "user"], name="one_restricted_grant")]
