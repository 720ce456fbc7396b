"""Writing a read CIN census (the second step of the import, `importer.py`): match what is already held, fill in,
create with audit rows, and write each child's history as the events the services would have written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models

from hearth.children_in_need.closure import episode_close
from hearth.children_in_need.models import Assessment, AssessmentKind, CinEpisode, CinPlan
from hearth.children_in_need.services import ReferralDecision, referrals_in_year_before
from hearth.core import clock
from hearth.core.audit import audit_change, snapshot
from hearth.core.codesets import (
    CategoryOfAbuse,
    ReasonForClosure,
    ReferralSource,
    Sex,
)
from hearth.core.council_settings import setting_value
from hearth.core.events import event_record
from hearth.core.models import ChangeLog, Obligation
from hearth.organisation.models import StaffUser
from hearth.people.models import NameToken, Person, PersonDisability, RecordKind
from hearth.people.services.person import name_tokens_for
from hearth.protection.models import (
    ChildParticipation,
    ChildProtectionPlan,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    Section47Enquiry,
    Section47Outcome,
    StrategyDiscussion,
)
from hearth.returns.census_in import (
    EVENT_ORDER,
    IMPORTED,
    AssessmentIn,
    ChildIn,
    CinPlanIn,
    CpPlanIn,
    DetailsIn,
    ImportReport,
    Problem,
    Section47In,
)
from hearth.returns.exporter import system_user


@dataclass(order=True)
class _Pending:
    on: date
    rank: int
    type: str = field(compare=False)
    record: models.Model = field(compare=False)
    payload: dict[str, Any] = field(compare=False, default_factory=dict)


class CensusLoader:
    def __init__(self, report: ImportReport, by: StaffUser) -> None:
        self.report = report
        self.by = by
        self.system = system_user()
        self.today = clock.today()
        self.events: list[_Pending] = []
        self.fresh: dict[tuple[type[models.Model], Any], ChangeLog] = {}

    def event(self, on: date, type: str, record: models.Model, payload: dict[str, Any] | None = None) -> None:
        self.events.append(_Pending(on, EVENT_ORDER.index(type), type, record, payload or {}))

    def create(
        self, model: type[models.Model], child_id: int | None, *, exclude: tuple[str, ...] = (), **values: Any
    ) -> Any:
        instance = model(**values)
        instance.full_clean(exclude=list(exclude), validate_constraints=False)
        instance.save()
        # Kept so that filling in a record just created amends its one create row rather than adding an update.
        self.fresh[(model, instance.pk)] = audit_change(
            user=self.by, instance=instance, action="create", before=None, child_id=child_id
        )
        self.report.created[model.__name__] += 1
        return instance

    def fill(self, instance: Any, values: dict[str, Any], where: str, child_id: int) -> list[str]:
        """Set the fields the record has no value for; report those that differ. Returns the fields set."""
        before = snapshot(instance)
        changed = []
        for name, value in values.items():
            if value in (None, ""):
                continue
            held = getattr(instance, name)
            if held == value:
                continue
            if held in (None, "", []) or (name == "sex" and held == Sex.UNKNOWN):
                setattr(instance, name, value)
                changed.append(name)
            elif held != value and not (name == "sex" and value == Sex.UNKNOWN):
                self.report.not_loaded.append(
                    Problem(
                        f"{where} / {name}",
                        f"the file has {_show(value)}; Hearth already holds {_show(held)}",
                    )
                )
        if not changed:
            return changed
        instance.save(update_fields=changed)
        created = self.fresh.get((type(instance), instance.pk))
        if created is not None:
            created.after = snapshot(instance)
            created.save(update_fields=["after"])
        else:
            audit_change(user=self.by, instance=instance, action="update", before=before, child_id=child_id)
            self.report.updated[type(instance).__name__] += 1
        return changed

    def child(self, data: ChildIn) -> Person | None:
        """Load one child; None when the number is an adult's (reported as not loaded)."""
        self.events = []
        person = Person.objects.select_for_update().filter(person_number=data.person_number).first()
        if person is None:
            values = {key: value for key, value in data.values.items() if value not in (None, "")}
            person = self.create(
                Person,
                None,
                person_number=data.person_number,
                kind=RecordKind.CHILD,
                forename="Child",
                surname=data.person_number,
                warnings=f"{IMPORTED}: name not recorded in the return",
                created_at=clock.now(),
                created_by=self.by,
                **values,
            )
            NameToken.objects.bulk_create(name_tokens_for(person))
            self.event(self.today, "person.created", person)
        elif person.kind != RecordKind.CHILD:
            self.report.not_loaded.append(
                Problem(
                    f"{data.where} / LAchildID",
                    "Hearth holds this number for an adult: the child is not loaded",
                )
            )
            return None
        else:
            values = dict(data.values)
            # A child Hearth already held keeps its own record of disabilities (NONE when nothing is recorded).
            values.pop("census_disabilities_absent")
            if person.date_of_birth is not None:
                values.pop("expected_date_of_birth")
            self.fill(person, values, data.where, person.pk)
        held_codes = set(PersonDisability.objects.filter(person=person).values_list("code", flat=True))
        for code in data.disabilities:
            if code == "NONE" and held_codes - {"NONE"}:
                continue
            if code not in held_codes:
                self.create(PersonDisability, person.pk, person=person, code=code)
        for details in data.details:
            self.details(person, details)
        for pending in sorted(self.events):
            event_record(
                child_id=person.pk,
                type=pending.type,
                occurred_on=pending.on,
                recorded_by=self.by,
                record=pending.record,
                payload=pending.payload,
                summary=f"{IMPORTED}: record created" if pending.type == "person.created" else None,
            )
        for details in data.details:
            self.check_targets(person, details)
            self.close_if_no_further_action(person, details)
        return person

    def close_if_no_further_action(self, person: Person, data: DetailsIn) -> None:
        """An episode whose referral needed no further action, with no closure date, is closed as Hearth closes
        one: on the day of the decision (the referral's, the census giving no other), with the council's reason."""
        if not data.referral_nfa or data.closure_date is not None:
            return
        episode = CinEpisode.objects.get(child=person, referral_date=data.referral_date)
        if episode.closure_date is not None:
            return
        reason = str(setting_value("referral_nfa_closure_reason", data.referral_date))
        episode_close(
            episode=episode,
            reason=reason,
            closed_on=data.referral_date,
            summary=f"{IMPORTED}: the referral needed no further action.",
            signed_off_by=self.by,
        )
        self.report.changed.append(
            Problem(
                f"{data.where} / CINclosureDate",
                f"ReferralNFA is true but the episode has no closure date: closed on the referral date "
                f"{data.referral_date} with reason {reason}, as Hearth closes a referral that needs no further "
                "action",
            )
        )

    def details(self, person: Person, data: DetailsIn) -> None:
        episode = CinEpisode.objects.filter(child=person, referral_date=data.referral_date).first()
        if episode is None:
            episode = self.create(
                CinEpisode,
                person.pk,
                child=person,
                referral_date=data.referral_date,
                referral_source=data.referral_source,
                primary_need=data.primary_need,
                referral_nfa=data.referral_nfa,
            )
            self.event(
                data.referral_date,
                "referral.received",
                episode,
                {
                    "source": ReferralSource(data.referral_source).label,
                    "re_referral": referrals_in_year_before(episode) > 0,
                },
            )
            decision = (
                ReferralDecision.NO_FURTHER_ACTION
                if data.referral_nfa
                else ReferralDecision.ASSESSMENT
                if data.assessments
                else ReferralDecision.STRATEGY_DISCUSSION
                if data.section_47s
                else None
            )
            if decision is not None:
                self.event(data.referral_date, "referral.decided", episode, {"decision": decision.label})
        else:
            self.fill(
                episode,
                {
                    "referral_source": data.referral_source,
                    "primary_need": data.primary_need,
                },
                data.where,
                person.pk,
            )
            if episode.referral_nfa != data.referral_nfa:
                self.report.not_loaded.append(
                    Problem(
                        f"{data.where} / ReferralNFA",
                        f"the file has {_show(data.referral_nfa)}; Hearth already holds {_show(episode.referral_nfa)}",
                    )
                )
        if data.closure_date is not None and "closure_date" in self.fill(
            episode,
            {"closure_date": data.closure_date, "reason_for_closure": data.reason_for_closure},
            data.where,
            person.pk,
        ):
            self.event(
                data.closure_date,
                "cin_episode.closed",
                episode,
                {
                    "reason": ReasonForClosure(data.reason_for_closure).label
                    if data.reason_for_closure
                    else "",
                    "reason_code": data.reason_for_closure,
                },
            )
        for assessment in data.assessments:
            self.assessment(person, episode, assessment)
        for plan in data.cin_plans:
            self.cin_plan(person, episode, plan)
        plans = {plan.start_date: self.cp_plan(person, episode, plan) for plan in data.cp_plans}
        icpc_dates = set()
        for enquiry in data.section_47s:
            self.section_47(person, episode, enquiry, plans)
            icpc_dates.add(enquiry.icpc_date)
        if data.icpc_date is not None and data.icpc_date not in icpc_dates:
            self.conference_without_enquiry(person, episode, data.icpc_date, plans.get(data.icpc_date))

    def conference_without_enquiry(
        self, person: Person, episode: CinEpisode, held_on: date, plan: ChildProtectionPlan | None
    ) -> None:
        """An initial conference the census gives on the episode, with no section 47 enquiry behind it."""
        held = Conference.objects.filter(
            child=person, kind=ConferenceKind.INITIAL, section_47=None, held_on=held_on
        ).exists()
        if held:
            return
        decision = ConferenceDecision.PLAN if plan is not None else ConferenceDecision.NO_PLAN
        conference = self.conference(person, ConferenceKind.INITIAL, held_on, decision, plan=plan)
        self.event(held_on, "icpc.held", conference, self.conference_payload(conference))

    def assessment(self, person: Person, episode: CinEpisode, data: AssessmentIn) -> None:
        kind = {"kind": AssessmentKind.SINGLE.label}
        assessment = Assessment.objects.filter(episode=episode, start_date=data.start_date).first()
        if assessment is None:
            assessment = self.create(
                Assessment, person.pk, episode=episode, start_date=data.start_date, factors=[]
            )
            self.event(data.start_date, "assessment.started", assessment, kind)
        changed = self.fill(
            assessment,
            {
                "completed_on": data.completed_on,
                "authorisation_date": data.authorisation_date,
                "factors": data.factors or None,
                "authorisation_rationale": IMPORTED
                if data.authorisation_date and assessment.authorisation_date is None
                else "",
            },
            data.where,
            person.pk,
        )
        if "completed_on" in changed and data.completed_on is not None:
            self.event(data.completed_on, "assessment.submitted", assessment, kind)
        if "authorisation_date" in changed and data.authorisation_date is not None:
            self.event(data.authorisation_date, "assessment.completed", assessment, kind)

    def cin_plan(self, person: Person, episode: CinEpisode, data: CinPlanIn) -> None:
        plan = CinPlan.objects.filter(episode=episode, start_date=data.start_date).first()
        if plan is None:
            plan = self.create(CinPlan, person.pk, episode=episode, start_date=data.start_date)
            self.event(data.start_date, "cin_plan.started", plan)
        if "end_date" in self.fill(plan, {"end_date": data.end_date}, data.where, person.pk):
            assert data.end_date is not None
            self.event(data.end_date, "cin_plan.ended", plan)

    def cp_plan(self, person: Person, episode: CinEpisode, data: CpPlanIn) -> ChildProtectionPlan:
        plan = ChildProtectionPlan.objects.filter(child=person, start_date=data.start_date).first()
        if plan is None:
            plan = self.create(
                ChildProtectionPlan,
                person.pk,
                child=person,
                cin_episode=episode,
                start_date=data.start_date,
                initial_category=data.initial_category,
                latest_category=data.latest_category,
            )
            self.event(
                data.start_date,
                "cp_plan.started",
                plan,
                {"category": CategoryOfAbuse(data.initial_category).label},
            )
        else:
            self.fill(
                plan,
                {
                    "cin_episode_id": episode.pk,
                    "initial_category": data.initial_category,
                    "latest_category": data.latest_category,
                },
                data.where,
                person.pk,
            )
        if "end_date" in self.fill(plan, {"end_date": data.end_date}, data.where, person.pk):
            assert data.end_date is not None
            self.event(data.end_date, "cp_plan.ended", plan)
        held = set(
            Conference.objects.filter(plan=plan, kind=ConferenceKind.REVIEW).values_list("held_on", flat=True)
        )
        for day in data.reviews:
            if day in held:
                continue
            decision = ConferenceDecision.END_PLAN if day == data.end_date else ConferenceDecision.CONTINUE
            review = self.conference(person, ConferenceKind.REVIEW, day, decision, plan=plan)
            self.event(day, "rcpc.held", review, self.conference_payload(review))
        earlier = ChildProtectionPlan.objects.filter(child=person, start_date__lt=data.start_date).count()
        if data.previous_plans is not None and data.previous_plans != earlier:
            # Kept as the census gave it (the earlier plans were before the first census imported).
            self.fill(plan, {"previous_plans_recorded": data.previous_plans}, data.where, person.pk)
        return plan

    def conference(
        self,
        person: Person,
        kind: str,
        held_on: date,
        decision: str,
        *,
        plan: ChildProtectionPlan | None = None,
        section_47: Section47Enquiry | None = None,
    ) -> Conference:
        unborn = person.date_of_birth is None or person.date_of_birth > held_on
        conference: Conference = self.create(
            Conference,
            person.pk,
            child=person,
            kind=kind,
            section_47=section_47,
            plan=plan,
            pre_birth=unborn and person.expected_date_of_birth is not None,
            held_on=held_on,
            chair=self.system,
            parents_present=False,
            child_participation=ChildParticipation.VIEWS_CONVEYED,
            child_views="",
            decision=decision,
            category=plan.latest_category if plan is not None else "",
            risks="",
            outline_plan=IMPORTED,
            recorded_by=self.system,
        )
        return conference

    def conference_payload(self, conference: Conference) -> dict[str, Any]:
        return {
            "outcome": ConferenceDecision(conference.decision).label,
            "kind": ConferenceKind(conference.kind).label,
            "pre_birth": conference.pre_birth,
        }

    def section_47(
        self,
        person: Person,
        episode: CinEpisode,
        data: Section47In,
        plans: dict[date, ChildProtectionPlan],
    ) -> None:
        enquiry = Section47Enquiry.objects.filter(cin_episode=episode, start_date=data.start_date).first()
        if enquiry is None:
            discussion = self.create(
                StrategyDiscussion,
                person.pk,
                exclude=("agencies",),  # the census does not say who took part
                child=person,
                cin_episode=episode,
                held_on=data.start_date,
                is_meeting=False,
                led_by=self.system,
                led_by_manager=False,
                agencies=[],
                information_shared=IMPORTED,
                section_47=True,
                decision_reason=IMPORTED,
                recorded_by=self.system,
            )
            self.event(
                data.start_date,
                "strategy_discussion.held",
                discussion,
                {"section_47": True, "led_by_manager": False},
            )
            enquiry = self.create(
                Section47Enquiry,
                person.pk,
                child=person,
                cin_episode=episode,
                strategy_discussion=discussion,
                start_date=data.start_date,
            )
            self.event(data.start_date, "s47.started", enquiry)
        if data.icpc_not_required and not enquiry.outcome:
            # The census says only that no conference was needed, not why: recorded as no further action.
            self.fill(enquiry, {"outcome": Section47Outcome.NO_FURTHER_ACTION}, data.where, person.pk)
            self.event(data.start_date, "icpc.not_required", enquiry)
        elif data.icpc_not_required and not enquiry.icpc_not_required:
            self.report.not_loaded.append(
                Problem(
                    f"{data.where} / ICPCnotRequired", "the file has true; Hearth holds a conference outcome"
                )
            )
        if data.icpc_date is None:
            return
        held = Conference.objects.filter(section_47=enquiry, kind=ConferenceKind.INITIAL).first()
        if held is not None:
            if held.held_on != data.icpc_date:
                self.report.not_loaded.append(
                    Problem(
                        f"{data.where} / DateOfInitialCPC",
                        f"the file has {data.icpc_date}; Hearth already holds {held.held_on}",
                    )
                )
            return
        # The enquiry ended by the conference at the latest (the census does not give its end).
        self.fill(
            enquiry,
            {"outcome": Section47Outcome.CONFERENCE, "end_date": data.icpc_date},
            data.where,
            person.pk,
        )
        plan = plans.get(data.icpc_date)
        conference = self.conference(
            person,
            ConferenceKind.INITIAL,
            data.icpc_date,
            ConferenceDecision.PLAN if plan is not None else ConferenceDecision.NO_PLAN,
            plan=plan,
            section_47=enquiry,
        )
        self.event(data.icpc_date, "icpc.held", conference, self.conference_payload(conference))

    def check_targets(self, person: Person, details: DetailsIn) -> None:
        """The file's InitialCPCtarget against the clock Hearth's rules started for the enquiry."""
        for enquiry in details.section_47s:
            if enquiry.icpc_target is None:
                continue
            clock = (
                Obligation.objects.filter(child=person, rule_id="cp.icpc", start_date=enquiry.start_date)
                .order_by("-pk")
                .first()
            )
            due = clock.due_date if clock is not None else None
            if due != enquiry.icpc_target:
                # Kept as the census gave it, for the census; Hearth's clock keeps its own due date.
                held = Section47Enquiry.objects.get(
                    child=person,
                    cin_episode__referral_date=details.referral_date,
                    start_date=enquiry.start_date,
                )
                self.fill(held, {"icpc_target_recorded": enquiry.icpc_target}, enquiry.where, person.pk)


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else repr(value)
