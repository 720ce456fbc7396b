"""The form field component (`core/components/field.html`, written by hearth_ui's govuk_field): GOV.UK Frontend's
markup for each kind of field, with its label, hint and errors linked to the control, as a screen reader needs."""

from __future__ import annotations

from django import forms
from django.template import engines
from lxml import html

from hearth.core.forms import DayMonthYearField


class _Form(forms.Form):
    name = forms.CharField(label="Family name <b>", help_text="As on the birth certificate")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    seen = forms.ChoiceField(
        label="Was the child seen?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )
    concerns = forms.MultipleChoiceField(
        label="Concerns",
        required=False,
        choices=[("neglect", "Neglect"), ("emotional", "Emotional abuse")],
        widget=forms.CheckboxSelectMultiple,
    )
    urgent = forms.BooleanField(label="Urgent", required=False, help_text="Tick if today")
    born = DayMonthYearField(what="date of birth", label="Date of birth")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _render(form: forms.Form, name: str, **options: object) -> html.HtmlElement:
    page = engines["django"].from_string('{% include "core/components/field.html" %}')
    return html.fragment_fromstring(page.render({"field": form[name], **options}), create_parent="div")


def test_a_text_field_has_its_label_hint_and_error_linked_to_the_control() -> None:
    form = _Form({"name": "", "seen": "yes"})
    assert not form.is_valid()
    group = _render(form, "name", label_class="govuk-label--m")
    assert group.xpath("./div/@class") == ["govuk-form-group govuk-form-group--error"]
    label = group.xpath(".//label")[0]
    assert (label.text_content(), label.get("class"), label.get("for")) == (
        "Family name <b>",  # escaped: shown as written, not as markup
        "govuk-label govuk-label--m",
        "id_name",
    )
    control = group.xpath(".//input[@name='name']")[0]
    assert control.get("aria-describedby") == "id_name-hint id_name-error"
    assert control.get("class") == "govuk-input govuk-input--error"
    assert group.xpath("string(.//*[@id='id_name-hint'])") == "As on the birth certificate"
    assert group.xpath("string(.//*[@id='id_name-error'])") == "Error: This field is required."


def test_optional_fields_say_so_unless_told_not_to_and_a_hint_can_replace_the_help_text() -> None:
    form = _Form()
    assert _render(form, "notes").xpath("string(.//label)") == "Notes (optional)"
    assert _render(form, "notes", optional_suffix=False).xpath("string(.//label)") == "Notes"
    shown = _render(form, "name", hint="Their <i>legal</i> name")
    assert shown.xpath("string(.//*[@id='id_name-hint'])") == "Their <i>legal</i> name"


def test_radios_and_checkboxes_are_a_fieldset_with_a_legend_and_the_chosen_options_checked() -> None:
    form = _Form({"seen": "no", "concerns": ["emotional"]})
    form.is_valid()
    radios = _render(form, "seen", input_class="govuk-radios--inline")
    assert radios.xpath("string(.//legend)") == "Was the child seen?"
    assert radios.xpath(".//div[@data-module='govuk-radios']/@class") == ["govuk-radios govuk-radios--inline"]
    assert radios.xpath(".//input[@checked]/@value") == ["no"]
    assert radios.xpath(".//label[@for='id_seen_1']/text()") == ["No"]
    boxes = _render(form, "concerns", legend_class="govuk-fieldset__legend--m")
    assert boxes.xpath(".//legend/@class") == ["govuk-fieldset__legend govuk-fieldset__legend--m"]
    assert boxes.xpath(".//input[@type='checkbox' and @checked]/@value") == ["emotional"]
    assert boxes.xpath("string(.//legend)") == "Concerns (optional)"


def test_a_single_checkbox_has_its_hint_under_its_label() -> None:
    box = _render(_Form(), "urgent")
    assert box.xpath(".//input[@type='checkbox']/@aria-describedby") == ["id_urgent-hint"]
    assert box.xpath(".//div[@id='id_urgent-hint']/@class") == ["govuk-hint govuk-checkboxes__hint"]


def test_a_date_is_three_boxes_for_day_month_and_year_and_marks_them_all_in_error() -> None:
    form = _Form({"born_0": "31", "born_1": "2", "born_2": "2020"})
    form.is_valid()
    date = _render(form, "born")
    assert date.xpath(".//fieldset/@role") == ["group"]
    assert date.xpath(".//label/text()") == ["Day", "Month", "Year"]
    assert date.xpath(".//input/@value") == ["31", "2", "2020"]
    assert all("govuk-input--error" in c for c in date.xpath(".//input/@class"))
    assert date.xpath("string(.//p[@class='govuk-error-message'])").startswith("Error: ")


def test_a_hidden_field_is_its_input_alone() -> None:
    hidden = _render(_Form(initial={"version": 3}), "version")
    assert hidden.xpath("./*") == hidden.xpath("./input[@type='hidden' and @value='3']")
