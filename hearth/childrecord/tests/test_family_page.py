"""The family page (issue 18): every child and adult of the household and close family, each child's status, worker
and plans, the family chronology, and the genogram and ecomap as accessible SVG; a child the reader may not open is
never named."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring
from django.test import Client
from django.urls import reverse

from hearth.core import clock
from hearth.core.codesets import RelationshipType
from hearth.core.models import AccessLog
from hearth.organisation.services import allocation_change
from hearth.people.models import Person, ProfessionalInvolvement
from hearth.people.services.household import household_add_member, relationship_add
from hearth.people.tests.factories import make_adult, make_child
from hearth.protection.plans import cp_plan_start

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def family(council: Any) -> dict[str, Any]:
    """Jayden lives with his mother, his sister Amber and his half-brother Kai; his father lives elsewhere and is the
    mother's former partner; his grandmother has died; Kai's record is restricted to other people."""
    start = clock.today() - timedelta(days=60)
    worker = council.worker
    mother = make_adult(
        by=worker, forename="Claire", surname="Smith", sex="F", date_of_birth=date(1990, 5, 1)
    )
    father = make_adult(by=worker, forename="Dean", surname="Smith", sex="M", date_of_birth=date(1988, 2, 2))
    grandmother = make_adult(
        by=worker,
        forename="Iris",
        surname="Smith",
        sex="F",
        date_of_birth=date(1950, 1, 1),
        date_of_death=date(2021, 4, 9),
    )
    amber = make_child(by=worker, forename="Amber", surname="Smith", sex="F", date_of_birth=date(2014, 6, 1))
    kai = make_child(by=worker, forename="Kai", surname="Brown", sex="M", date_of_birth=date(2019, 9, 9))
    for child in (amber, kai):
        allocation_change(
            child_id=child.pk,
            worker=worker,
            team=council.team,
            start_date=start,
            reason="Sibling",
            by=council.users["front_door"],
        )
    for member in (mother, amber, kai):
        household_add_member(child=council.child, member=member, start_date=start, by=worker)
    relationship_add(
        person=mother,
        other=council.child,
        type=RelationshipType.MOTHER,
        parental_responsibility=True,
        by=worker,
    )
    relationship_add(person=father, other=council.child, type=RelationshipType.FATHER, by=worker)
    relationship_add(person=mother, other=amber, type=RelationshipType.MOTHER, by=worker)
    relationship_add(person=amber, other=council.child, type=RelationshipType.SIBLING, by=worker)
    relationship_add(person=kai, other=council.child, type=RelationshipType.HALF_SIBLING, by=worker)
    relationship_add(person=father, other=mother, type=RelationshipType.FORMER_PARTNER, by=worker)
    relationship_add(person=grandmother, other=council.child, type=RelationshipType.GRANDPARENT, by=worker)
    cp_plan_start(
        child=amber, cin_episode=None, start_date=start, category="NEG", risks="Left alone", by=worker
    )
    ProfessionalInvolvement.objects.create(
        child=council.child, role="GP", name="Dr Patel", organisation="Elm Surgery", start_date=start
    )
    Person.objects.filter(pk=kai.pk).update(is_restricted=True)
    return {"mother": mother, "father": father, "grandmother": grandmother, "amber": amber, "kai": kai}


def _svg(page: str, name: str) -> Element:
    start = page.index(f'<svg xmlns="http://www.w3.org/2000/svg" class="hearth-{name}"')
    end = page.index("</svg>", start) + len("</svg>")
    return fromstring(page[start:end])


def test_a_manager_opens_the_family_page_every_child_status_worker_plans_genogram_and_ecomap(
    council: Any, family: Any
) -> None:
    client = Client()
    client.force_login(council.manager)
    page = client.get(reverse("childrecord:family", kwargs={"pk": council.child.pk})).content.decode()
    assert "Jayden Smith's family" in page
    # Every child: Amber with her protection plan and worker; Kai, restricted, only as another child, never named.
    assert "Amber Smith" in page and "Child protection plan" in page and council.worker.full_name in page
    # (The household's own events on Jayden's and Amber's records, in the family chronology, say who joined, as their
    # chronologies do.)
    drawn = page.split('id="family-chronology"')[0]
    assert "Another child, not in your scope" in drawn and "Kai" not in drawn and "Brown" not in drawn
    # The adults and what they are to Jayden.
    assert "Claire Smith" in page and "Mother" in page and "Dean Smith" in page and "Father" in page
    # The genogram: an image with its title and description, drawn without script or style attributes.
    genogram = _svg(page, "genogram")
    assert genogram.get("role") == "img" and genogram.get("aria-labelledby") == "genogram-title genogram-desc"
    assert genogram.find(f"{SVG}title").text == "Genogram of Jayden Smith's family"
    assert not list(genogram.iter(f"{SVG}script"))
    assert all("style" not in element.attrib for element in genogram.iter())
    labels = [text.text for text in genogram.iter(f"{SVG}text")]
    assert {
        "Jayden Smith",
        "Amber Smith",
        "Claire Smith",
        "Dean Smith",
        "Iris Smith",
        "Another child",
    } <= set(labels)
    assert "died 2021" in labels
    # Iris has died: a cross through her symbol; the household is shaded.
    assert any(path.get("d", "").count("M") == 2 for path in genogram.iter(f"{SVG}path"))
    # The text version says the same: the half-sibling, the former partner, who lives with Jayden, who has died.
    assert "Another child, not in your scope is half-sibling of Jayden Smith" in page
    assert "Dean Smith is former partner (separated or divorced) of Claire Smith" in page
    assert "Living with Jayden now: Claire Smith, Amber Smith, Another child, not in your scope" in page
    assert "Died: Iris Smith (died 9 Apr 2021)" in page
    # The ecomap: the professionals around the children.
    ecomap = _svg(page, "ecomap")
    assert ecomap.get("role") == "img" and "Dr Patel" in [text.text for text in ecomap.iter(f"{SVG}text")]
    assert "Dr Patel, gp (Elm Surgery)" in page
    # The family chronology merges the children's key events (Amber's plan), each linked to the child's chronology.
    assert "Amber Smith" in page.split('id="family-chronology"')[1]
    assert AccessLog.objects.filter(child_id=council.child.pk, path__endswith="/family/").exists()
    # Amber's status, plan and key events were read on it: logged on her record too; Kai's were not read.
    assert AccessLog.objects.filter(child_id=family["amber"].pk, path__endswith="/family/").exists()
    assert not AccessLog.objects.filter(child_id=family["kai"].pk, path__endswith="/family/").exists()


def test_the_family_page_reads_a_bounded_number_of_queries_and_partners_are_told_it_is_not_theirs(
    council: Any, family: Any, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(council.manager)
    url = reverse("childrecord:family", kwargs={"pk": council.child.pk})
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
    partner = Client()
    partner.force_login(council.users["partner_health"])
    assert partner.get(url).status_code in (403, 404)
