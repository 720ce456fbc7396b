"""Ofsted's Annex A writes each DfE code in its own form: a letter, the code and a short meaning (`b) Female`,
`a) 1A: Individual`, `k) P1: Placed with parents`), as the London Innovation and Improvement Alliance's Annex A
schema reads them (returns.md 4.1 and 4.2; liia-tools `annex_a_pipeline/spec/Annex_A_schema.yml`). The forms are
copied as that schema spells them, so a workbook Hearth writes reads back through the cleaning tools councils use.

A code Hearth holds that the schema has no form for (a placement type added since: K3, Z11 to Z14) is written as
its code and Hearth's meaning, with no letter: the inspector sees what it is, and nothing is guessed.
"""

from __future__ import annotations

from hearth.core.codesets import PlacementType

YES = "Yes"
NO = "No"
UNKNOWN = "Unknown"

GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}

# The schema letters Refused and Information not yet obtained both `s)`; copied as it is.
ETHNICITY = {
    code: f"{letter}) {code}"
    for letter, code in zip(
        "abcdefghijklmnopqrs",
        (
            "WBRI",
            "WIRI",
            "WIRT",
            "WOTH",
            "WROM",
            "MWBC",
            "MWBA",
            "MWAS",
            "MOTH",
            "AIND",
            "APKN",
            "ABAN",
            "AOTH",
            "BCRB",
            "BAFR",
            "BOTH",
            "CHNE",
            "OOTH",
            "REFU",
        ),
        strict=True,
    )
} | {"NOBT": "s) NOBT"}

SOURCE = {
    "1A": "a) 1A: Individual",
    "1B": "b) 1B: Individual",
    "1C": "c) 1C: Individual",
    "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools",
    "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services",
    "3C": "i) 3C: Health services",
    "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services",
    "3F": "l) 3F: Health services",
    "4": "m) 4: Housing",
    "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services",
    "5C": "p) 5C: LA services",
    "5D": "p1) 5D: LA services",
    "6": "q) 6: Police",
    "7": "r) 7: Other legal agency",
    "8": "s) 8: Other",
    "9": "t) 9: Anonymous",
    "10": "u) 10: Unknown",
}

PRIMARY_NEED = {
    "N0": "N0 - Not stated",
    "N1": "N1 - Abuse or neglect",
    "N2": "N2 - Child's disability",
    "N3": "N3 - Parental disability or illness",
    "N4": "N4 - Family in acute stress",
    "N5": "N5 - Family dysfunction",
    "N6": "N6 - Socially unacceptable behaviour",
    "N7": "N7 - Low income",
    "N8": "N8 - Absent parenting",
    "N9": "N9 - Cases other than children in need",
}

REASON_FOR_CLOSURE = {
    "RC1": "RC1 - Adopted",
    "RC2": "RC2 - Died",
    "RC3": "RC3 - Child arrangements order",
    "RC4": "RC4 - Special guardianship order",
    "RC5": "RC5 - Transferred to services of another local authority",
    "RC6": "RC6 - Transferred to adult social care services",
    "RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
    "RC8": "RC8 - Case closed after assessment, no further action",
    "RC9": "RC9 - Case closed after assessment, referred to early help",
}

CASE_STATUS_LOOKED_AFTER = "a) Looked after child"
CASE_STATUS_PROTECTION = "b) Child Protection plan"
CASE_STATUS_CIN_PLAN = "c) Child in need plan"
CASE_STATUS_OPEN_ASSESSMENT = "d) Open assessment"
CASE_STATUS_CLOSED = "e) Closed episode"

CATEGORY_OF_ABUSE = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}

LEGAL_STATUS = {
    "C1": "C1: ICO",
    "C2": "C2: FCO",
    "D1": "D1: Freeing order",
    "E1": "E1: Placement order",
    "V2": "V2: Single period under S20",
    "V3": "V3: Short term breaks, episodes recorded",
    "V4": "V4: Short term breaks, agreements recorded",
    "L1": "L1: Police protection LA accommodation",
    "L2": "L2: EPO",
    "L3": "L3: Child assessment order LA accommodation",
    "J1": "J1: Remanded to LA or youth detention",
    "J2": "J2: LA accommodation under PACE",
    "J3": "J3: Youth rehabilitation order",
}

REASON_CEASED = {
    "E11": "a) E11: Adopted - application unopposed",
    "E12": "b) E12: Adopted - consent dispensed",
    "E2": "c) E2: Died",
    "E3": "d) E3: Care taken by another LA",
    "E4A": "e) E4A: Returned home to live with parents or relatives - part of planning",
    "E4B": "f) E4B: Returned home to live with parents or relatives - not part of planning",
    "E13": "g) E13: Parents, relatives or other with no parental responsibility",
    "E41": "h) E41: Residence order granted",
    "E45": "i) E45: Special Guardianship Orders - former carer relative/friend",
    "E46": "j) E46: Special Guardianship Orders - former carer other",
    "E47": "k) E47: Special Guardianship Orders - relative/friend",
    "E48": "l) E48: Special Guardianship Orders - other",
    "E5": "m) E5: Moved into independent living - supported",
    "E6": "n) E6: Moved into independent living - no support",
    "E7": "o) E7: Transferred to residential care funded by adult social services",
    "E9": "p) E9: Sentenced to custody",
    "E14": "q) E14: Accommodation on remand ended",
    "E15": "r) E15: Age assessment determined child was 18 or over",
    "E16": "s) E16: Child moved abroad",
    "E8": "t) E8: Care ceased for any other reason",
    "X1": "u) X1: CodeError",
    "E17": "v) E17: Aged 18+ and remained with current carers",
}

PLACEMENT_TYPE = {
    "U1": "a) U1: Foster placement - relatives - long term",
    "U2": "b) U2: Foster placement - relative - FFA",
    "U3": "c) U3: Foster placement - relative - not FFA",
    "U4": "d) U4: Foster placement - long term",
    "U5": "e) U5: Foster placement - FFA",
    "U6": "f) U6: Foster placement - not FFA",
    "A3": "g) A3: Placed for adoption - consent - current foster",
    "A4": "h) A4: Placed for adoption - consent - not foster",
    "A5": "i) A5: Placed for adoption - order - foster",
    "A6": "j) A6: Placed for adoption - order - not foster",
    "P1": "k) P1: Placed with parents",
    "P2": "l) P2: Independent living",
    "P3": "m) P3: Residential employment",
    "H5": "n) H5: Residential accommodation",
    "K1": "o) K1: Secure Children's Homes",
    "K2": "p) K2: Children's Homes",
    "R1": "q) R1: Residential Care Home",
    "R2": "r) R2: NHS/Health Trust",
    "R3": "s) R3: Family Centre or Mother and Baby Unit",
    "R5": "t) R5: Young Offender Institution",
    "S1": "u) S1: Residential school",
    "Z1": "v) Z1: Other placements",
    "T0": "w) T0: Temporary placement",
    "T1": "x) T1: Temporary placement - hospital",
    "T2": "y) T2: Temporary placement - holiday",
    "T3": "z) T3: Temporary placement - carer holiday",
    "T4": "zz) T4: Temporary placement - seven days or less",
}

PLACEMENT_PROVIDER = {
    "PR0": "a) PR0: Parents/Parental responsibility",
    "PR1": "b) PR1: Own provision",
    "PR2": "c) PR2: Other LA provision",
    "PR3": "d) PR3: Other public provision",
    "PR4": "e) PR4: Private provision",
    "PR5": "f) PR5: Voluntary/third sector",
}

IN_AREA = {True: "a) In", False: "b) Out"}


def yes_no(value: bool | None) -> str:
    """Yes or No; blank when Hearth cannot say."""
    if value is None:
        return ""
    return YES if value else NO


def coded(forms: dict[str, str], code: str) -> str:
    """A code in Annex A's form; blank for no code."""
    return forms.get(code, code) if code else ""


def placement_type(code: str) -> str:
    """A placement type in Annex A's form, or (a type the schema has no form for) its code and Hearth's meaning."""
    if not code or code in PLACEMENT_TYPE:
        return PLACEMENT_TYPE.get(code, "")
    label = PlacementType(code).label if code in PlacementType.values else ""
    return f"{code}: {label}" if label else code
