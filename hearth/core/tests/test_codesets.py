"""DfE code sets, Hearth's own lists, validity by collection year and relationship inverses."""

from __future__ import annotations

import inspect

import pytest
from django.db import models

from hearth.core import codesets
from hearth.core.codesets import (
    CLA_CATEGORY_OF_NEED_CODES,
    RELATIONSHIP_INVERSE,
    RELATIONSHIP_SEX_NEUTRAL,
    SSDA903_LEGACY_SEX_CODES,
    SSDA903_UPN_UNKNOWN_CODES,
    AssessmentFactor,
    CategoryOfAbuse,
    Disability,
    Ethnicity,
    GenderCurrent,
    PlacementProvider,
    PlacementType,
    PrimaryNeed,
    ReasonEpisodeCeased,
    ReasonForClosure,
    ReasonPlaceChange,
    ReferralSource,
    RelationshipType,
    ReviewParticipation,
    Sex,
    UpnUnknown,
    inverse_relationship,
    valid_codes,
)

ALL_CODE_SETS: list[type[models.TextChoices]] = [
    obj
    for _, obj in inspect.getmembers(codesets, inspect.isclass)
    if issubclass(obj, models.TextChoices)
    and obj is not models.TextChoices
    and obj.__module__ == codesets.__name__
]

EXPECTED_CODE_SETS = {
    "Sex",
    "GenderCurrent",
    "Ethnicity",
    "Disability",
    "UpnUnknown",
    "ReferralSource",
    "PrimaryNeed",
    "ReasonForClosure",
    "CategoryOfAbuse",
    "AssessmentFactor",
    "LegalStatus",
    "ReasonNewEpisode",
    "PlacementType",
    "PlacementProvider",
    "ReasonEpisodeCeased",
    "ReasonPlaceChange",
    "ReviewParticipation",
    "Religion",
    "ImmigrationStatus",
    "AddressType",
    "IdentifierType",
    "RelationshipType",
    "ProfessionalRole",
}


def codes(code_set: type[models.TextChoices]) -> set[str]:
    return set(code_set.values)


def words(text: str) -> set[str]:
    """The whitespace-separated codes in ``text``, as a set."""
    return set(text.split())


# --------------------------------------------------------------------------------------------
# Every code set
# --------------------------------------------------------------------------------------------


def test_all_expected_code_sets_exist_and_are_exported() -> None:
    assert {cs.__name__ for cs in ALL_CODE_SETS} == EXPECTED_CODE_SETS
    assert set(codesets.__all__) >= EXPECTED_CODE_SETS
    assert all(hasattr(codesets, name) for name in codesets.__all__)


@pytest.mark.parametrize("code_set", ALL_CODE_SETS, ids=lambda cs: cs.__name__)
def test_code_set_is_well_formed(code_set: type[models.TextChoices]) -> None:
    members = list(code_set)
    assert members, "empty code set"
    # no aliases: an enum silently merges members with the same value
    assert len(code_set.__members__) == len(members)
    values = [m.value for m in members]
    assert len(values) == len(set(values)), "duplicate codes"
    labels = [m.label for m in members]
    assert len(labels) == len(set(labels)), "duplicate labels"
    for member in members:
        assert member.value and member.value == member.value.strip()
        assert isinstance(member.label, str) and member.label.strip()
        assert member.label != member.value or member.value == "GP"
    assert code_set.__doc__ and code_set.__doc__.strip()


# --------------------------------------------------------------------------------------------
# Specific lists against the reference (returns.md 2.3, 3.2)
# --------------------------------------------------------------------------------------------


def test_sex_and_gender_current() -> None:
    assert codes(Sex) == {"M", "F", "U"}
    assert codes(GenderCurrent) == {"1", "2", "0", "9"}
    assert {"1", "2"} == SSDA903_LEGACY_SEX_CODES


def test_ethnicity_has_the_twenty_dfe_codes() -> None:
    expected = words(
        "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH REFU NOBT"
    )
    assert len(expected) == 20
    assert codes(Ethnicity) == expected
    assert Ethnicity.WBRI.label == "White British"
    assert Ethnicity.REFU.label == "Refused"
    assert Ethnicity.NOBT.label == "Information not yet obtained"


def test_disability() -> None:
    assert codes(Disability) == words("NONE MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA")


def test_upn_unknown() -> None:
    assert codes(UpnUnknown) == {f"UN{n}" for n in range(1, 8)}
    assert {f"UN{n}" for n in range(1, 6)} == SSDA903_UPN_UNKNOWN_CODES


def test_referral_source() -> None:
    assert codes(ReferralSource) == words("1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10")


def test_primary_need_and_cla_category_of_need() -> None:
    assert codes(PrimaryNeed) == {f"N{n}" for n in range(10)}
    assert {f"N{n}" for n in range(1, 9)} == CLA_CATEGORY_OF_NEED_CODES


def test_reason_for_closure_and_category_of_abuse() -> None:
    assert codes(ReasonForClosure) == {f"RC{n}" for n in range(1, 10)}
    assert codes(CategoryOfAbuse) == {"NEG", "PHY", "SAB", "EMO", "MUL"}


def test_assessment_factors() -> None:
    expected = {f"{n}{s}" for n in range(1, 7) for s in "ABC"}
    expected |= {"7A", "8B", "8C", "8D", "8E", "8F"}
    expected |= {f"{n}A" for n in range(9, 18)}
    expected |= {"18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A"}
    assert codes(AssessmentFactor) == expected
    assert AssessmentFactor.NO_FACTORS.value == "21"


def test_placement_lists() -> None:
    placement = codes(PlacementType)
    assert {"H5", "P2", "Z1", "K3", "Z11", "Z12", "Z13", "Z14"} <= placement
    assert len(placement) == 32
    assert codes(PlacementProvider) == {f"PR{n}" for n in range(6)}


def test_other_903_lists() -> None:
    assert len(ReasonEpisodeCeased) == 22
    assert {"X1", "E11", "E12", "E4A", "E4B", "E45", "E48", "E17", "E8"} <= codes(ReasonEpisodeCeased)
    assert codes(ReasonPlaceChange) == words(
        "CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD LAREQ PLACE CUSTOD OTHER"
    )
    assert codes(ReviewParticipation) == {f"PN{n}" for n in range(8)}


# --------------------------------------------------------------------------------------------
# Validity by collection year
# --------------------------------------------------------------------------------------------

PLACEMENT_2023 = words("A3 A4 A5 A6 H5 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1")


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2023, PLACEMENT_2023),
        (2024, PLACEMENT_2023),
        (2025, PLACEMENT_2023 | {"K3"}),
        (2026, (PLACEMENT_2023 - {"H5", "P2", "Z1"}) | {"K3", "Z11", "Z12", "Z13", "Z14"}),
        (2027, (PLACEMENT_2023 - {"H5", "P2", "Z1"}) | {"K3", "Z11", "Z12", "Z13", "Z14"}),
    ],
)
def test_placement_type_by_year(year: int, expected: set[str]) -> None:
    assert valid_codes(PlacementType, year) == expected


def test_sex_replaces_gender_current_from_2024_25() -> None:
    assert valid_codes(Sex, 2024) == frozenset()
    assert valid_codes(GenderCurrent, 2024) == {"1", "2", "0", "9"}
    assert valid_codes(Sex, 2025) == {"M", "F", "U"}
    assert valid_codes(GenderCurrent, 2025) == frozenset()
    assert valid_codes(Sex, 2027) == {"M", "F", "U"}


def test_rc9_from_2022_23() -> None:
    assert "RC9" not in valid_codes(ReasonForClosure, 2022)
    assert valid_codes(ReasonForClosure, 2023) == codes(ReasonForClosure)
    assert valid_codes(ReasonForClosure, 2027) == codes(ReasonForClosure)


@pytest.mark.parametrize("code_set", ALL_CODE_SETS, ids=lambda cs: cs.__name__)
def test_valid_codes_returns_subset(code_set: type[models.TextChoices]) -> None:
    for year in range(2020, 2030):
        valid = valid_codes(code_set, year)
        assert isinstance(valid, frozenset)
        assert valid <= codes(code_set)


def test_unchanged_code_set_is_all_codes() -> None:
    assert valid_codes(Ethnicity, 2024) == codes(Ethnicity)


@pytest.mark.parametrize("year", [24, 202425, 1999])
def test_valid_codes_rejects_implausible_years(year: int) -> None:
    with pytest.raises(ValueError):
        valid_codes(PlacementType, year)


# --------------------------------------------------------------------------------------------
# Relationships
# --------------------------------------------------------------------------------------------


def test_every_relationship_has_an_inverse() -> None:
    assert set(RELATIONSHIP_INVERSE) == set(RelationshipType)
    assert all(isinstance(v, RelationshipType) for v in RELATIONSHIP_INVERSE.values())


def test_inverse_of_inverse_is_itself_or_its_sex_neutral_form() -> None:
    for rel in RelationshipType:
        back = RELATIONSHIP_INVERSE[RELATIONSHIP_INVERSE[rel]]
        assert back == RELATIONSHIP_SEX_NEUTRAL.get(rel, rel), rel


@pytest.mark.parametrize(
    "rel", ["SIBLING", "HALF_SIBLING", "STEP_SIBLING", "OTHER_RELATIVE", "FRIEND", "OTHER"]
)
def test_symmetric_relationships(rel: str) -> None:
    assert RELATIONSHIP_INVERSE[RelationshipType(rel)] == rel


@pytest.mark.parametrize(
    ("rel", "inverse"),
    [
        ("MOTHER", "CHILD"),
        ("FATHER", "CHILD"),
        ("STEP_MOTHER", "STEP_CHILD"),
        ("STEP_FATHER", "STEP_CHILD"),
        ("PARTNER_OF_PARENT", "CHILD_OF_PARTNER"),
        ("GRANDPARENT", "GRANDCHILD"),
        ("AUNT_UNCLE", "NIECE_NEPHEW"),
        ("FOSTER_CARER", "FOSTER_CHILD"),
        ("KINSHIP_CARER", "KINSHIP_CHILD"),
        ("SPECIAL_GUARDIAN", "SPECIAL_GUARDIANSHIP_CHILD"),
        ("ADOPTIVE_PARENT", "ADOPTED_CHILD"),
        ("CHILD", "PARENT"),
    ],
)
def test_named_inverses(rel: str, inverse: str) -> None:
    assert RELATIONSHIP_INVERSE[RelationshipType(rel)] == inverse
    assert inverse_relationship(rel) == inverse


def test_inverse_uses_the_other_persons_sex_when_known() -> None:
    assert inverse_relationship("CHILD", "F") == RelationshipType.MOTHER
    assert inverse_relationship("CHILD", "M") == RelationshipType.FATHER
    assert inverse_relationship("CHILD", "U") == RelationshipType.PARENT
    assert inverse_relationship("STEP_CHILD", "F") == RelationshipType.STEP_MOTHER
    assert inverse_relationship("STEP_CHILD", "M") == RelationshipType.STEP_FATHER
    # sex does not change types that have no sex-specific form
    assert inverse_relationship("MOTHER", "F") == RelationshipType.CHILD
    assert inverse_relationship("SIBLING", "M") == RelationshipType.SIBLING


def test_inverse_rejects_unknown_type() -> None:
    with pytest.raises(ValueError):
        inverse_relationship("COUSIN_TWICE_REMOVED")
