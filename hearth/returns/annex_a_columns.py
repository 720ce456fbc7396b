"""Annex A's lists and their headings, in Ofsted's order (returns.md 4.2 names them in short; these are the full
headings the liia-tools Annex A schema and pipeline read, ADR 32)."""

from __future__ import annotations

from dataclasses import dataclass

CHILD = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
DISABILITY = "Does the Child have a Disability"
ALLOCATED = ("Allocated Team", "Allocated Worker")


@dataclass(frozen=True)
class AnnexList:
    sheet: str
    subject: str
    columns: tuple[str, ...]


LISTS: tuple[AnnexList, ...] = (
    AnnexList("List 1", "Contacts", (*CHILD, "Date of Contact", "Contact Source")),
    AnnexList(
        "List 2",
        "Early help",
        (*CHILD, "Assessment start date", "Assessment completion date", "Organisation completing assessment"),
    ),
    AnnexList(
        "List 3",
        "Referrals",
        (
            *CHILD,
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            *ALLOCATED,
        ),
    ),
    AnnexList(
        "List 4",
        "Assessments",
        (
            *CHILD,
            DISABILITY,
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            *ALLOCATED,
        ),
    ),
    AnnexList(
        "List 5",
        "Section 47 enquiries and initial child protection conferences",
        (
            *CHILD,
            DISABILITY,
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
            *ALLOCATED,
        ),
    ),
    AnnexList(
        "List 6",
        "Children in need",
        (
            *CHILD,
            DISABILITY,
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
            *ALLOCATED,
        ),
    ),
    AnnexList(
        "List 7",
        "Child protection",
        (
            *CHILD,
            DISABILITY,
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            "Number of Previous Child Protection Plans",
            *ALLOCATED,
        ),
    ),
    AnnexList(
        "List 8",
        "Children looked after",
        (
            *CHILD,
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
            DISABILITY,
            "Date Started to be Looked After",
            "Child's Category of Need",
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
            "Start date of current legal status",
            "Child's Legal Status",
            "Date of Latest Statutory Review",
            "Date of Last Social Work Visit",
            "What is the permanence plan for this child?",
            "Date of Last IRO Visit / Contact to the Child",
            "Date of Last Health Assessment",
            "Date of Last Dental Check",
            "Number of Placements in the Last 12 months",
            "Date Ceased to be Looked After",
            "Reason Ceased to be Looked After",
            "Start Date of Most Recent Placement",
            "Placement Type",
            "Placement Provider",
            "Placement postcode",
            "URN of Placement",
            "Placement Location",
            "LA of Placement",
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
            "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?",
            *ALLOCATED,
        ),
    ),
)
BLANK_COLUMNS = {"List 8": ("What is the permanence plan for this child?",)}
