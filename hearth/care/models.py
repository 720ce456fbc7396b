"""Children looked after (issue 16): periods of care, their SSDA903 episodes, placements with the carers and homes
of the council's register, legal orders as one dated history, and care leavers' status."""

from __future__ import annotations

from django.db import models

from hearth.core.codesets import (
    LegalStatus,
    PlacementProvider,
    PlacementType,
    PrimaryNeed,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlaceChange,
    ReviewParticipation,
)
from hearth.core.versions import Versioned


class CareBasis(models.TextChoices):
    """Why the child is looked after: the decision to accommodate (issue 16 item 1)."""

    SECTION_20 = "s20", "Accommodated under section 20, with the parents' agreement"
    ORDER = "order", "Under a court order"
    POLICE = "police", "Police protection or an emergency protection order"
    REMAND = "remand", "Remanded to the council's accommodation"
    SHORT_BREAKS = "short_breaks", "Short breaks (respite)"


class CareRoute(models.TextChoices):
    """Where the decision to accommodate came from."""

    ASSESSMENT = "assessment", "An assessment"
    STRATEGY = "strategy", "A strategy discussion or child protection enquiry"
    COURT = "court", "A court order"
    REQUEST = "request", "A request for accommodation (the parents or the young person)"
    OTHER = "other", "Another route"


class CarePeriod(Versioned):
    """A continuous period of being looked after: the decision to accommodate and its 903 episodes. Its version
    goes up with each review recorded, so two people recording the same review are told (no lost update)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="care_periods")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices)  # the current episode's
    reason_ceased = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)
    basis = models.CharField(max_length=12, choices=CareBasis.choices, blank=True, default="", db_default="")
    route = models.CharField(max_length=10, choices=CareRoute.choices, blank=True, default="", db_default="")
    decision_reason = models.TextField(blank=True, default="", db_default="")
    category_of_need = models.CharField(
        max_length=2, choices=PrimaryNeed.choices, blank=True, default="", db_default=""
    )
    uasc = models.BooleanField(
        default=False, db_default=False
    )  # unaccompanied asylum-seeking child (903 UASC)
    uasc_ceased = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The independent reviewing officer (s.25A Children Act 1989), allocated within 5 working days (a setting).
    iro = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="iro_for"
    )
    iro_allocated_on = models.DateField(null=True, blank=True)
    care_plan_prepared_on = models.DateField(null=True, blank=True)  # CPPCR 2010 reg 4

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="care_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="care_ends_after_start",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class ProviderKind(models.TextChoices):
    FOSTER = "foster", "Fostering household (the council's own)"
    CONNECTED = "connected", "Connected person (family or friends) carer"
    AGENCY_FOSTER = "agency", "Independent fostering agency household"
    CHILDRENS_HOME = "home", "Children's home"
    SUPPORTED = "supported", "Supported accommodation"
    OWN_UNIT = "unit", "The council's own unit"
    OTHER = "other", "Other provider"


class Approval(models.TextChoices):
    """A foster carer's approval (Fostering Services Regulations 2011; CPPCR 2010 reg 24 temporary approval)."""

    FULL = "full", "Approved foster carer"
    TEMPORARY = "temporary", "Temporarily approved connected person (regulation 24)"
    NOT_APPLICABLE = "n/a", "Not a foster carer (a home or other provider)"


class CareProvider(models.Model):
    """A fostering household, children's home, agency or unit on the council's register: a placement is chosen
    from it, so its URN, postcode and whether it is inside the council's area come from here."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ProviderKind.choices)
    provider_code = models.CharField(max_length=3, choices=PlacementProvider.choices)
    urn = models.CharField(max_length=8, blank=True, help_text="Ofsted unique reference number")
    postcode = models.CharField(max_length=8)
    in_area = models.BooleanField(help_text="Inside the council's own area")
    approval = models.CharField(max_length=10, choices=Approval.choices, default=Approval.NOT_APPLICABLE)
    approved_from = models.DateField(null=True, blank=True)
    approved_to = models.DateField(null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(help_text="How many children may be placed at once")
    age_from = models.PositiveSmallIntegerField(default=0)
    age_to = models.PositiveSmallIntegerField(default=17)
    carers = models.ManyToManyField("people.Person", blank=True, related_name="caring_for_council")
    active = models.BooleanField(default=True)
    reference = models.CharField(max_length=40, blank=True, help_text="The council's own reference")
    # Outside the council's area: the council whose area it is in, told of each child placed there.
    host_council = models.CharField(max_length=120, blank=True, default="", db_default="")
    host_council_address = models.TextField(blank=True, default="", db_default="")

    class Meta:
        indexes = [models.Index(fields=["name"], name="care_provider_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~models.Q(reference=""), name="care_provider_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Siblings(models.TextChoices):
    NONE = "none", "No brothers or sisters looked after"
    TOGETHER = "together", "Placed together"
    APART = "apart", "Placed apart"


class Placement(models.Model):
    period = models.ForeignKey(CarePeriod, on_delete=models.CASCADE, related_name="placements")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    placement_type = models.CharField(max_length=3, choices=PlacementType.choices)
    provider = models.CharField(max_length=3, choices=PlacementProvider.choices)
    postcode = models.CharField(max_length=8, blank=True)
    carer = models.ForeignKey(
        CareProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    urn = models.CharField(max_length=8, blank=True, default="", db_default="")
    in_area = models.BooleanField(null=True)
    distance_miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    reason_place_change = models.CharField(
        max_length=6, choices=ReasonPlaceChange.choices, blank=True, default="", db_default=""
    )
    long_term = models.BooleanField(default=False, db_default=False)  # intended to last until the child is 18
    # Placed with a parent before the assessment of the parent is complete (CPPCR 2010 reg 19, 28(3)).
    parent_assessment_pending = models.BooleanField(default=False, db_default=False)
    # Regulation 28's visiting regime for this placement (care.visiting.regime_for): standard, 28(3), 28(4), ...
    visit_regime = models.CharField(max_length=16, blank=True, default="", db_default="")
    siblings = models.CharField(max_length=8, choices=Siblings.choices, blank=True, default="", db_default="")
    siblings_reason = models.TextField(blank=True, default="", db_default="")
    plan_prepared_on = models.DateField(null=True, blank=True)  # the placement plan (CPPCR 2010 reg 9)
    plan_agreed_by_carer = models.BooleanField(default=False, db_default=False)

    class Meta:
        indexes = [models.Index(fields=["period", "start_date"], name="placement_period_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start",
            )
        ]


class CareEpisode(models.Model):
    """One SSDA903 episode: a new one each time the legal status or the placement changes (`RNE` says which),
    on one continuous timeline per period of care, no gaps or overlaps (903 rules 501 to 503)."""

    period = models.ForeignKey(CarePeriod, on_delete=models.CASCADE, related_name="episodes")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="care_episodes")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="episodes")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason_new = models.CharField(max_length=1, choices=ReasonNewEpisode.choices)
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices)
    reason_ceased = models.CharField(max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="care_episode_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="care_episode_ends_after_start",
            )
        ]


class OrderKind(models.TextChoices):
    POLICE_PROTECTION = "pp", "Police protection"
    EMERGENCY_PROTECTION = "epo", "Emergency protection order"
    CHILD_ASSESSMENT = "cao", "Child assessment order"
    INTERIM_CARE = "ico", "Interim care order"
    CARE = "co", "Care order"
    INTERIM_SUPERVISION = "iso", "Interim supervision order"
    SUPERVISION = "so", "Supervision order"
    PLACEMENT = "po", "Placement order"
    SPECIAL_GUARDIANSHIP = "sgo", "Special guardianship order"
    CHILD_ARRANGEMENTS = "cao2", "Child arrangements order"
    DEPRIVATION_OF_LIBERTY = "dolo", "Deprivation of liberty order"
    REMAND = "remand", "Remand to the council's or youth detention accommodation"
    PACE = "pace", "Council accommodation under PACE 1984"
    YRO_RESIDENCE = "yro", "Youth rehabilitation order with a residence requirement"
    ADOPTION = "adoption", "Adoption order"


class LegalOrder(models.Model):
    """A court order or police power over the child, with its dates: the one history the episode's legal status,
    the 903, Annex A and adoption read."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="legal_orders")
    kind = models.CharField(max_length=8, choices=OrderKind.choices)
    court = models.CharField(max_length=120, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    proceedings_started = models.DateField(null=True, blank=True)  # care proceedings: the 26-week clock
    recorded_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="legal_order_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="legal_order_ends_after_start",
            )
        ]


class CareLeaverStatus(models.Model):
    """A young person entitled to leaving-care support (relevant, former relevant, qualifying, eligible)."""

    class Eligibility(models.TextChoices):
        ELIGIBLE = "eligible", "Eligible (16 or 17, still looked after)"
        RELEVANT = "relevant", "Relevant (16 or 17, left care)"
        FORMER_RELEVANT = "former_relevant", "Former relevant (18 to 25)"
        QUALIFYING = "qualifying", "Qualifying"

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="care_leaver_statuses")
    eligibility = models.CharField(max_length=16, choices=Eligibility.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class LacReview(models.Model):
    """A looked-after review, chaired by the IRO: the child's participation (903 REVIEW_CODE), whether the IRO met
    the child before it, and the decisions circulated and the record completed, each within its time (settings)."""

    period = models.ForeignKey(CarePeriod, on_delete=models.CASCADE, related_name="reviews")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="lac_reviews")
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField()
    iro = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    participation = models.CharField(max_length=3, choices=ReviewParticipation.choices)
    iro_met_child_on = models.DateField(null=True, blank=True)
    child_views = models.TextField(blank=True)
    summary = models.TextField()
    decisions_circulated_on = models.DateField(null=True, blank=True)
    record_completed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "held_on"], name="lac_review_child_idx")]
        constraints = [models.UniqueConstraint(fields=["period", "number"], name="lac_review_number_unique")]


class Recommendation(models.Model):
    """A review's recommendation: specific, owned and dated, an obligation of its owner until done, shown with its
    progress at the next review (inspection report 2012 paragraph 90)."""

    review = models.ForeignKey(LacReview, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField()
    owner = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    progress = models.TextField(blank=True, default="", db_default="")
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]


class DisputeStage(models.TextChoices):
    """The IRO's dispute resolution (IRO Handbook 2010 chapter 6): informal, then formal stages, then Cafcass."""

    INFORMAL = "informal", "Informal resolution with the social worker"
    TEAM_MANAGER = "stage1", "Stage 1: the team manager"
    SERVICE = "stage2", "Stage 2: the head of service"
    DIRECTOR = "stage3", "Stage 3: the director"
    CAFCASS = "cafcass", "Referred to Cafcass"


class IroDispute(models.Model):
    period = models.ForeignKey(CarePeriod, on_delete=models.CASCADE, related_name="disputes")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="iro_disputes")
    raised_on = models.DateField()
    issue = models.TextField()
    stage = models.CharField(max_length=10, choices=DisputeStage.choices, default=DisputeStage.INFORMAL)
    stage_since = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    raised_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")


class PostcodeCentroid(models.Model):
    """A postcode's centre in British National Grid metres, from the ONS postcode directory the council loads
    (`hearth load_postcodes`): a placement's distance from home is computed from it when both postcodes are known."""

    postcode = models.CharField(max_length=8, primary_key=True)  # normalised: upper case, one space
    easting = models.PositiveIntegerField()
    northing = models.PositiveIntegerField()
