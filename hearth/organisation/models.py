"""Staff users, the services and teams they work in, and the allocation of children to workers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models

from hearth.core.versions import Versioned
from hearth.organisation.roles import (
    DEFAULT_SCOPE,
    MANAGER_ROLES,
    PARTNER_ROLES,
    Role,
    Scope,
)


class Service(models.Model):
    name = models.CharField(max_length=120, unique=True)
    head = models.ForeignKey(
        "organisation.StaffUser", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    manager = models.ForeignKey(
        "organisation.StaffUser",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_teams",
    )
    is_front_door = models.BooleanField(default=False, help_text="Screens contacts for the whole council")

    def __str__(self) -> str:
        return self.name


class StaffUserManager(BaseUserManager["StaffUser"]):
    def create_user(self, username: str, password: str | None = None, **fields: object) -> StaffUser:
        """A new member of staff, with the event that starts the clocks about them (supervision, appraisal)."""
        from django.db import transaction

        from hearth.core import clock
        from hearth.core.events import event_record

        user = self.model(username=username, **fields)
        user.set_password(password)
        with transaction.atomic(using=self._db):
            user.save(using=self._db)
            event_record(staff_id=user.pk, type="staff.joined", occurred_on=clock.today(), recorded_by=None)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields: object) -> StaffUser:
        fields.setdefault("role", Role.ADMINISTRATOR)
        fields.setdefault("is_superuser", True)
        return self.create_user(username, password, **fields)


class StaffUser(Versioned, AbstractBaseUser, PermissionsMixin):
    """A member of staff or a partner agency user. One role each; the scope defaults from the role."""

    username = models.CharField(max_length=60, unique=True)
    full_name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=40, choices=Role.choices)
    scope = models.CharField(max_length=10, choices=Scope.choices, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    partner_organisation = models.CharField(max_length=120, blank=True)
    qualification_date = models.DateField(null=True, blank=True)
    social_work_england_number = models.CharField(max_length=20, blank=True)
    full_time_equivalent = models.DecimalField(max_digits=3, decimal_places=2, default=1)
    is_agency_worker = models.BooleanField(default=False)
    registration_renewal_date = models.DateField(
        null=True, blank=True, help_text="When the Social Work England registration is next renewed"
    )
    vetting_renewal_date = models.DateField(
        null=True, blank=True, help_text="When the DBS check is next renewed"
    )
    last_appraisal_date = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    objects = StaffUserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["full_name", "role"]

    class Meta:
        indexes = [models.Index(fields=["team", "role"], name="staff_team_role_idx")]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def effective_scope(self) -> str:
        return self.scope or DEFAULT_SCOPE[self.role]

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES

    @property
    def is_partner(self) -> bool:
        return self.role in PARTNER_ROLES

    @property
    def is_staff(self) -> bool:
        return self.role == Role.ADMINISTRATOR


class Allocation(models.Model):
    """A child allocated to a worker and team, from a date until ended. History is kept."""

    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(StaffUser, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        StaffUser, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["worker", "child"], name="alloc_open_worker_idx", condition=models.Q(end_date=None)
            ),
            models.Index(
                fields=["team", "child"], name="alloc_open_team_idx", condition=models.Q(end_date=None)
            ),
            # Every child a team has held, ended allocations included (a team's reach: people.access), read from
            # the index alone: from the table, a search's reach at 300,000 children spent 3 ms on it (ADR 42).
            models.Index(fields=["team", "child"], name="alloc_team_child_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(end_date=None), name="one_open_allocation"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date=None) | models.Q(end_date__gte=models.F("start_date")),
                name="allocation_ends_after_start",
            ),
        ]


class TrainingRecord(models.Model):
    """A course a member of staff completed, and when it needs refreshing."""

    staff = models.ForeignKey(StaffUser, on_delete=models.CASCADE, related_name="training_records")
    course = models.CharField(max_length=120)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["staff", "completed_on"], name="training_staff_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on=None) | models.Q(expires_on__gte=models.F("completed_on")),
                name="training_expires_after_completion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.completed_on:%-d %B %Y})"
