"""The child protection plan in plain English for the family (reportlab, as the chronology print): why there is a
plan, the worries, what must change with what the parents and the professionals will do, by when and how we
will all know, and when the next meetings are."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from hearth.core.codesets import CategoryOfAbuse
from hearth.core.pdf import a4_document
from hearth.plans.models import PlanOutcome
from hearth.protection.models import ChildProtectionPlan
from hearth.protection.plan_selectors import NextDates

WHY = {
    "NEG": "the adults caring for {name} have not been able to meet their basic needs, such as food, warmth, "
    "safety, health or schooling (neglect).",
    "PHY": "{name} has been hurt, or is at risk of being hurt, physically (physical abuse).",
    "SAB": "{name} has been, or is at risk of being, sexually harmed (sexual abuse).",
    "EMO": "{name}'s feelings and development are being harmed, for example by what they hear or see at home "
    "(emotional abuse).",
    "MUL": "{name} is at risk of more than one kind of harm (multiple categories).",
}


def long_date(day: date) -> str:
    """Dates in full for the family: 3 March 2025."""
    return f"{day:%-d %B %Y}"


def _when(day: date | None) -> str:
    return long_date(day) if day else "to be arranged"


def family_plan_pdf(
    *, plan: ChildProtectionPlan, child_name: str, outcomes: list[PlanOutcome], next_dates: NextDates
) -> bytes:
    buffer = BytesIO()
    document = a4_document(buffer, f"Child protection plan for {child_name}", margin_mm=20)
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]

    def para(text: str, style: object = body) -> Paragraph:
        return Paragraph(escape(text), style)

    category = CategoryOfAbuse(plan.latest_category)
    reason = WHY.get(plan.latest_category, f"of {category.label.lower()}.").format(name=child_name)
    story: list[Flowable] = [
        para("OFFICIAL-SENSITIVE", styles["Normal"]),
        para(f"{child_name}'s child protection plan", styles["Title"]),
        para(
            f"This plan started on {long_date(plan.start_date)}. It is for you, your family and the "
            "professionals who work with you. Please keep it safe and ask your social worker about anything "
            "that is not clear."
        ),
        para("Why there is a plan", heading),
        para(f"The child protection conference decided that {child_name} needs a plan because {reason}"),
        para("What we are worried about", heading),
    ]
    risks = [line.strip(" -•") for line in plan.risks.splitlines() if line.strip(" -•")]
    story.extend(para(f"• {risk}") for risk in risks or ["The conference's worries will be added here."])
    story.append(para("What needs to change", heading))
    if not outcomes:
        story.append(para("The things that need to change will be agreed at the first core group meeting."))
    for number, outcome in enumerate(outcomes, start=1):
        story.extend(
            [
                para(f"{number}. {outcome.what_must_change}", styles["Heading3"]),
                para(f"What the parents will do: {outcome.parents_will_do or 'to be agreed'}"),
                para(f"What the professionals will do: {outcome.professionals_will_do or 'to be agreed'}"),
                para(f"Who will make sure it happens: {outcome.owner}"),
                para(f"By when: {long_date(outcome.due_date)}"),
                para(f"How we will all know it has happened: {outcome.measure}"),
            ]
        )
        if outcome.achieved_on:
            story.append(para(f"Done: this was achieved on {long_date(outcome.achieved_on)}."))
        story.append(Spacer(1, 3 * mm))
    story.extend(
        [
            para("What happens next", heading),
            para(f"The next core group meeting: {_when(next_dates.core_group)}."),
            para(f"The next review child protection conference: {_when(next_dates.review)}."),
            para(
                f"Your social worker will visit {child_name} regularly and will want to see {child_name}, "
                "on their own when possible, and their bedroom."
            ),
            para(
                "The plan can end when the things above have changed and everyone at the review conference "
                "agrees that the child is safe."
            ),
        ]
    )
    document.build(story)
    return buffer.getvalue()
