"""Every Standard Safeguarding Dataset item for people, addresses, families, disability, immigration, identifiers,
mothers, departments, professionals and involvements has a home in Hearth's model (reference/ssd/*.yml)."""

from __future__ import annotations

import pytest
from django.apps import apps

# SSD field -> "app_label.Model.field" (or ".property" for a value Hearth derives rather than stores).
HOMES: dict[str, str] = {
    "pers_person_id": "people.Person.person_number",
    "pers_forename": "people.Person.forename",
    "pers_surname": "people.Person.surname",
    "pers_sex": "people.Person.sex",
    "pers_gender": "people.Person.gender_identity",
    "pers_ethnicity": "people.Person.ethnicity",
    "pers_dob": "people.Person.date_of_birth",
    "pers_common_child_id": "people.Person.nhs_number",
    "pers_legacy_id": "people.Identifier.value",
    "pers_upn_unknown": "people.Person.upn_unknown",
    "pers_send_flag": "people.Person.has_send",
    "pers_expected_dob": "people.Person.expected_date_of_birth",
    "pers_death_date": "people.Person.date_of_death",
    "pers_is_mother": "people.Relationship.type",
    "pers_nationality": "people.Person.nationality",
    "addr_table_id": "people.Address.id",
    "addr_address_json": "people.Address.line_1",
    "addr_person_id": "people.Address.person",
    "addr_address_type": "people.Address.type",
    "addr_address_start_date": "people.Address.start_date",
    "addr_address_end_date": "people.Address.end_date",
    "addr_address_postcode": "people.Address.postcode",
    "fami_table_id": "people.HouseholdMembership.id",
    "fami_family_id": "people.Household.family_identifier",
    "fami_person_id": "people.HouseholdMembership.person",
    "disa_person_id": "people.PersonDisability.person",
    "disa_table_id": "people.PersonDisability.id",
    "disa_disability_code": "people.PersonDisability.code",
    "immi_person_id": "people.PersonImmigrationStatus.person",
    "immi_immigration_status_id": "people.PersonImmigrationStatus.id",
    "immi_immigration_status": "people.PersonImmigrationStatus.status",
    "immi_immigration_status_start_date": "people.PersonImmigrationStatus.start_date",
    "immi_immigration_status_end_date": "people.PersonImmigrationStatus.end_date",
    "link_table_id": "people.Identifier.id",
    "link_person_id": "people.Identifier.person",
    "link_identifier_type": "people.Identifier.type",
    "link_identifier_value": "people.Identifier.value",
    "link_valid_from_date": "people.Identifier.valid_from",
    "link_valid_to_date": "people.Identifier.valid_to",
    "moth_table_id": "people.Relationship.id",
    "moth_person_id": "people.Relationship.person",
    "moth_childs_person_id": "people.Relationship.other",
    "moth_childs_dob": "people.Person.date_of_birth",
    "dept_team_id": "organisation.Team.id",
    "dept_team_name": "organisation.Team.name",
    "dept_team_parent_id": "organisation.Team.service",
    "dept_team_parent_name": "organisation.Service.name",
    "prof_professional_id": "organisation.StaffUser.id",
    "prof_staff_id": "organisation.StaffUser.username",
    "prof_professional_name": "organisation.StaffUser.full_name",
    "prof_social_worker_registration_no": "organisation.StaffUser.social_work_england_number",
    "prof_professional_job_title": "organisation.StaffUser.role",
    "prof_professional_caseload": "organisation.Allocation.worker",
    "prof_professional_department": "organisation.StaffUser.team",
    "prof_full_time_equivalency": "organisation.StaffUser.full_time_equivalent",
    "prof_agency_worker_flag": "organisation.StaffUser.is_agency_worker",
    "invo_involvements_id": "organisation.Allocation.id",
    "invo_professional_id": "organisation.Allocation.worker",
    "invo_professional_role_id": "organisation.StaffUser.role",
    "invo_professional_team": "organisation.Allocation.team",
    "invo_involvement_start_date": "organisation.Allocation.start_date",
    "invo_involvement_end_date": "organisation.Allocation.end_date",
    "invo_worker_change_reason": "organisation.Allocation.reason",
    "invo_person_id": "organisation.Allocation.child",
    "invo_referral_id": "children_in_need.CinEpisode.id",
}
# The items of these SSD objects, copied from reference/ssd/*.yml (data-to-insight/ssd-data-model, July 2026).
SSD_OBJECTS: dict[str, list[str]] = {
    "ssd_person": [
        "pers_person_id",
        "pers_forename",
        "pers_surname",
        "pers_sex",
        "pers_gender",
        "pers_ethnicity",
        "pers_dob",
        "pers_common_child_id",
        "pers_legacy_id",
        "pers_upn_unknown",
        "pers_send_flag",
        "pers_expected_dob",
        "pers_death_date",
        "pers_is_mother",
        "pers_nationality",
    ],
    "ssd_address": [
        "addr_table_id",
        "addr_address_json",
        "addr_person_id",
        "addr_address_type",
        "addr_address_start_date",
        "addr_address_end_date",
        "addr_address_postcode",
    ],
    "ssd_family": ["fami_table_id", "fami_family_id", "fami_person_id"],
    "ssd_disability": ["disa_person_id", "disa_table_id", "disa_disability_code"],
    "ssd_immigration_status": [
        "immi_person_id",
        "immi_immigration_status_id",
        "immi_immigration_status",
        "immi_immigration_status_start_date",
        "immi_immigration_status_end_date",
    ],
    "ssd_linked_identifiers": [
        "link_table_id",
        "link_person_id",
        "link_identifier_type",
        "link_identifier_value",
        "link_valid_from_date",
        "link_valid_to_date",
    ],
    "ssd_mother": ["moth_table_id", "moth_person_id", "moth_childs_person_id", "moth_childs_dob"],
    "ssd_department": ["dept_team_id", "dept_team_name", "dept_team_parent_id", "dept_team_parent_name"],
    "ssd_professionals": [
        "prof_professional_id",
        "prof_staff_id",
        "prof_professional_name",
        "prof_social_worker_registration_no",
        "prof_professional_job_title",
        "prof_professional_caseload",
        "prof_professional_department",
        "prof_full_time_equivalency",
        "prof_agency_worker_flag",
    ],
    "ssd_involvements": [
        "invo_involvements_id",
        "invo_professional_id",
        "invo_professional_role_id",
        "invo_professional_team",
        "invo_involvement_start_date",
        "invo_involvement_end_date",
        "invo_worker_change_reason",
        "invo_person_id",
        "invo_referral_id",
    ],
}


def test_every_ssd_person_item_has_a_home() -> None:
    missing = [name for fields in SSD_OBJECTS.values() for name in fields if name not in HOMES]
    assert not missing, f"SSD items with no home in Hearth: {missing}"


@pytest.mark.parametrize(("ssd_field", "home"), sorted(HOMES.items()))
def test_each_home_exists(ssd_field: str, home: str) -> None:
    app_model, field = home.rsplit(".", 1)
    model = apps.get_model(app_model)
    assert field in {f.name for f in model._meta.get_fields()}, f"{ssd_field}: {home} does not exist"
