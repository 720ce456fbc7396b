"""The care pages as people use them (issue 16 item 9): becoming looked after from the child's care page with a
carer chosen from the register, the page at a glance, a visit, the carer's page naming only the children the user
may open, and the register's import checked whole before anything is saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from hearth.care.models import CareEpisode, CarePeriod, CareProvider
from hearth.care.tests.helpers import carer, start_care
from hearth.core.models import AccessLog
from hearth.organisation.roles import Role


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


START: dict[str, str] = {
    "start_date": "3/3/2025",
    "basis": "s20",
    "route": "assessment",
    "decision_reason": "Mother admitted to hospital; no family able to care for Jayden",
    "category_of_need": "N1",
    "placement_type": "U6",
    "siblings": "none",
}


def test_a_worker_records_a_child_becoming_looked_after_and_sees_it_at_a_glance(council: Any) -> None:
    home = carer()
    client = _client(council.worker)
    page = client.get(reverse("care:care", kwargs={"pk": council.child.pk}))
    assert "Jayden is not looked after" in page.content.decode()
    assert AccessLog.objects.filter(
        user=council.worker, child=council.child, path__endswith="/care/"
    ).exists()
    response = client.post(
        reverse("care:start", kwargs={"pk": council.child.pk}), START | {"carer": str(home.pk)}, follow=True
    )
    text = response.content.decode()
    assert "decision is waiting for a manager" in text
    assert "Single period of accommodation under section 20 (V2)" in text
    assert "The Okafor household" in text and "NE6 2XA" in text
    assert "Within a week of the placement, then at least every 6 weeks" in text
    assert "1 placement in the year to 31 March" in text
    assert CareEpisode.objects.get(child=council.child).reason_new == "S"


def test_a_bad_start_shows_the_field_and_saves_nothing(council: Any) -> None:
    client = _client(council.worker)
    response = client.post(
        reverse("care:start", kwargs={"pk": council.child.pk}), START | {"placement_type": "", "postcode": ""}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Choose the placement type" in text
    assert "Choose the carer or home from the register, or the provider" in text
    assert not CarePeriod.objects.exists()


def test_a_visit_recorded_from_the_care_page_is_listed_there(council: Any) -> None:
    period = start_care(council, date(2025, 3, 3))
    placement = period.placements.get()
    client = _client(council.worker)
    response = client.post(
        reverse("visits:new", kwargs={"pk": council.child.pk, "kind": "lac", "plan_pk": placement.pk}),
        {"visit_date": "7/3/2025", "seen": "yes", "seen_alone": "on", "note": "Settled"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("care:care", kwargs={"pk": council.child.pk})
    assert "7 Mar 2025" in response.content.decode()


def test_the_carers_page_names_only_the_children_the_user_may_open(council: Any, far: Any) -> None:
    home = carer()
    start_care(council, date(2025, 3, 3), provider=home)
    far_worker, far_child = far
    far_worker.role = Role.SOCIAL_WORKER
    far_worker.save()
    url = reverse("care:provider", kwargs={"provider_pk": home.pk})
    mine = _client(council.worker).get(url).content.decode()
    assert "Jayden Smith" in mine and "1 of 2 in use" in mine
    theirs = _client(far_worker).get(url).content.decode()
    assert "Jayden" not in theirs and "Another child, not in your scope" in theirs


def test_the_register_import_is_checked_whole_and_then_saved(council: Any) -> None:
    client = _client(council.manager)
    header = (
        "reference,name,kind,provider_code,urn,postcode,in_area,approval,approved_from,approved_to,capacity,"
        "age_from,age_to,host_council,host_council_address\n"
    )
    good = "FC-10,The Patel household,foster,PR1,,NE3 1AA,yes,full,2021-04-01,,2,0,17,,\n"
    bad = (
        'CH-20,Hillside,home,PR4,,not a postcode,no,n/a,,,4,11,17,Leeds City Council,"Merrion House, Leeds"\n'
    )
    url = reverse("care:providers_import")
    response = client.post(url, {"file": _upload(header + good + bad)})
    text = response.content.decode()
    assert "Nothing was imported" in text
    assert "Row 3, urn: Enter the Ofsted URN" in text and "Row 3, postcode: Enter a full postcode" in text
    assert not CareProvider.objects.exists()
    fixed = bad.replace(",,not a postcode", ",SC654321,LS1 4AP")
    response = client.post(url, {"file": _upload(header + good + fixed)}, follow=True)
    assert "Imported: 2 added, 0 changed." in response.content.decode()
    assert CareProvider.objects.get(reference="CH-20").urn == "SC654321"
    response = client.post(url, {"file": _upload(header + good.replace(",2,0,17", ",3,0,17"))}, follow=True)
    assert "Imported: 0 added, 1 changed." in response.content.decode()
    assert CareProvider.objects.get(reference="FC-10").capacity == 3


def test_a_social_worker_reads_the_register_but_cannot_change_it(council: Any) -> None:
    client = _client(council.worker)
    assert client.get(reverse("care:register")).status_code == 200
    response = client.post(reverse("care:provider_new"), {"name": "X"})
    assert response.status_code == 403
    assert not CareProvider.objects.exists()


def _upload(text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("register.csv", text.encode(), content_type="text/csv")


def test_two_people_recording_the_same_review_the_second_sees_the_first_and_keeps_their_text(
    council: Any,
) -> None:
    from hearth.care.reviews import iro_allocate

    iro_user = council.users[Role.INDEPENDENT_REVIEWING_OFFICER]
    period = start_care(council, date(2025, 3, 3))
    iro_allocate(period=period, iro=iro_user, on=date(2025, 3, 5), by=council.manager)
    url = reverse("care:review_new", kwargs={"pk": council.child.pk, "period_pk": period.pk})
    first, second = _client(iro_user), _client(council.worker)
    version = str(CarePeriod.objects.get(pk=period.pk).version)
    for client in (first, second):
        assert f'name="version" value="{version}"' in client.get(url).content.decode()
    review = {"held_on": "28/3/2025", "participation": "PN1", "version": version}
    saved = first.post(url, review | {"summary": "Settled at the Okafors; contact with brother to increase"})
    assert saved.status_code == 302
    refused = second.post(url, review | {"summary": "Jayden is happy where he is"})
    page = refused.content.decode().replace("&#x27;", "'")
    assert refused.status_code == 200 and "Someone else changed this child's reviews" in page
    assert "Jayden is happy where he is" in page  # their own text, still in the form
    assert "contact with brother to increase" in page  # and what was saved meanwhile
    assert CarePeriod.objects.get(pk=period.pk).reviews.count() == 1


def test_the_childs_page_shows_the_child_in_care_at_a_glance(council: Any) -> None:
    from hearth.care.reviews import iro_allocate
    from hearth.visits.services import visit_record

    period = start_care(council, date(2025, 3, 3))
    iro_allocate(
        period=period,
        iro=council.users[Role.INDEPENDENT_REVIEWING_OFFICER],
        on=date(2025, 3, 4),
        by=council.manager,
    )
    visit_record(
        kind="lac",
        plan=period.placements.get(),
        visit_date=date(2025, 3, 7),
        seen=True,
        seen_alone=True,
        bedroom_seen=False,
        not_seen_reason="",
        note="",
        by=council.worker,
    )
    page = _client(council.worker).get(reverse("childrecord:child_page", kwargs={"pk": council.child.pk}))
    text = page.content.decode().replace("&#x27;", "'")
    assert "Legal status: Single period of accommodation under section 20" in text
    assert "with The Okafor household" in text
    assert "reviewing officer: Independent reviewing officer Person; last visited 7 Mar 2025" in text


def test_the_placements_team_adds_the_carers_of_a_fostering_household_as_adults(council: Any) -> None:
    home = carer()
    client = _client(council.users[Role.PLACEMENTS])
    url = reverse("care:carer_new", kwargs={"provider_pk": home.pk})
    refused = client.post(url, {"forename": "Grace", "surname": "Okafor"})
    assert "Enter the carer&#x27;s date of birth" in refused.content.decode()
    response = client.post(
        url, {"forename": "Grace", "surname": "Okafor", "date_of_birth": "4/5/1978"}, follow=True
    )
    assert "Carer added." in response.content.decode() and "Grace Okafor" in response.content.decode()
    [grace] = home.carers.all()
    assert (grace.kind, grace.date_of_birth) == ("adult", date(1978, 5, 4))
