"""Helpers for the plan, core group and visit tests: a plan started as a conference would start it."""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.core.models import Obligation, ObligationStatus
from hearth.plans.models import PlanOutcome
from hearth.plans.services import outcome_add
from hearth.protection.models import ChildProtectionPlan
from hearth.protection.plans import cp_plan_start

RISKS = "Jayden left alone overnight\nNo food in the home"

OUTCOME: dict[str, Any] = {
    "what_must_change": "Jayden is never left alone overnight",
    "parents_will_do": "Mother arranges a named adult to care for Jayden whenever she works nights",
    "professionals_will_do": "Social worker checks the arrangement at each visit; school reports any concern",
    "action": "Childcare plan agreed with mother and grandmother",
    "owner": "Mother, with the social worker",
    "measure": "No report of Jayden alone at home for three months, confirmed at unannounced visits",
}


def start_plan(council: Any, start_date: date, risks: str = RISKS, **values: Any) -> ChildProtectionPlan:
    plan = cp_plan_start(
        child=council.child,
        cin_episode=None,
        start_date=start_date,
        category="NEG",
        risks=risks,
        by=council.worker,
    )
    if values:
        ChildProtectionPlan.objects.filter(pk=plan.pk).update(**values)
        plan.refresh_from_db()
    return plan


def add_outcome(council: Any, plan: ChildProtectionPlan, due_date: date, **changes: Any) -> PlanOutcome:
    return outcome_add(
        plan=plan, due_date=due_date, by=council.worker, on=plan.start_date, **(OUTCOME | changes)
    )


def open_obligation(child: Any, rule_id: str) -> Obligation:
    return Obligation.objects.get(child=child, rule_id=rule_id, status=ObligationStatus.OPEN)
