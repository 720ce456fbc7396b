"""The spine's tables: typed events, obligations, council settings, and the audit and access logs."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Significance(models.TextChoices):
    KEY = "key", "Key event"
    STANDARD = "standard", "Standard"
    PROCESS = "process", "Process"


def _has_a_subject(name: str) -> models.CheckConstraint:
    """A child, a member of staff, or a record with no child: one of them is set."""
    return models.CheckConstraint(
        condition=models.Q(child__isnull=False)
        | models.Q(staff__isnull=False)
        | (~models.Q(record_type="") & models.Q(record_id__isnull=False)),
        name=name,
    )


class Event(models.Model):
    """A fact that happened, about its subject: a child, a member of staff (a supervision held, a registration
    renewed), or a record with no child (`record_type` and `record_id` alone: a complaint, an allegation). Written
    only by services, in the same transaction as the record."""

    # No separate index on child alone: event_child_date_idx leads with it.
    child = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,
    )
    # The member of staff the event is about, when it is not about a child (issue 14).
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    type = models.CharField(max_length=60)
    significance = models.CharField(max_length=10, choices=Significance.choices)
    occurred_on = models.DateField()
    occurred_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_type = models.CharField(max_length=60, blank=True)
    record_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=300)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "occurred_on"], name="event_child_date_idx"),
            models.Index(
                fields=["child", "occurred_on"],
                name="event_child_key_idx",
                condition=models.Q(significance="key"),
            ),
            models.Index(fields=["type", "occurred_on"], name="event_type_date_idx"),
            models.Index(
                fields=["staff", "occurred_on"],
                name="event_staff_date_idx",
                condition=models.Q(staff__isnull=False),
            ),
            models.Index(
                fields=["record_type", "record_id", "occurred_on"],
                name="event_record_subject_idx",
                condition=models.Q(child__isnull=True, staff__isnull=True),
            ),
        ]
        constraints = [_has_a_subject("event_has_a_subject")]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.type}"


class ObligationStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    NO_LONGER_REQUIRED = "ended", "No longer required"


class Obligation(models.Model):
    """One instance of a timescale rule for one subject: a child, a member of staff, or a record with no child.
    Overdue is a query (open, due before today and not paused: `overdue_on`)."""

    # Indexed through oblig_child_idx; the event links are never searched by, so carry no index of their own.
    child = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="obligations",
        db_index=False,
    )
    # The member of staff the duty is about (their supervision, registration, appraisal), not its owner.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="duties",
        db_index=False,
    )
    # A record with no child the duty is about (a complaint's stage, an allegation's step).
    record_type = models.CharField(max_length=60, blank=True, default="", db_default="")
    record_id = models.BigIntegerField(null=True, blank=True)
    rule_id = models.CharField(max_length=60)
    start_date = models.DateField()
    due_date = models.DateField()
    earliest_date = models.DateField(null=True, blank=True)  # the rule's window opens (issue 14)
    started_by = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations"
    )
    team = models.ForeignKey(
        "organisation.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations"
    )
    status = models.CharField(max_length=10, choices=ObligationStatus.choices, default=ObligationStatus.OPEN)
    met_by = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    closed_on = models.DateField(null=True, blank=True)
    # A clock paused with a reason (issue 14): the day it stopped and the event that stopped it (reason, review
    # date); not overdue while paused. None: running.
    paused_on = models.DateField(null=True, blank=True)
    paused_by = models.ForeignKey(
        Event,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # When the pause is to be reviewed: a duty still paused after it counts as overdue again (issue 14).
    pause_review_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["owner", "due_date"], name="oblig_open_owner_idx", condition=models.Q(status="open")
            ),
            models.Index(
                fields=["staff", "status", "due_date"],
                name="oblig_staff_idx",
                condition=models.Q(staff__isnull=False),
            ),
            models.Index(
                fields=["record_type", "record_id", "status"],
                name="oblig_record_idx",
                condition=models.Q(child__isnull=True, staff__isnull=True),
            ),
            models.Index(
                fields=["team", "due_date"], name="oblig_open_team_idx", condition=models.Q(status="open")
            ),
            models.Index(fields=["child", "status", "due_date"], name="oblig_child_idx"),
            models.Index(fields=["rule_id", "closed_on"], name="oblig_rule_closed_idx"),
            # Duties falling due in a month, by rule (the performance indicators' visits and reviews in time).
            models.Index(fields=["rule_id", "due_date"], name="oblig_rule_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("start_date")), name="due_not_before_start"
            ),
            _has_a_subject("obligation_has_a_subject"),
        ]

    @property
    def met_in_time(self) -> bool | None:
        if self.status != ObligationStatus.MET or self.closed_on is None:
            return None
        return self.closed_on <= self.due_date


class CouncilSetting(models.Model):
    """A local policy value, effective-dated so that a change of policy does not rewrite history."""

    key = models.CharField(max_length=60)
    value = models.JSONField()
    effective_from = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="one_setting_per_day")]


class LocalClosureDay(models.Model):
    """An optional council closure day (for example 24 December), excluded from working days locally."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=120)


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    PRINT = "print", "Printed"
    EXPORT = "export", "Exported"
    SEARCH = "search", "Found in search"
    EMERGENCY = "emergency", "Emergency access"
    DOWNLOAD = "download", "Downloaded a document"


class AccessLog(models.Model):
    """Every read of a child's record: who, when, what.

    One row on every page of a child's record, so the row is a plain INSERT with no database-level foreign keys
    (issue 21): a key check at commit locks the child's and the user's rows (FOR KEY SHARE), writing to both on
    every read, and a user reading two pages at once shares that lock (a multixact). The ids come from rows the
    request has just read; Django still applies on_delete. The (child, at) and (user, at) indexes serve both
    lookups, so the keys need no index of their own."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    child = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    at = models.DateTimeField()
    path = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "at"], name="access_child_idx"),
            models.Index(fields=["user", "at"], name="access_user_idx"),
            models.Index(fields=["action", "at"], name="access_action_idx"),
        ]


class ChangeLog(models.Model):
    """Every change: who, when, what, before and after."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    child = models.ForeignKey("people.Person", null=True, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=60)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=20)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "at"], name="change_child_idx"),
            models.Index(fields=["model", "object_id"], name="change_object_idx"),
        ]


class EmergencyAccess(models.Model):
    """Access outside a person's scope, granted for a short time against a recorded reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "child", "expires_at"], name="emergency_user_child_idx")]


class Refusal(models.Model):
    """An action the policy refused (ADR 16): who tried what, on which record, and why it was refused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    action = models.CharField(max_length=60)
    child = models.ForeignKey("people.Person", null=True, on_delete=models.CASCADE, related_name="+")
    record = models.CharField(max_length=80, blank=True)
    path = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=300)

    class Meta:
        indexes = [models.Index(fields=["user", "at"], name="refusal_user_idx")]


class DailyRun(models.Model):
    """One run of `hearth daily` (issue 14): the days it covered, when, and what it did. The next run starts from
    the day after the last day covered, so a missed day is caught up."""

    first_day = models.DateField()
    last_day = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    subjects_rebuilt = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    # Queued (`hearth daily` by default): the rebuilds run on the task queue in parts; the run finishes with the last.
    parts = models.PositiveIntegerField(default=0)
    parts_done = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["last_day"], name="daily_last_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="daily_run_days_in_order"
            )
        ]


class FormDraft(models.Model):
    """What someone has typed into a form and not yet saved (issue 18), kept on the server as they type, so a timeout,
    a closed tab or an expired session loses no more than a few seconds. One per person, page and form on it; only
    its author reads it; a successful post of the page settles it (`hearth.core.drafts`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    form_key = models.CharField(max_length=120)
    fields = models.JSONField(default=dict)  # name: list of values, as the form would send them
    # What the page showed in those fields when the typing began: a record changed since is told apart from typing.
    initial = models.JSONField(default=dict)
    saved_at = models.DateTimeField()
    # The page load that typed it: once a load's form is saved, a late draft from that load is refused.
    load_id = models.CharField(max_length=40, blank=True, default="", db_default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "path", "form_key"], name="form_draft_one_per_form"),
        ]


class SignInFailure(models.Model):
    """A password that was not accepted (ADR 38): from which address, for which name as typed (whether or not anyone
    has it). The throttle counts these over the last HEARTH_SIGNIN_PAUSE_MINUTES; older ones are deleted as new ones
    come. No account is locked: nothing here is read from or written to a member of staff's row."""

    at = models.DateTimeField()
    address = models.GenericIPAddressField()
    username = models.CharField(max_length=60)

    class Meta:
        indexes = [
            models.Index(fields=["address", "at"], name="signin_failure_address_idx"),
            models.Index(fields=["username", "address", "at"], name="signin_failure_name_idx"),
            models.Index(fields=["at"], name="signin_failure_at_idx"),
        ]


class SignedInSession(models.Model):
    """Which sessions a member of staff holds (ADR 38), so signing in once more than HEARTH_SESSIONS_PER_PERSON allows
    ends the oldest. The session itself is Django's row; this names its owner."""

    session_key = models.CharField(max_length=40, primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    signed_in_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "signed_in_at"], name="signed_in_user_idx")]


class Passkey(models.Model):
    """A passkey (WebAuthn credential) a member of staff registered as a second factor (ADR 39): the public key and
    the authenticator's signature counter, checked by py_webauthn at each use."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=60)
    credential_id = models.BinaryField(max_length=1023)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user"], name="passkey_user_idx")]
