"""The two steps every page that posts a form to a service shares: bind the form for the button pressed, and run
the service, putting its field-named refusals back on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

from hearth.core.http import AuthenticatedRequest


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal, on the fields it names (others at the top of the form)."""
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def form_posted(
    request: AuthenticatedRequest, form: forms.Form, action: Callable[[dict[str, Any]], object], done: str
) -> bool:
    """Run one form's service; True when it saved (the caller redirects), else the errors are on the form."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return False
    messages.success(request, done)
    return True


def bound_form(
    request: AuthenticatedRequest, name: str, form_class: type[forms.Form], **initial: Any
) -> forms.Form:
    """The form for the button pressed (named `name`) is bound to the post; the page's other forms are fresh."""
    data = request.POST if request.method == "POST" and name in request.POST else None
    return form_class(data, initial=initial)
