"""The pages of a child's care (issue 16 item 9): the care page (legal status, placement and carer at a glance, the
placement history as 903 episodes, orders, visits), becoming looked after, a move, an order, leaving care; and the
register of carers and homes with each one's children placed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.care.episodes import Span, long_term_stability, placements_in_year
from hearth.care.forms import (
    DisputeForm,
    DisputeStepForm,
    DoneForm,
    EndForm,
    ImportForm,
    IroForm,
    MoveForm,
    OrderEndForm,
    OrderForm,
    PlacementPlanForm,
    ReviewForm,
    StartForm,
    StepForm,
)
from hearth.care.models import (
    CareEpisode,
    CarePeriod,
    CareProvider,
    IroDispute,
    LacReview,
    LegalOrder,
    Placement,
    Recommendation,
)
from hearth.care.plans import care_plan_prepare, placement_plan_prepare
from hearth.care.providers import CarerForm, ProviderForm, provider_carer_add, provider_save, providers_import
from hearth.care.reviews import (
    dispute_raise,
    dispute_step,
    iro_allocate,
    open_recommendations,
    recommendation_done,
    review_record,
    review_step,
    wellbeing_since_last_review,
)
from hearth.care.services import (
    care_end,
    care_start,
    children_placed_with,
    legal_order_end,
    legal_order_record,
    open_period,
    placement_change,
    placement_values,
)
from hearth.core import clock, policy
from hearth.core.http import AuthenticatedRequest
from hearth.core.models import Obligation, ObligationStatus
from hearth.core.policy import guard
from hearth.core.posting import apply_errors, bound_form, form_posted
from hearth.core.timescales.circumstances import whole_years
from hearth.core.versions import is_stale, offer_saved_version
from hearth.people.access import access_child, visible_among
from hearth.people.header import child_header, record_form_page
from hearth.people.models import Person
from hearth.plans.models import ReviewKind
from hearth.plans.services import contributions_waiting, plan_outcomes
from hearth.visits.selectors import visit_base

REVIEW_RULES = ("lac.first_review", "lac.second_review", "lac.review")
START_REQUIRED = ["start_date", "basis", "route", "decision_reason", "category_of_need", "placement_type"]


def _care_url(person: Person) -> str:
    return reverse("care:care", kwargs={"pk": person.pk})


def _care_form(
    request: AuthenticatedRequest,
    person: Person,
    form: Any,
    save: Any,
    *,
    done: str,
    title: str,
    button: str,
    required: list[str],
    intro: str = "",
) -> HttpResponse:
    """One form about a child's care on its own page: saved through its service, then back to the care page."""
    if request.method == "POST" and form_posted(request, form, save, done):
        return redirect(_care_url(person))
    return record_form_page(
        request,
        person,
        form,
        title=title,
        button=button,
        required=required,
        intro=intro,
        cancel_url=_care_url(person),
    )


def _year() -> int:
    return clock.current_collection_year(clock.today())


def stability(person: Person, periods: list[CarePeriod]) -> dict[str, Any]:
    """The stability measures, computed from the placements (never typed): placements in the collection year so
    far, and whether a child looked after 2.5 years or more (under 16) has been in the same placement 2 years."""
    today = clock.today()
    year = _year()
    year_start, year_end = date(year - 1, 4, 1), today
    spans = [Span(p.start_date, p.end_date) for period in periods for p in period.placements.all()]
    current = next((period for period in periods if period.end_date is None), None)
    stable = None
    if current is not None and person.date_of_birth and whole_years(person.date_of_birth, today) < 16:
        stable = long_term_stability(
            [Span(p.start_date, p.end_date) for p in current.placements.all()], current.start_date, today
        )
    return {"in_year": placements_in_year(spans, year_start, year_end), "year": year, "stable": stable}


@guard("child.record_work")
def care(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    prepare = bound_form(request, "prepare_care_plan", StepForm, on=clock.today())
    if request.method == "POST":
        period = get_object_or_404(CarePeriod, child=person, end_date=None)
        if form_posted(
            request,
            prepare,
            lambda data: care_plan_prepare(period=period, by=request.user, **data),
            "Care plan prepared.",
        ):
            return redirect(_care_url(person) + "#care-plan")
    periods = list(
        CarePeriod.objects.filter(child=person).prefetch_related("placements__carer").order_by("-start_date")
    )
    episodes = list(
        CareEpisode.objects.filter(child=person)
        .select_related("placement", "placement__carer")
        .order_by("-start_date", "-pk")
    )
    current = next((period for period in periods if period.end_date is None), None)
    placement = None
    if current is not None:
        placement = next((p for p in current.placements.all() if p.end_date is None), None)
    visits = list(visit_base().filter(child=person, kind="lac")[:20])
    next_review = (
        Obligation.objects.filter(child=person, rule_id__in=REVIEW_RULES, status=ObligationStatus.OPEN)
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )
    reviews = list(LacReview.objects.filter(child=person).select_related("iro").order_by("-held_on", "-pk"))
    disputes = list(IroDispute.objects.filter(child=person).order_by("-raised_on", "-pk"))
    return render(
        request,
        "care/care.html",
        {
            "person": person,
            "summary": child_header(person),
            "periods": periods,
            "current": current,
            "placement": placement,
            "episodes": episodes,
            "orders": LegalOrder.objects.filter(child=person).order_by("-start_date", "-pk"),
            "visits": visits,
            "last_seen": next((visit for visit in visits if visit.seen), None),
            "next_review": next_review,
            "reviews": reviews,
            "disputes": disputes,
            "stability": stability(person, periods),
            "care_plan": plan_outcomes(current) if current is not None else [],
            "prepare": prepare,
            "can_change": policy.allowed(request.user, "child.record_work", person, read=True),
        },
    )


@guard("child.record_work")
def placement(request: AuthenticatedRequest, pk: int, placement_pk: int) -> HttpResponse:
    """One placement: its dates, carer, plan documents and visits."""
    person = access_child(request.user, pk, path=request.path, partners=False)
    item = get_object_or_404(
        Placement.objects.select_related("carer", "period"), pk=placement_pk, period__child=person
    )
    prepare = bound_form(request, "prepare_placement_plan", PlacementPlanForm, on=clock.today())
    if request.method == "POST" and form_posted(
        request,
        prepare,
        lambda data: placement_plan_prepare(placement=item, by=request.user, **data),
        "Placement plan agreed.",
    ):
        return redirect("care:placement", pk=person.pk, placement_pk=item.pk)
    return render(
        request,
        "care/placement.html",
        {
            "person": person,
            "summary": child_header(person),
            "placement": item,
            "episodes": item.episodes.order_by("start_date"),
            "visits": visit_base().filter(placement=item),
            "outcomes": plan_outcomes(item),
            "prepare": prepare,
            "can_change": policy.allowed(request.user, "child.record_work", person, read=True),
        },
    )


@guard("child.record_work", every_method=True)
def start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    if open_period(person) is not None and request.method != "POST":
        return redirect(_care_url(person))
    form = StartForm(request.POST or None, initial={"start_date": clock.today()}, collection_year=_year())

    def save(data: dict[str, Any]) -> None:
        care_start(
            child=person,
            start_date=data["start_date"],
            basis=data["basis"],
            route=data["route"],
            decision_reason=data["decision_reason"],
            category_of_need=data["category_of_need"],
            uasc=data["uasc"],
            order_kind=data["order_kind"],
            court=data["court"],
            placement=placement_values(data),
            by=request.user,
        )

    done = "The child is looked after: the decision is waiting for a manager's sign-off."
    return _care_form(
        request,
        person,
        form,
        save,
        done=done,
        title="Becoming looked after",
        button="Record",
        required=START_REQUIRED,
    )


@guard("child.record_work", every_method=True)
def move(request: AuthenticatedRequest, pk: int, period_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    period = get_object_or_404(CarePeriod, pk=period_pk, child=person)
    form = MoveForm(request.POST or None, initial={"start_date": clock.today()}, collection_year=_year())

    def save(data: dict[str, Any]) -> None:
        placement_change(
            period=period,
            start_date=data["start_date"],
            reason_place_change=data["reason_place_change"],
            placement=placement_values(data),
            by=request.user,
        )

    return _care_form(
        request,
        person,
        form,
        save,
        done="New placement recorded.",
        title="A new placement",
        button="Record the move",
        required=["start_date", "reason_place_change", "placement_type"],
    )


@guard("child.record_work", every_method=True)
def order_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    form = OrderForm(request.POST or None, initial={"start_date": clock.today()})

    def save(data: dict[str, Any]) -> None:
        legal_order_record(child=person, by=request.user, **data)

    return _care_form(
        request,
        person,
        form,
        save,
        done="Order recorded.",
        title="Record an order",
        button="Record the order",
        required=["kind", "start_date"],
    )


@guard("child.record_work", every_method=True)
def order_end(request: AuthenticatedRequest, pk: int, order_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    order = get_object_or_404(LegalOrder, pk=order_pk, child=person)
    form = OrderEndForm(request.POST or None, initial={"end_date": clock.today()})

    def save(data: dict[str, Any]) -> None:
        legal_order_end(order=order, by=request.user, **data)

    return _care_form(
        request,
        person,
        form,
        save,
        done="Order ended.",
        title=f"End the {order.get_kind_display().lower()} of {order.start_date:%-d %B %Y}",
        button="End the order",
        required=["end_date", "end_reason"],
    )


@guard("child.record_work", every_method=True)
def end(request: AuthenticatedRequest, pk: int, period_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    period = get_object_or_404(CarePeriod, pk=period_pk, child=person)
    form = EndForm(request.POST or None, initial={"end_date": clock.today()})

    def save(data: dict[str, Any]) -> None:
        care_end(period=period, by=request.user, **data)

    return _care_form(
        request,
        person,
        form,
        save,
        done="The child is no longer looked after.",
        title="Leaving care",
        button="Record",
        required=["end_date", "reason_ceased"],
    )


# The register of carers and homes.


@guard("care.register", every_method=True)
def register(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    providers = CareProvider.objects.order_by("name")
    if query:
        providers = providers.filter(
            Q(name__icontains=query)
            | Q(postcode__istartswith=query)
            | Q(urn__iexact=query)
            | Q(reference__iexact=query)
        )
    if request.GET.get("all") != "1":
        providers = providers.filter(active=True)
    return render(
        request,
        "care/register.html",
        {
            "providers": providers[:200],
            "query": query,
            "can_change": policy.allowed(request.user, "care.register_change"),
        },
    )


@guard("care.register", every_method=True)
def provider(request: AuthenticatedRequest, provider_pk: int) -> HttpResponse:
    """A carer or home: its approval and the children placed there now, each named only to those who may open them."""
    item = get_object_or_404(CareProvider, pk=provider_pk)
    today = clock.today()
    placed = list(
        Placement.objects.filter(carer=item, start_date__lte=today)
        .filter(Q(end_date=None) | Q(end_date__gt=today))
        .select_related("period__child")
        .order_by("start_date")
    )
    openable = visible_among(request.user, [p.period.child for p in placed])
    return render(
        request,
        "care/provider.html",
        {
            "provider": item,
            "placed": [(p, p.period.child_id in openable) for p in placed],
            "count": children_placed_with(item, today),
            "carers": item.carers.order_by("surname", "forename"),
            "can_change": policy.allowed(request.user, "care.register_change"),
        },
    )


@guard("care.register_change", every_method=True)
def provider_edit(request: AuthenticatedRequest, provider_pk: int = 0) -> HttpResponse:
    item = get_object_or_404(CareProvider, pk=provider_pk) if provider_pk else None
    initial = {"approval": "n/a"}
    if item is not None:
        initial = {field: getattr(item, field) for field in ProviderForm.base_fields}
        initial["in_area"] = "yes" if item.in_area else "no"
    form = ProviderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = provider_save(data=form.cleaned_data, by=request.user, provider=item)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("care:provider", provider_pk=saved.pk)
    return render(
        request,
        "care/provider_edit.html",
        {"form": form, "provider": item, "title": f"Change {item.name}" if item else "Add a carer or home"},
    )


@guard("care.register_change", every_method=True)
def providers_upload(request: AuthenticatedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload is None:
                raise ValidationError({"file": "Choose the CSV file to import."})
            result = providers_import(content=upload.read(), by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Imported: {result.added} added, {result.changed} changed.")
            return redirect("care:register")
    return render(request, "care/providers_import.html", {"form": form})


# Reviews, the reviewing officer and disputes.


def _period(request: AuthenticatedRequest, pk: int, period_pk: int) -> tuple[Person, CarePeriod]:
    person = access_child(request.user, pk, path=request.path, partners=False)
    return person, get_object_or_404(CarePeriod, pk=period_pk, child=person)


@guard("child.record_work", every_method=True)
def iro(request: AuthenticatedRequest, pk: int, period_pk: int) -> HttpResponse:
    person, period = _period(request, pk, period_pk)
    form = IroForm(request.POST or None, initial={"on": clock.today(), "iro": period.iro_id})

    def save(data: dict[str, Any]) -> None:
        iro_allocate(period=period, by=request.user, **data)

    return _care_form(
        request,
        person,
        form,
        save,
        done="Reviewing officer allocated.",
        title="Allocate the independent reviewing officer",
        button="Allocate",
        required=["iro", "on"],
    )


@guard("child.record_work", every_method=True)
def review_new(request: AuthenticatedRequest, pk: int, period_pk: int) -> HttpResponse:
    person, period = _period(request, pk, period_pk)
    earlier = open_recommendations(period)
    form = ReviewForm(
        request.POST or None,
        earlier=earlier,
        initial={"held_on": clock.today(), "version": period.version},
    )
    saved: list[LacReview] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved.append(review_record(period=period, by=request.user, **form.values()))
        except ValidationError as error:
            if is_stale(error):
                period.refresh_from_db()
                offer_saved_version(form, period)
            apply_errors(form, error)
        else:
            messages.success(request, f"Review {saved[0].number} recorded.")
            return redirect("care:review", pk=person.pk, review_pk=saved[0].pk)
    latest = period.reviews.select_related("iro").order_by("-number").first()
    return render(
        request,
        "care/review_form.html",
        {
            "person": person,
            "summary": child_header(person),
            "form": form,
            "period": period,
            "earlier": earlier,
            "latest": latest,
            "wellbeing": wellbeing_since_last_review(period),
            "contributions": list(contributions_waiting(period, ReviewKind.REVIEW)),
        },
    )


@guard("child.record_work")
def review(request: AuthenticatedRequest, pk: int, review_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    item = get_object_or_404(LacReview.objects.select_related("iro", "period"), pk=review_pk, child=person)
    step = bound_form(request, "step", StepForm, on=clock.today())
    done = bound_form(request, "done", DoneForm, on=clock.today())
    if request.method == "POST":
        by = request.user
        if "step" in request.POST:
            which = request.POST.get("step", "")
            saved = which in ("decisions", "record") and form_posted(
                request,
                step,
                lambda data: review_step(review=item, step=which, by=by, **data),
                "Recorded.",
            )
        else:
            recommendation = get_object_or_404(
                Recommendation, pk=request.POST.get("done"), review__child=person
            )
            saved = form_posted(
                request,
                done,
                lambda data: recommendation_done(recommendation=recommendation, by=by, **data),
                "Recommendation marked done.",
            )
        if saved:
            return redirect("care:review", pk=person.pk, review_pk=item.pk)
    return render(
        request,
        "care/review.html",
        {
            "person": person,
            "summary": child_header(person),
            "review": item,
            "recommendations": item.recommendations.select_related("owner"),
            "contributions": list(
                item.contributions.select_related("recorded_by").order_by("recorded_at", "pk")
            ),
            "step": step,
            "done": done,
            "can_change": policy.allowed(request.user, "child.record_work", person, read=True),
        },
    )


@guard("child.record_work", every_method=True)
def dispute_new(request: AuthenticatedRequest, pk: int, period_pk: int) -> HttpResponse:
    person, period = _period(request, pk, period_pk)
    form = DisputeForm(request.POST or None, initial={"raised_on": clock.today()})

    def save(data: dict[str, Any]) -> None:
        dispute_raise(period=period, by=request.user, **data)

    return _care_form(
        request,
        person,
        form,
        save,
        done="Dispute recorded.",
        title="The reviewing officer raises a dispute",
        button="Record",
        required=["raised_on", "issue"],
    )


@guard("child.record_work", every_method=True)
def dispute(request: AuthenticatedRequest, pk: int, dispute_pk: int) -> HttpResponse:
    person = access_child(request.user, pk, path=request.path, partners=False)
    item = get_object_or_404(IroDispute, pk=dispute_pk, child=person)
    form = DisputeStepForm(request.POST or None, initial={"on": clock.today()})

    def save(data: dict[str, Any]) -> None:
        dispute_step(dispute=item, by=request.user, **data)

    return _care_form(
        request,
        person,
        form,
        save,
        done="Dispute updated.",
        title=f"Dispute raised {item.raised_on:%-d %B %Y}: {item.get_stage_display()}",
        intro=item.issue,
        button="Save",
        required=["on"],
    )


@guard("care.register_change", every_method=True)
def carer_new(request: AuthenticatedRequest, provider_pk: int) -> HttpResponse:
    item = get_object_or_404(CareProvider, pk=provider_pk)
    form = CarerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider_carer_add(provider=item, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Carer added.")
            return redirect("care:provider", provider_pk=item.pk)
    return render(
        request,
        "care/provider_edit.html",
        {"form": form, "provider": item, "title": f"Add a carer to {item.name}"},
    )
