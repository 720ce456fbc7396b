"""Child protection: strategy discussions, section 47 enquiries, conferences, plans, core groups (CIN census
Section47 and ChildProtectionPlans; SSD s47 enquiries, initial conferences, CP plans, reviews and visits)."""

from __future__ import annotations

from django.db import models

from hearth.core.codesets import CategoryOfAbuse
from hearth.core.versions import Versioned


class Agency(models.TextChoices):
    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other"


class StrategyDiscussion(models.Model):
    """A strategy discussion or meeting: who led it (flagged when not a manager), who took part, the decision."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="strategy_discussions")
    cin_episode = models.ForeignKey(
        "children_in_need.CinEpisode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField()
    is_meeting = models.BooleanField(default=False)
    led_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    led_by_manager = models.BooleanField()
    agencies = models.JSONField(default=list)
    information_shared = models.TextField()
    section_47 = models.BooleanField()
    decision_reason = models.TextField()
    minutes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    # Brothers and sisters discussed together (issue 18): each child's discussion points to the first child's.
    together_with = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="discussed_with"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "held_on"], name="strategy_child_idx")]


class Section47Outcome(models.TextChoices):
    CONFERENCE = "conference", "Concerns substantiated: initial conference needed"
    CHILD_IN_NEED = "cin", "Concerns substantiated, no conference: child in need"
    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
    NO_FURTHER_ACTION = "nfa", "No further action"


class Section47Enquiry(models.Model):
    """CIN census Section47: S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC, ICPCnotRequired."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="section_47s")
    cin_episode = models.ForeignKey(
        "children_in_need.CinEpisode", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    strategy_discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Section47Outcome.choices, blank=True)
    # The InitialCPCtarget an imported census gave, where it differs from the due date Hearth's timescale gives
    # (Hearth keeps its own clock; the census is exported as it was).
    icpc_target_recorded = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="s47_ends_after_start",
            )
        ]

    @property
    def icpc_not_required(self) -> bool:
        return bool(self.outcome) and self.outcome != Section47Outcome.CONFERENCE


class ChildProtectionPlan(Versioned):
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="protection_plans")
    cin_episode = models.ForeignKey(
        "children_in_need.CinEpisode", null=True, on_delete=models.PROTECT, related_name="protection_plans"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    latest_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    # The risks the chair identified, carried into the plan; the plan is finalised once every outcome is measurable.
    risks = models.TextField(blank=True, default="", db_default="")
    finalised_on = models.DateField(null=True, blank=True)
    core_group_interval_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    # NumberOfPreviousCPP as an imported census gave it, where Hearth holds fewer earlier plans (they were before
    # the earliest census imported); exported as given, else counted from the plans held.
    previous_plans_recorded = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "start_date"], name="cpp_child_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="cpp_ends_after_start",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in conference"


class ConferenceDecision(models.TextChoices):
    PLAN = "plan", "Child protection plan"
    NO_PLAN = "no_plan", "No plan: child in need"
    NO_PLAN_NFA = "no_plan_nfa", "No plan: no further action"
    CONTINUE = "continue", "Continue the plan"
    CHANGE_CATEGORY = "change_category", "Continue the plan under another category"
    END_PLAN = "end_plan", "End the plan"


class ChildParticipation(models.TextChoices):
    ATTENDED = "attended", "Attended and spoke for themselves"
    ADVOCATE = "advocate", "Views given through an advocate"
    VIEWS_CONVEYED = "views_conveyed", "Views conveyed by the social worker"
    DECLINED = "declined", "Chose not to take part"
    TOO_YOUNG = "too_young", "Too young to take part (views observed)"


class Conference(models.Model):
    """An initial, review or transfer-in child protection conference (pre-birth when the child is unborn)."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="conferences")
    kind = models.CharField(max_length=12, choices=ConferenceKind.choices)
    section_47 = models.ForeignKey(
        Section47Enquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        ChildProtectionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="conferences"
    )
    pre_birth = models.BooleanField(default=False)
    held_on = models.DateField()
    chair = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    parents_present = models.BooleanField()
    child_participation = models.CharField(max_length=16, choices=ChildParticipation.choices)
    child_views = models.TextField(blank=True)
    decision = models.CharField(max_length=16, choices=ConferenceDecision.choices)
    category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    risks = models.TextField(blank=True)
    outline_plan = models.TextField(blank=True)
    from_authority = models.CharField(
        max_length=120, blank=True
    )  # transfer-in: the council the plan came from
    recorded_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    # Brothers and sisters at the same initial conference (issue 18): each child's points to the first child's.
    together_with = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="held_with"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "held_on"], name="conference_child_idx")]


class CoreGroup(models.Model):
    """A core group meeting: attendance by agency, minutes and when they were recorded; progress per outcome is
    its plan review (plans.PlanReview of kind core group)."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="core_groups")
    held_on = models.DateField()
    review = models.OneToOneField(
        "plans.PlanReview", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes = models.TextField(blank=True)
    minutes_recorded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey("organisation.StaffUser", on_delete=models.PROTECT, related_name="+")
    # Brothers and sisters whose plans the same core group reviewed (issue 18): each points to the first child's.
    together_with = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="held_with"
    )


class Attendance(models.Model):
    """Who was invited to and who attended a conference or a core group, by agency."""

    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.CASCADE, related_name="attendance"
    )
    core_group = models.ForeignKey(
        CoreGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="attendance"
    )
    agency = models.CharField(max_length=12, choices=Agency.choices)
    name = models.CharField(max_length=120, blank=True)
    invited = models.BooleanField(default=True)
    attended = models.BooleanField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(conference__isnull=False, core_group__isnull=True)
                | models.Q(conference__isnull=True, core_group__isnull=False),
                name="attendance_at_one_meeting",
            )
        ]


class ConferenceReport(models.Model):
    """A report to a conference and the date it was shared with the parents (flagged when late)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="reports")
    agency = models.CharField(max_length=12, choices=Agency.choices)
    author = models.CharField(max_length=120)
    shared_with_parents_on = models.DateField(null=True, blank=True)
