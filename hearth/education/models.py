"""A child's education on the record (issue 17 item 2): the school they attend (from a register of schools with
their URNs), attendance, exclusions and suspensions, special educational needs and the education, health and care
plan, attainment at each key stage, and the personal education plan of a looked-after child (CPPCR 2010 reg 5 and
Sch 1; DfE statutory guidance "Promoting the education of looked-after and previously looked-after children",
2018). Each record says who recorded it for which agency (`Attributed`): designated teachers and the virtual school
record their own part."""

from __future__ import annotations

from django.db import models

from hearth.people.models import Attributed


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SPECIAL = "special", "Special school"
    ALTERNATIVE = "alternative", "Alternative provision"
    FURTHER = "further", "Further education"


class School(models.Model):
    """A school or setting from the register (Get Information About Schools), by its unique reference number."""

    urn = models.CharField(max_length=6, unique=True)
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=12, choices=Phase.choices)
    local_authority = models.CharField(max_length=120)
    postcode = models.CharField(max_length=10, blank=True)
    is_open = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.name} (URN {self.urn})"


class SchoolPlacement(Attributed):
    """The school a child attends, from a date until they leave."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="school_placements")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="school_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="school_placement_ends_after_it_starts",
            )
        ]


class SchoolAttendance(Attributed):
    """Attendance over a period (a term, usually): the percentage of sessions attended."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="school_attendance")
    period_start = models.DateField()
    period_end = models.DateField()
    percentage = models.DecimalField(max_digits=4, decimal_places=1)

    class Meta:
        indexes = [models.Index(fields=["child", "period_end"], name="attendance_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percentage__gte=0) & models.Q(percentage__lte=100),
                name="attendance_is_a_percentage",
            )
        ]


class ExclusionKind(models.TextChoices):
    SUSPENSION = "suspension", "Suspension (fixed-period exclusion)"
    PERMANENT = "permanent", "Permanent exclusion"


class Exclusion(Attributed):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="exclusions")
    kind = models.CharField(max_length=10, choices=ExclusionKind.choices)
    start_date = models.DateField()
    school_days = models.PositiveSmallIntegerField(null=True, blank=True)  # a suspension's length
    reason = models.CharField(max_length=300)

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="exclusion_child_idx")]


class SenKind(models.TextChoices):
    NONE = "none", "No special educational needs"
    SUPPORT = "support", "SEN support"
    EHCP = "ehcp", "Education, health and care plan"


class SenStatus(Attributed):
    """The child's special educational needs from a date: none, SEN support, or an EHC plan (with its date)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="sen_statuses")
    kind = models.CharField(max_length=10, choices=SenKind.choices)
    from_date = models.DateField()
    primary_need = models.CharField(max_length=120, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "from_date"], name="sen_child_idx")]


class KeyStage(models.TextChoices):
    EYFS = "EYFS", "Early years foundation stage"
    KS1 = "KS1", "Key stage 1"
    KS2 = "KS2", "Key stage 2"
    KS4 = "KS4", "Key stage 4 (GCSE)"
    KS5 = "KS5", "Key stage 5"


class Attainment(Attributed):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="attainment")
    key_stage = models.CharField(max_length=4, choices=KeyStage.choices)
    assessed_on = models.DateField()
    result = models.CharField(max_length=300)

    class Meta:
        indexes = [models.Index(fields=["child", "assessed_on"], name="attainment_child_idx")]


class PepStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"


class Pep(Attributed):
    """One version of a looked-after child's personal education plan. The designated teacher drafts the education
    sections; the social worker completes it and signs it off, after which it is locked: a correction, and each
    term's review, is a new version (`previous`)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="peps")
    version = models.PositiveSmallIntegerField()
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    started_on = models.DateField()
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The education sections (the designated teacher's part)
    attainment_and_progress = models.TextField(blank=True)
    attendance_and_behaviour = models.TextField(blank=True)
    targets = models.TextField(blank=True)
    pupil_premium_plus = models.TextField(blank=True)
    # The social worker's part
    child_views = models.TextField(blank=True)
    care_plan_links = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=PepStatus.choices, default=PepStatus.DRAFT)
    meeting_on = models.DateField(null=True, blank=True)  # the PEP meeting this version records
    signed_off_on = models.DateField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "version"], name="pep_child_idx")]
        constraints = [
            models.UniqueConstraint(fields=["child", "version"], name="pep_one_version_number"),
            models.CheckConstraint(
                condition=models.Q(status="draft", signed_off_on=None)
                | models.Q(status="signed_off", signed_off_on__isnull=False),
                name="pep_signed_off_has_its_date",
            ),
        ]

    @property
    def locked(self) -> bool:
        return self.status == PepStatus.SIGNED_OFF
