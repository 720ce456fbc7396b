from __future__ import annotations

from django import forms
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.core import clock
from hearth.core.auth import login_attempt
from hearth.core.policy import anyone, reads


class LoginForm(forms.Form):
    username = forms.CharField(label="Username", max_length=60)
    password = forms.CharField(label="Password", widget=forms.PasswordInput)


@anyone
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = login_attempt(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(target or "/")
    return render(request, "core/login.html", {"form": form})


@anyone
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect("core:login")
    response["Clear-Site-Data"] = '"storage"'  # drafts autosaved on a shared device go with the session
    return response


@anyone
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@reads
def rules(request: HttpRequest) -> HttpResponse:
    """Every timescale rule, as declared, with the interval in force today and the council's settings."""

    from hearth.core.council_settings import DECLARED, current_snapshot
    from hearth.core.timescales.rules import Interval, all_rules

    today = clock.today()
    snapshot = current_snapshot()
    rows = [
        {
            "rule": rule,
            "interval": rule.describe_interval(snapshot, today),
            "in_force": rule.in_force_on(today),
        }
        for rule in all_rules()
    ]
    settings_rows = []
    for key, declaration in sorted(DECLARED.items()):
        value = snapshot.value(key, today)
        if isinstance(value, bool):
            shown = "Yes" if value else "No"
        else:
            shown = str(Interval.from_setting(value)) if isinstance(value, dict) else str(value)
        settings_rows.append({"declaration": declaration, "value": shown})
    return render(request, "core/rules.html", {"rows": rows, "settings_rows": settings_rows})
