from __future__ import annotations

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.core import clock
from hearth.core.auth import session_forget
from hearth.core.drafts import (
    DraftProblem,
    draft_json,
    draft_keep,
    drafts_for,
    drafts_settle,
    forget_who_signed_in,
    parse_json,
)
from hearth.core.http import AuthenticatedRequest
from hearth.core.policy import anyone, guard, reads
from hearth.core.readiness import readiness_problems


@anyone
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    session_forget(request.session.session_key)
    logout(request)
    response = redirect("core:login")
    forget_who_signed_in(response)
    response["Clear-Site-Data"] = '"storage"'  # drafts autosaved on a shared device go with the session
    return response


@guard("drafts.own")
def drafts(request: AuthenticatedRequest) -> HttpResponse:
    """The signed-in person's drafts of one page's forms (GET, `?path=`), or one form's draft kept (POST: `path`,
    `key`, and `fields` and `initial` as JSON): the page's script calls it as the person types (issue 18)."""
    if request.method == "POST":
        try:
            draft_keep(
                request,
                fields=parse_json(request.POST.get("fields", "")),
                initial=parse_json(request.POST.get("initial", "")),
            )
        except DraftProblem as problem:
            return HttpResponse(f"The draft was not kept: {problem}", status=400, content_type="text/plain")
        return HttpResponse(status=204)
    found = drafts_for(user_id=request.user.pk, path=request.GET.get("path", ""))
    return JsonResponse({"drafts": [draft_json(draft) for draft in found]})


@guard("drafts.own")
@require_POST
def draft_discard(request: AuthenticatedRequest) -> HttpResponse:
    """Discard one form's draft (`path`, `key`): the person chose to start again."""
    drafts_settle(
        user_id=request.user.pk, path=request.POST.get("path", ""), form_key=request.POST.get("key", "")
    )
    return HttpResponse(status=204)


@anyone
def health(request: HttpRequest) -> HttpResponse:
    """The process is up: nothing else is touched (a liveness check)."""
    return HttpResponse("ok", content_type="text/plain")


@anyone
def ready(request: HttpRequest) -> HttpResponse:
    """Ready for people's requests (a load balancer's readiness check): the database answers and every migration
    is applied; otherwise 503, saying what is wrong."""
    problems = readiness_problems()
    if problems:
        return HttpResponse(
            "Not ready.\n" + "\n".join(problems) + "\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ready", content_type="text/plain")


@reads
def rules(request: HttpRequest) -> HttpResponse:
    """Every timescale rule, as declared, with the interval in force today and the council's settings."""

    from django.apps import apps

    from hearth.core.council_settings import DECLARED, current_snapshot
    from hearth.core.events import all_event_types, event_type
    from hearth.core.timescales.dated import dated_event_types
    from hearth.core.timescales.rules import Interval, all_rules, rule_area

    def described(codes: tuple[str, ...]) -> list[str]:
        return [event_type(code).label if code in known_events else code for code in codes]

    known_events = {item.code for item in all_event_types()}
    today = clock.today()
    snapshot = current_snapshot()
    areas = sorted({rule_area(rule.id) for rule in all_rules()})
    area_names = {
        area: apps.get_app_config(area).verbose_name if area != "other" else "Other" for area in areas
    }
    chosen = request.GET.get("area", "")
    rows = [
        {
            "rule": rule,
            "area": area_names[rule_area(rule.id)],
            "interval": rule.describe_interval(snapshot, today),
            "window": f"opens {rule.window_before} before it is due" if rule.window_before else "",
            "starts": described(rule.starts_on),
            "met_by": described(rule.satisfied_by),
            "subject": SUBJECTS[rule.owner],
            "about": ABOUT[rule.subject],
            "conditions": [str(condition) for condition in rule.starts_if],
            "choices": [str(choice) for choice in rule.interval_by],
            "dated": [code for code in rule.starts_on if code in dated_event_types()],
            "in_force": rule.in_force_on(today),
        }
        for rule in all_rules()
        if not chosen or rule_area(rule.id) == chosen
    ]
    settings_rows = []
    for key, declaration in sorted(DECLARED.items()):
        value = snapshot.value(key, today)
        if isinstance(value, bool):
            shown = "Yes" if value else "No"
        elif isinstance(value, dict) and "amount" in value:
            shown = str(Interval.from_setting(value))
        elif isinstance(value, dict):  # one value for each of several kinds (a basis for sharing per agency)
            shown = "; ".join(f"{kind}: {each}" for kind, each in value.items())
        else:
            shown = str(value)
        settings_rows.append({"declaration": declaration, "value": shown})
    return render(
        request,
        "core/rules.html",
        {"rows": rows, "settings_rows": settings_rows, "areas": area_names, "chosen": chosen},
    )


# Whom or what each rule's duties are about, as the rules page says it.
ABOUT = {"child": "A child", "staff": "A member of staff", "record": "A record (no child)"}

# Who each rule's duty falls to, as the rules page says it.
SUBJECTS = {
    "allocated_worker": "The child's worker",
    "team": "The child's team (a manager's decision)",
    "front_door": "The front door",
    "allocated_or_front_door": "The child's worker; the front door for a child no one holds",
    "staff_member": "The member of staff themself",
    "supervisor": "The manager who supervises them",
    "named": "The member of staff named when it started",
}
