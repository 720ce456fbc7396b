"""DfE code sets for the CIN census and the SSDA903 return, plus Hearth's own people-record lists.

Each code set is a ``models.TextChoices`` enum named after the code set. A member's value is the
code exactly as the return spells it, and its label is the code's meaning, so the enums serve both
as model-field ``choices`` and as the export vocabulary. Labels are plain strings (no lazy
translation), so the module imports and works without Django settings.

Sources (see ``/work/shared/reference/returns.md``):

* CIN census: section 3.2 (code lists seen in the liia-tools CIN XSDs 2016-2024 and the
  ``csc-validator-be-cin`` rules) and section 3.3 (year changes).
* SSDA903: section 2.3 (code lists seen in the ``csc-validator-be-903`` rulesets 2022/23 to
  2026/27, and liia-tools' Annex A map).

Meanings marked † in the reference are not in those sources and come from general knowledge of the
DfE guides; the docstring of each affected enum says so. **Check them against that year's DfE guide**
before relying on the wording. Codes are never †; only some meanings are.

Collection years are written as the year in which the collection ends, as both validators do:
``2025`` means 1 April 2024 - 31 March 2025 ("2024/25"). ``valid_codes`` gives the codes valid in a
collection year for the code sets whose valid values changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.db import models

__all__ = [
    "CLA_CATEGORY_OF_NEED_CODES",
    "FIRST_KNOWN_COLLECTION_YEAR",
    "LAST_KNOWN_COLLECTION_YEAR",
    "RELATIONSHIP_INVERSE",
    "RELATIONSHIP_SEX_NEUTRAL",
    "SSDA903_LEGACY_SEX_CODES",
    "SSDA903_UPN_UNKNOWN_CODES",
    "AddressType",
    "AssessmentFactor",
    "CategoryOfAbuse",
    "Disability",
    "Ethnicity",
    "GenderCurrent",
    "IdentifierType",
    "ImmigrationStatus",
    "LegalStatus",
    "PlacementProvider",
    "PlacementType",
    "PrimaryNeed",
    "ProfessionalRole",
    "ReasonEpisodeCeased",
    "ReasonForClosure",
    "ReasonNewEpisode",
    "ReasonPlaceChange",
    "ReferralSource",
    "RelationshipType",
    "Religion",
    "ReviewParticipation",
    "Sex",
    "URN_NOT_APPLICABLE",
    "UpnUnknown",
    "inverse_relationship",
    "valid_codes",
]


# ============================================================================================
# Person characteristics (CIN census and SSDA903)
# ============================================================================================


class Sex(models.TextChoices):
    """Sex, CIN census ``Sex`` and SSDA903 ``SEX`` from 2024/25 (collection year 2025).

    returns.md 2.3 ("Other 903 lists") and 3.2. CIN rule 4180 requires it; CIN rule 8750 requires
    ``U`` for an unborn child (one with an ExpectedPersonBirthDate). Replaces ``GenderCurrent`` (CIN)
    and the 903's ``1``/``2`` codes. Meanings from the SSD ``ssd_person.pers_sex`` guidance.
    """

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown"


class GenderCurrent(models.TextChoices):
    """Legacy CIN census ``GenderCurrent``, used up to 2023/24 (collection year 2024).

    returns.md 3.2; meanings from the liia CIN XSDs. The SSDA903 ``SEX`` field used only ``1`` and
    ``2`` in those years (see ``SSDA903_LEGACY_SEX_CODES``). Keep for exporting or importing
    historical years only; record sex with ``Sex``.
    """

    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_RECORDED = "0", "Not recorded or unborn"
    INDETERMINATE = "9", "Indeterminate"


SSDA903_LEGACY_SEX_CODES: frozenset[str] = frozenset({GenderCurrent.MALE.value, GenderCurrent.FEMALE.value})
"""SSDA903 ``SEX`` codes up to 2023/24: ``1`` male, ``2`` female (returns.md 2.3)."""


class Ethnicity(models.TextChoices):
    """Ethnicity, the 20 DfE codes shared by the CIN census and SSDA903 ``ETHNIC``.

    returns.md 2.3 and 3.2 (903 rule 103); meanings from the liia CIN XSDs and the SSD
    ``ssd_person.pers_ethnicity`` guidance, with "Black" added to the two labels ("Caribbean",
    "African") that are ambiguous out of context. The code for Chinese is ``CHNE`` (the SSD guidance
    misspells it ``CNHE``). Record ``NOBT`` when not yet collected and ``REFU`` when declined.
    """

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    """CIN census ``Disability`` (returns.md 3.2; meanings from the liia CIN XSDs).

    A child may have several. ``NONE`` means no disability and should not be combined with others.
    CIN query 2887Q looks at how many distinct codes a return uses.
    """

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability (DDA)"


class UpnUnknown(models.TextChoices):
    """CIN census ``UPNunknown``, UN1-UN7 (returns.md 3.2; 903 rule 168 allows UN1-UN5 only).

    UN1 and UN7 meanings are seen in the validator source. UN2-UN5 follow the SSD
    ``pers_upn_unknown`` guidance (written for looked-after children). UN6 ("unborn") is †: check it
    against the CIN census guide. CIN rule 8772: UN7 requires every CINdetails to be NFA.
    """

    UN1 = "UN1", "Child is not of school age and has not yet been assigned a UPN"
    UN2 = "UN2", "Child has never attended a maintained school in England"
    UN3 = "UN3", "Child is educated outside England"
    UN4 = "UN4", "Child is newly referred or looked after and the UPN is not yet known"
    UN5 = "UN5", "Sources collating UPNs show discrepancies in name or date of birth"
    UN6 = "UN6", "Child is unborn"
    UN7 = "UN7", "Referral with no further action"


SSDA903_UPN_UNKNOWN_CODES: frozenset[str] = frozenset(
    {UpnUnknown.UN1, UpnUnknown.UN2, UpnUnknown.UN3, UpnUnknown.UN4, UpnUnknown.UN5}
)
"""UPN-unknown codes the SSDA903 ``UPN`` field accepts (rule 168): UN1-UN5."""


# ============================================================================================
# CIN census
# ============================================================================================


class ReferralSource(models.TextChoices):
    """CIN census ``ReferralSource`` (returns.md 3.2, rule 8866; meanings from the liia CIN XSDs)."""

    INDIVIDUAL_FAMILY = "1A", "Individual: family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual: acquaintance (including neighbours and childminders)"
    INDIVIDUAL_SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other (including strangers)"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health services: school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health services: other primary health services"
    HEALTH_A_AND_E = "3E", "Health services: A&E (accident and emergency)"
    HEALTH_OTHER = "3F", "Health services: other (for example hospice)"
    HOUSING = "4", "Housing (LA housing or housing association)"
    LA_SOCIAL_CARE = "5A", "LA services: social care (for example adult social care)"
    LA_OTHER_INTERNAL = "5B", "LA services: other internal department (for example youth offending)"
    LA_EXTERNAL = "5C", "LA services: external (for example another LA's adult social care)"
    LA_EARLY_HELP = "5D", "LA services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL_AGENCY = "7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"
    OTHER = "8", "Other (children's centres, independent or voluntary providers)"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    """CIN census ``PrimaryNeedCode`` and SSDA903 ``CIN`` category of need (returns.md 3.2, 2.3).

    Rule 8650 checks the code; rule 8610 requires it when the referral led to further action. The
    903 accepts only N1-N8 (``CLA_CATEGORY_OF_NEED_CODES``). The 2026 CIN XSD renames N1 "Abuse,
    neglect and exploitation"; the code is unchanged.
    """

    N0 = "N0", "Not stated"
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"


CLA_CATEGORY_OF_NEED_CODES: frozenset[str] = frozenset(
    code for code in PrimaryNeed.values if code not in {PrimaryNeed.N0, PrimaryNeed.N9}
)
"""SSDA903 ``CIN`` (category of need) codes: N1-N8. N9 is not valid for looked-after children."""


class ReasonForClosure(models.TextChoices):
    """CIN census ``ReasonForClosure`` (returns.md 3.2, rule 8640; meanings from the liia CIN XSDs).

    RC9 is in the 2022/23 validator rules (8640, 8825Q, 2990) and the liia "2023" XSD onwards, but
    not in the older XSDs, so ``valid_codes`` treats it as valid from collection year 2023.
    """

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to services of another local authority"
    RC6 = "RC6", "Transferred to adult social care services"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class CategoryOfAbuse(models.TextChoices):
    """CIN census initial/latest category of abuse on a CP plan (returns.md 3.2, rules 8905, 8910)."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple/not recommended"


class AssessmentFactor(models.TextChoices):
    """CIN census ``AssessmentFactors`` (returns.md 3.2; meanings from the liia CIN XSDs).

    Suffix ``A`` concerns the child, ``B`` a parent or carer, ``C`` another household member (for
    18 and 19: ``B`` by another child, ``C`` by an adult). Factor ``21`` ("no factors identified")
    must be used alone (rule 8869). The older 18A/19A codes (before 18B/C and 19B/C) are not
    included: they are not in the current XSDs.
    """

    ALCOHOL_CHILD = "1A", "Alcohol misuse: by the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: by the parent(s)/carer(s)"
    ALCOHOL_OTHER = "1C", "Alcohol misuse: by another person living in the household"
    DRUGS_CHILD = "2A", "Drug misuse: by the child"
    DRUGS_PARENT = "2B", "Drug misuse: by the parent(s)/carer(s)"
    DRUGS_OTHER = "2C", "Drug misuse: by another person living in the household"
    DOMESTIC_VIOLENCE_CHILD = "3A", "Domestic violence: the child is the subject"
    DOMESTIC_VIOLENCE_PARENT = "3B", "Domestic violence: the parent(s)/carer(s) are the subject"
    DOMESTIC_VIOLENCE_OTHER = "3C", "Domestic violence: another person living in the household is the subject"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: of the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: of the parent(s)/carer(s)"
    MENTAL_HEALTH_OTHER = "4C", "Mental health: of another person in the family/household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: of the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: of the parent(s)/carer(s)"
    LEARNING_DISABILITY_OTHER = "5C", "Learning disability: of another person in the family/household"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: of the child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: of the parent(s)/carer(s)"
    PHYSICAL_DISABILITY_OTHER = (
        "6C",
        "Physical disability or illness: of another person in the family/household",
    )
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING_OVERSEAS_RETURN = "8B", "Privately fostered: overseas child who intends to return"
    PRIVATE_FOSTERING_OVERSEAS_STAY = "8C", "Privately fostered: overseas child who intends to stay"
    PRIVATE_FOSTERING_UK_EDUCATION = "8D", "Privately fostered: UK child in an educational placement"
    PRIVATE_FOSTERING_UK_FAMILY = "8E", "Privately fostered: UK child in an alternative family arrangement"
    PRIVATE_FOSTERING_OTHER = "8F", "Privately fostered: other"
    UASC = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going/being missing"
    CHILD_SEXUAL_EXPLOITATION = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Abuse or neglect: neglect"
    EMOTIONAL_ABUSE = "17A", "Abuse or neglect: emotional abuse"
    PHYSICAL_ABUSE_BY_CHILD = "18B", "Abuse or neglect: physical abuse by another child"
    PHYSICAL_ABUSE_BY_ADULT = "18C", "Abuse or neglect: physical abuse by an adult"
    SEXUAL_ABUSE_BY_CHILD = "19B", "Abuse or neglect: sexual abuse by another child"
    SEXUAL_ABUSE_BY_ADULT = "19C", "Abuse or neglect: sexual abuse by an adult"
    OTHER = "20", "Other"
    NO_FACTORS = "21", "No factors identified"
    FGM = "22A", "Female genital mutilation (FGM)"
    FAITH_OR_BELIEF = "23A", "Abuse linked to faith or belief"
    CHILD_CRIMINAL_EXPLOITATION = "24A", "Child criminal exploitation"


# ============================================================================================
# SSDA903 (children looked after)
# ============================================================================================


class LegalStatus(models.TextChoices):
    """SSDA903 ``LS`` legal status (returns.md 2.3, rule 144; short meanings from liia, details †)."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order (legacy)"
    E1 = "E1", "Placement order granted"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Agreed series of short-term breaks, individual episodes recorded"
    V4 = "V4", "Agreed series of short-term breaks, agreements recorded"
    L1 = "L1", "Police protection, in LA accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Child assessment order, in LA accommodation"
    J1 = "J1", "Remanded to LA or youth detention accommodation"
    J2 = "J2", "In LA accommodation under PACE 1984"
    J3 = "J3", "Youth rehabilitation order with residence requirement"


class ReasonNewEpisode(models.TextChoices):
    """SSDA903 ``RNE`` reason for new episode (returns.md 2.3; codes seen, meanings †)."""

    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement (and carer) only"
    T = "T", "Change of both legal status and placement at the same time"
    B = "B", "Change of placement type, same carer"
    U = "U", "Change of legal status and placement type, same carer"


class PlacementType(models.TextChoices):
    """SSDA903 ``PLACE`` placement type (returns.md 2.3, rule 146).

    Meanings from liia's Annex A map, expanded (†). The valid list changes by year (``valid_codes``):

    * 2022/23, 2023/24 (collection years 2023, 2024): everything except K3 and Z11-Z14.
    * 2024/25 (2025): adds K3. The upstream 2024/25 validator lists it as ``k3`` and so wrongly
      rejects every K3 placement (returns.md 6, bug 5).
    * 2025/26 onwards (2026, 2027): H5 and P2 removed; Z1 replaced by Z11-Z14.

    **What Z11-Z14 each mean is not in the source (†)**: their labels below are placeholders to be
    replaced from the 2025/26 SSDA903 guide.
    """

    A3 = "A3", "Placed for adoption with consent, with current foster carer"
    A4 = "A4", "Placed for adoption with consent, not with current foster carer"
    A5 = "A5", "Placed for adoption with placement order, with current foster carer"
    A6 = "A6", "Placed for adoption with placement order, not with current foster carer"
    H5 = "H5", "Semi-independent living not regulated as a children's home (retired)"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    K3 = "K3", "Supported accommodation (Ofsted-registered, age 16-17)"
    P1 = "P1", "Placed with parents or others with parental responsibility"
    P2 = "P2", "Independent living (retired)"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS/health trust or other medical or nursing establishment"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution"
    S1 = "S1", "Residential school (not dual-registered as a children's home)"
    T0 = "T0", "Temporary placement (any)"
    T1 = "T1", "Temporary placement: hospital"
    T2 = "T2", "Temporary placement: child on holiday"
    T3 = "T3", "Temporary placement: while the carer is on holiday"
    T4 = "T4", "Temporary placement: 7 days or less, another reason"
    U1 = "U1", "Foster placement with relative or friend: long-term"
    U2 = "U2", "Foster placement with relative or friend: fostering for adoption/concurrent planning"
    U3 = "U3", "Foster placement with relative or friend: other"
    U4 = "U4", "Foster placement with other foster carer: long-term"
    U5 = "U5", "Foster placement with other foster carer: fostering for adoption/concurrent planning"
    U6 = "U6", "Foster placement with other foster carer: other"
    Z1 = "Z1", "Other placement (to 2024/25)"
    Z11 = "Z11", "Other placement: Z11 (meaning to be confirmed from the 2025/26 guide)"
    Z12 = "Z12", "Other placement: Z12 (meaning to be confirmed from the 2025/26 guide)"
    Z13 = "Z13", "Other placement: Z13 (meaning to be confirmed from the 2025/26 guide)"
    Z14 = "Z14", "Other placement: Z14 (meaning to be confirmed from the 2025/26 guide)"


class PlacementProvider(models.TextChoices):
    """SSDA903 ``PLACE_PROVIDER`` (returns.md 2.3; rules 178, 531, 550)."""

    PR0 = "PR0", "Parent(s) or other person with parental responsibility"
    PR1 = "PR1", "Own local authority"
    PR2 = "PR2", "Other local authority"
    PR3 = "PR3", "Other public sector"
    PR4 = "PR4", "Private"
    PR5 = "PR5", "Voluntary/third sector"


URN_NOT_APPLICABLE = "XXXXXXX"
"""SSDA903 ``URN`` when the placement has no Ofsted unique reference number (returns.md 2.2: the return's own code
for "not known / not applicable", rule 218)."""


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 ``REC`` reason episode ceased (returns.md 2.3, rule 149; meanings from liia, expanded †)."""

    X1 = "X1", "Episode ends and a new one starts the same day (still looked after)"
    E11 = "E11", "Adopted: application unopposed"
    E12 = "E12", "Adopted: consent dispensed with"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another local authority"
    E4A = "E4A", "Returned home to parents or relatives as part of care planning"
    E4B = "E4B", "Returned home to parents or relatives, not part of care planning"
    E13 = "E13", "Left care to live with parents, relatives or others with no parental responsibility"
    E41 = "E41", "Residence order or child arrangements order granted"
    E45 = "E45", "Special guardianship order to former foster carer who is a relative or friend"
    E46 = "E46", "Special guardianship order to former foster carer, other"
    E47 = "E47", "Special guardianship order to carer other than former foster carer, relative or friend"
    E48 = "E48", "Special guardianship order to carer other than former foster carer, other"
    E5 = "E5", "Moved to independent living with formal support"
    E6 = "E6", "Moved to independent living without formal support"
    E7 = "E7", "Transferred to residential care funded by adult social care"
    E9 = "E9", "Sentenced to custody"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment found the child to be 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 or over and remained with current carers (for example staying put)"
    E8 = "E8", "Period of care ceased for any other reason"


class ReasonPlaceChange(models.TextChoices):
    """SSDA903 ``REASON_PLACE_CHANGE`` (returns.md 2.3, rule 1009; codes seen, meanings †).

    Rule 226: not required for temporary placements. Rule 234: ``CUSTOD`` not allowed under 10.
    """

    CARPL = "CARPL", "Change to or implementation of the care plan"
    CLOSE = "CLOSE", "Resignation or closure of the provision"
    ALLEG = "ALLEG", "Allegation (section 47)"
    STAND = "STAND", "Standards of care concern"
    APPRR = "APPRR", "Carer's approval removed"
    CREQB = "CREQB", "Carer asked to end the placement because of the child's behaviour"
    CREQO = "CREQO", "Carer asked to end the placement for another reason"
    CHILD = "CHILD", "Child asked to end the placement"
    LAREQ = "LAREQ", "Responsible or area authority asked to end the placement"
    PLACE = "PLACE", "Change in the status of the placement only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class ReviewParticipation(models.TextChoices):
    """SSDA903 ``REVIEW_CODE`` participation in a looked-after review (returns.md 2.3; meanings †)."""

    PN0 = "PN0", "Child aged under 4 at the time of the review"
    PN1 = "PN1", "Child attends and speaks for themself"
    PN2 = "PN2", "Child attends and an advocate speaks for them"
    PN3 = "PN3", "Child attends and conveys views non-verbally or symbolically"
    PN4 = "PN4", "Child attends but does not contribute"
    PN5 = "PN5", "Child does not attend but briefs an advocate to speak for them"
    PN6 = "PN6", "Child does not attend but conveys views by another medium"
    PN7 = "PN7", "Child does not attend and views are not conveyed"


# ============================================================================================
# Hearth's own lists for people records (not DfE code sets)
# ============================================================================================


class Religion(models.TextChoices):
    """Religion, modelled on the 2021 Census (England and Wales) question "What is your religion?".

    The census question is voluntary, hence ``NOT_STATED``. Not a DfE code set and not returned.
    """

    NONE = "NONE", "No religion"
    CHRISTIAN = "CHRISTIAN", "Christian (all denominations)"
    BUDDHIST = "BUDDHIST", "Buddhist"
    HINDU = "HINDU", "Hindu"
    JEWISH = "JEWISH", "Jewish"
    MUSLIM = "MUSLIM", "Muslim"
    SIKH = "SIKH", "Sikh"
    OTHER = "OTHER", "Any other religion"
    NOT_STATED = "NOT_STATED", "Not stated or prefers not to say"


class ImmigrationStatus(models.TextChoices):
    """Immigration status (SSD ``ssd_immigration_status``; a local list, not a DfE code set).

    UASC status also drives the SSDA903 UASC table (date UASC status ceased, ``DUC``) and CIN
    assessment factor 9A; store it as a dated fact.
    """

    UASC = "UASC", "Unaccompanied asylum-seeking child"
    REFUGEE = "REFUGEE", "Refugee status granted"
    ASYLUM_SEEKER = "ASYLUM_SEEKER", "Asylum seeker (claim pending)"
    LEAVE_TO_REMAIN = "LEAVE_TO_REMAIN", "Leave to remain (limited or indefinite)"
    NO_RECOURSE = "NO_RECOURSE", "No recourse to public funds"
    EU_SETTLED = "EU_SETTLED", "EU Settlement Scheme (settled or pre-settled status)"
    BRITISH = "BRITISH", "British citizen"
    OTHER = "OTHER", "Other immigration status"
    NOT_KNOWN = "NOT_KNOWN", "Not known"


class AddressType(models.TextChoices):
    """Address type (SSD ``ssd_address.addr_address_type``: "Home/ Placement/ Primary etc.")."""

    HOME = "HOME", "Home"
    PLACEMENT = "PLACEMENT", "Placement"
    CORRESPONDENCE = "CORRESPONDENCE", "Correspondence"
    PREVIOUS = "PREVIOUS", "Previous address"
    OTHER = "OTHER", "Other"


class IdentifierType(models.TextChoices):
    """Linked identifier type (SSD ``ssd_linked_identifiers.link_identifier_type``, a subset)."""

    LA_CHILD_ID = "LA_CHILD_ID", "LA child ID"
    UPN = "UPN", "Unique pupil number (UPN)"
    FORMER_UPN = "FORMER_UPN", "Former UPN"
    NHS_NUMBER = "NHS_NUMBER", "NHS number"
    CASE_NUMBER = "CASE_NUMBER", "Case number"
    OTHER = "OTHER", "Other identifier"


class RelationshipType(models.TextChoices):
    """How one person is related to another: "A is <type> of B".

    Every type has an inverse in ``RELATIONSHIP_INVERSE`` ("B is <inverse> of A"), chosen without
    knowing B's sex, so the inverse of ``CHILD`` is the sex-neutral ``PARENT``. Use
    ``inverse_relationship`` to get ``MOTHER``/``FATHER`` when B's sex is known. The types after
    ``OTHER`` exist mainly as inverses.
    """

    MOTHER = "MOTHER", "Mother"
    FATHER = "FATHER", "Father"
    STEP_MOTHER = "STEP_MOTHER", "Stepmother"
    STEP_FATHER = "STEP_FATHER", "Stepfather"
    PARTNER_OF_PARENT = "PARTNER_OF_PARENT", "Partner of parent"
    SIBLING = "SIBLING", "Sibling"
    HALF_SIBLING = "HALF_SIBLING", "Half-sibling"
    STEP_SIBLING = "STEP_SIBLING", "Step-sibling"
    GRANDPARENT = "GRANDPARENT", "Grandparent"
    AUNT_UNCLE = "AUNT_UNCLE", "Aunt or uncle"
    OTHER_RELATIVE = "OTHER_RELATIVE", "Other relative"
    FOSTER_CARER = "FOSTER_CARER", "Foster carer"
    KINSHIP_CARER = "KINSHIP_CARER", "Kinship carer"
    SPECIAL_GUARDIAN = "SPECIAL_GUARDIAN", "Special guardian"
    ADOPTIVE_PARENT = "ADOPTIVE_PARENT", "Adoptive parent"
    FRIEND = "FRIEND", "Friend"
    OTHER = "OTHER", "Other"
    # What a genogram must say that the list above could not (issue 18): couples, now and before, and the wider family.
    PARTNER = "PARTNER", "Partner (married, civil partners or living as a couple)"
    FORMER_PARTNER = "FORMER_PARTNER", "Former partner (separated or divorced)"
    COUSIN = "COUSIN", "Cousin"
    GREAT_GRANDPARENT = "GREAT_GRANDPARENT", "Great-grandparent"
    # Inverses
    PARENT = "PARENT", "Parent"
    STEP_PARENT = "STEP_PARENT", "Step-parent"
    CHILD = "CHILD", "Child"
    STEP_CHILD = "STEP_CHILD", "Stepchild"
    CHILD_OF_PARTNER = "CHILD_OF_PARTNER", "Child of partner"
    GRANDCHILD = "GRANDCHILD", "Grandchild"
    NIECE_NEPHEW = "NIECE_NEPHEW", "Niece or nephew"
    FOSTER_CHILD = "FOSTER_CHILD", "Foster child"
    KINSHIP_CHILD = "KINSHIP_CHILD", "Child in kinship care"
    SPECIAL_GUARDIANSHIP_CHILD = "SPECIAL_GUARDIANSHIP_CHILD", "Child under special guardianship"
    ADOPTED_CHILD = "ADOPTED_CHILD", "Adopted child"
    GREAT_GRANDCHILD = "GREAT_GRANDCHILD", "Great-grandchild"


_R = RelationshipType

RELATIONSHIP_INVERSE: Mapping[RelationshipType, RelationshipType] = MappingProxyType(
    {
        _R.MOTHER: _R.CHILD,
        _R.FATHER: _R.CHILD,
        _R.PARENT: _R.CHILD,
        _R.CHILD: _R.PARENT,
        _R.STEP_MOTHER: _R.STEP_CHILD,
        _R.STEP_FATHER: _R.STEP_CHILD,
        _R.STEP_PARENT: _R.STEP_CHILD,
        _R.STEP_CHILD: _R.STEP_PARENT,
        _R.PARTNER_OF_PARENT: _R.CHILD_OF_PARTNER,
        _R.CHILD_OF_PARTNER: _R.PARTNER_OF_PARENT,
        _R.SIBLING: _R.SIBLING,
        _R.HALF_SIBLING: _R.HALF_SIBLING,
        _R.STEP_SIBLING: _R.STEP_SIBLING,
        _R.GRANDPARENT: _R.GRANDCHILD,
        _R.GRANDCHILD: _R.GRANDPARENT,
        _R.AUNT_UNCLE: _R.NIECE_NEPHEW,
        _R.NIECE_NEPHEW: _R.AUNT_UNCLE,
        _R.OTHER_RELATIVE: _R.OTHER_RELATIVE,
        _R.FOSTER_CARER: _R.FOSTER_CHILD,
        _R.FOSTER_CHILD: _R.FOSTER_CARER,
        _R.KINSHIP_CARER: _R.KINSHIP_CHILD,
        _R.KINSHIP_CHILD: _R.KINSHIP_CARER,
        _R.SPECIAL_GUARDIAN: _R.SPECIAL_GUARDIANSHIP_CHILD,
        _R.SPECIAL_GUARDIANSHIP_CHILD: _R.SPECIAL_GUARDIAN,
        _R.ADOPTIVE_PARENT: _R.ADOPTED_CHILD,
        _R.ADOPTED_CHILD: _R.ADOPTIVE_PARENT,
        _R.FRIEND: _R.FRIEND,
        _R.OTHER: _R.OTHER,
        _R.PARTNER: _R.PARTNER,
        _R.FORMER_PARTNER: _R.FORMER_PARTNER,
        _R.COUSIN: _R.COUSIN,
        _R.GREAT_GRANDPARENT: _R.GREAT_GRANDCHILD,
        _R.GREAT_GRANDCHILD: _R.GREAT_GRANDPARENT,
    }
)
"""Inverse of each relationship type when the other person's sex is not known.

If A is ``MOTHER`` of B, B is ``CHILD`` of A. Inverting twice gives back the original type, or its
sex-neutral form (``RELATIONSHIP_SEX_NEUTRAL``) for MOTHER, FATHER, STEP_MOTHER and STEP_FATHER.
"""

RELATIONSHIP_SEX_NEUTRAL: Mapping[RelationshipType, RelationshipType] = MappingProxyType(
    {
        _R.MOTHER: _R.PARENT,
        _R.FATHER: _R.PARENT,
        _R.STEP_MOTHER: _R.STEP_PARENT,
        _R.STEP_FATHER: _R.STEP_PARENT,
    }
)
"""The sex-neutral form of each sex-specific relationship type."""

_SEX_SPECIFIC: Mapping[tuple[RelationshipType, str], RelationshipType] = MappingProxyType(
    {
        (_R.PARENT, Sex.FEMALE.value): _R.MOTHER,
        (_R.PARENT, Sex.MALE.value): _R.FATHER,
        (_R.STEP_PARENT, Sex.FEMALE.value): _R.STEP_MOTHER,
        (_R.STEP_PARENT, Sex.MALE.value): _R.STEP_FATHER,
    }
)


def inverse_relationship(relationship: str, other_sex: str | None = None) -> RelationshipType:
    """Return the inverse of ``relationship``: if A is ``relationship`` of B, what B is of A.

    ``other_sex`` is B's ``Sex`` code (``"M"``, ``"F"`` or ``"U"``), if known. With ``"F"`` or
    ``"M"`` the inverse of ``CHILD`` is ``MOTHER`` or ``FATHER`` (and of ``STEP_CHILD``,
    ``STEP_MOTHER`` or ``STEP_FATHER``); otherwise the sex-neutral ``RELATIONSHIP_INVERSE`` value.
    Raises ``ValueError`` for an unknown relationship type.
    """
    inverse = RELATIONSHIP_INVERSE[RelationshipType(relationship)]
    if other_sex is not None:
        return _SEX_SPECIFIC.get((inverse, other_sex), inverse)
    return inverse


class ProfessionalRole(models.TextChoices):
    """Role of a professional involved with a child (SSD ``ssd_professionals``; a local list)."""

    GP = "GP", "GP"
    SCHOOL = "SCHOOL", "School"
    DESIGNATED_TEACHER = "DESIGNATED_TEACHER", "Designated teacher"
    HEALTH_VISITOR = "HEALTH_VISITOR", "Health visitor"
    SCHOOL_NURSE = "SCHOOL_NURSE", "School nurse"
    MIDWIFE = "MIDWIFE", "Midwife"
    PAEDIATRICIAN = "PAEDIATRICIAN", "Paediatrician"
    CAMHS = "CAMHS", "CAMHS (child and adolescent mental health services)"
    LAC_NURSE = "LAC_NURSE", "Looked-after children's nurse"
    VIRTUAL_SCHOOL = "VIRTUAL_SCHOOL", "Virtual school"
    POLICE = "POLICE", "Police"
    PROBATION = "PROBATION", "Probation"
    YOUTH_JUSTICE = "YOUTH_JUSTICE", "Youth justice service"
    HOUSING = "HOUSING", "Housing"
    ADULT_SERVICES = "ADULT_SERVICES", "Adult social care"
    NURSERY = "NURSERY", "Nursery or early years setting"
    SOLICITOR = "SOLICITOR", "Solicitor"
    CAFCASS_GUARDIAN = "CAFCASS_GUARDIAN", "Cafcass children's guardian"
    ADVOCATE = "ADVOCATE", "Advocate"
    OTHER = "OTHER", "Other professional"


# ============================================================================================
# Validity by collection year
# ============================================================================================

FIRST_KNOWN_COLLECTION_YEAR = 2023
"""Earliest collection year the validity windows were checked against (2022/23)."""

LAST_KNOWN_COLLECTION_YEAR = 2027
"""Latest collection year the validity windows were checked against (2026/27)."""

# (first collection year valid, last collection year valid); None = open-ended.
# Codes not listed are valid in every year.
_Window = tuple[int | None, int | None]

_VALIDITY: Mapping[type[models.TextChoices], Mapping[str, _Window]] = MappingProxyType(
    {
        # Sex M/F/U from 2024/25; GenderCurrent (and the 903's 1/2) up to 2023/24.
        Sex: dict.fromkeys(Sex.values, (2025, None)),
        GenderCurrent: dict.fromkeys(GenderCurrent.values, (None, 2024)),
        # 903 rule 146 per ruleset (returns.md 2.3).
        PlacementType: {
            PlacementType.K3: (2025, None),
            PlacementType.H5: (None, 2025),
            PlacementType.P2: (None, 2025),
            PlacementType.Z1: (None, 2025),
            PlacementType.Z11: (2026, None),
            PlacementType.Z12: (2026, None),
            PlacementType.Z13: (2026, None),
            PlacementType.Z14: (2026, None),
        },
        # RC9 present from the 2022/23 rules and XSD.
        ReasonForClosure: {ReasonForClosure.RC9: (2023, None)},
    }
)


def valid_codes(code_set: type[models.TextChoices], collection_year: int) -> frozenset[str]:
    """Return the codes of ``code_set`` valid in ``collection_year`` (the year the collection ends).

    For example ``valid_codes(PlacementType, 2026)`` is the 2025/26 list, without H5, P2 and Z1 and
    with Z11-Z14. Code sets with no recorded changes return all their codes. Years outside
    ``FIRST_KNOWN_COLLECTION_YEAR``..``LAST_KNOWN_COLLECTION_YEAR`` are answered by extending the
    nearest known list, which may be wrong for them. Raises ``ValueError`` for a year that is not a
    plausible four-digit collection year (e.g. ``24`` or ``202425``).
    """
    if not 2000 <= collection_year <= 2100:
        raise ValueError(
            f"collection_year must be the four-digit year the collection ends, got {collection_year!r}"
        )
    windows = _VALIDITY.get(code_set, {})
    valid = set()
    for code in code_set.values:
        first, last = windows.get(code, (None, None))
        if (first is None or collection_year >= first) and (last is None or collection_year <= last):
            valid.add(code)
    return frozenset(valid)
