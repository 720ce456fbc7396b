"""Phrase banks for child protection records: strategy discussions, conferences (the chair's risks, the outline
plan, the child's views), measurable plan outcomes, core group minutes and the manager's note on a failed visit."""

from __future__ import annotations

INFORMATION_SHARED = (
    "Police: two call-outs to the address in the last month, the second with the children present. Health: "
    "missed health visitor appointments. School: the child came in with an unexplained bruise.",
    "School: the child disclosed being hit by a parent's partner. Police: partner known for violence. Health: "
    "no concerns recorded by the GP.",
    "Health: the baby's weight has fallen below the expected centile. Police: no records. Social care: previous "
    "neglect concerns closed last year.",
    "Police: mother's partner arrested after an incident at the home. School: attendance 71% this term and the "
    "child often hungry. Health: dental decay untreated.",
    "School: concerning sexualised behaviour reported by the class teacher. Police: the adult named is known. "
    "Health: nothing further.",
)
DECISION_REASONS = (
    "Reasonable cause to suspect the child is suffering, or likely to suffer, significant harm: section 47 "
    "enquiries to start, led by children's social care with the police.",
    "Concerns meet the threshold for section 47: single-agency enquiries by social care, police informed.",
    "Joint section 47 enquiries agreed; child to be seen within 24 hours and a safety plan put in place.",
)
MINUTES = (
    "Actions: social worker to see the child within 24 hours; police to check records for all adults; health "
    "to share the child's records; review by the team manager in 5 working days.",
    "Safety plan agreed with the non-abusing parent; joint visit tomorrow; school to monitor and report.",
)
RISKS = {
    "NEG": (
        "Neglect of the children's basic care: the home is unsafe and there is often no food; health and dental "
        "appointments missed; the children are frequently late or absent from school.",
        "Parents' drug use leaves the baby without supervision; poor home conditions; missed health checks.",
    ),
    "EMO": (
        "Emotional harm from domestic abuse between the parents witnessed by the children; the children are "
        "anxious and withdrawn at school.",
        "Parental conflict and mother's untreated depression; the child is frightened at home and blames "
        "themself.",
    ),
    "PHY": (
        "Physical harm: unexplained bruising and the parent's use of physical chastisement; the partner's "
        "history of violence.",
        "Non-accidental injury to the baby with no explanation given; the parents' stress and alcohol use.",
    ),
    "SAB": (
        "Risk of sexual harm from an adult known to the family; the parent has not kept the child away from them.",
    ),
    "MUL": (
        "Neglect and emotional harm together: domestic abuse, parental alcohol use and poor home conditions.",
    ),
}
OUTLINE_PLAN = (
    "Core group to meet within 10 working days; parents to work with the domestic abuse service and the family "
    "support worker; school and health to monitor and report.",
    "Safety plan with the non-abusing parent; substance misuse assessment; home conditions checked at each "
    "statutory visit; health visitor weekly.",
    "Parenting assessment; the child to be seen alone at every visit; school to report any absence on the day.",
)
REVIEW_OUTLINE = {
    "continue": (
        "Progress is too recent to be sure of; the plan continues and the core group keeps meeting monthly.",
        "Some outcomes achieved; risks remain around the parents' engagement: the plan continues.",
    ),
    "change_category": (
        "The main concern is now different: the plan continues under the new category with outcomes revised.",
    ),
    "end_plan": (
        "Risks reduced and sustained over the last months: the plan ends; a child in need plan follows.",
        "Outcomes largely achieved and the family engaging well: the plan ends, stepping down to child in need.",
    ),
}
VIEWS = (
    "Says things are calmer at home and wants the arguments to stop.",
    "Wants to stay at home and for mum to get help; likes the family support worker.",
    "Said they feel safe at school and worried at home when dad has been drinking.",
    "Did not want to talk about home; drew a picture of the family with the social worker.",
    "Wants the social worker to help mum and wants to see their grandparents more.",
)
OBSERVED = (
    "Too young to give views: observed to be happy and well attached to mother, babbling and playing.",
    "Observed at home: quiet, watchful and slow to settle; clingy with the parent.",
    "Observed at nursery: settled, playing with others and seeking comfort from staff.",
)
# (what must change, the action, what the parents will do, what each professional will do, who, how we know)
CP_OUTCOMES = (
    (
        "The children live in a home free from domestic abuse",
        "Domestic abuse programme and a safety plan reviewed at each core group",
        "Mother completes the Freedom Programme; father attends the perpetrator programme and keeps away as "
        "agreed",
        "Social worker reviews the safety plan monthly; police share any call-out the next day; school reports "
        "any disclosure the same day",
        "Parents, with the domestic abuse service",
        "No police call-outs for three months; both programmes completed; the children say they feel safe",
    ),
    (
        "The children's basic needs are met every day",
        "Home conditions and meals checked at unannounced visits",
        "Parents keep the home clean and safe, with food in the cupboards, and get the children to school on "
        "time",
        "Family support worker visits twice a week; social worker checks the home and bedrooms at each visit; "
        "school reports attendance weekly",
        "Parents, with the family support worker",
        "Home conditions checklist good at six visits in a row; attendance above 95%",
    ),
    (
        "The baby's health and development are on track",
        "Every health appointment kept; weight checked fortnightly",
        "Mother takes the baby to every health visitor and GP appointment and follows the feeding plan",
        "Health visitor weighs the baby fortnightly and tells the social worker of any missed appointment the "
        "same day",
        "Mother, with the health visitor",
        "Weight back on the expected centile; immunisations up to date; no missed appointments",
    ),
    (
        "The parents' substance use no longer puts the children at risk",
        "Engagement with the drug and alcohol service and regular testing",
        "Parents attend every appointment with the drug and alcohol service and agree to hair strand testing",
        "Drug and alcohol worker shares attendance and test results with the core group; GP reviews "
        "prescriptions",
        "Parents, with the drug and alcohol service",
        "Negative tests for three months; all appointments kept",
    ),
    (
        "The child is kept safe from the adult who poses a risk",
        "Written agreement and a safety plan with the non-abusing parent",
        "Mother keeps to the written agreement that the adult has no contact with the child",
        "Police check for any contact and share it; social worker sees the child alone at each visit",
        "Mother, with the social worker",
        "No contact reported by the child, school or police; the agreement kept at every check",
    ),
    (
        "The child's emotional wellbeing improves",
        "Referral to child and adolescent mental health services; weekly sessions in school",
        "Parents take the child to every appointment and use the calm-down plan at home",
        "School counsellor sees the child weekly; CAMHS assesses within six weeks; social worker sees the child "
        "alone at each visit",
        "Parents, with the school and CAMHS",
        "The child says they feel better; strengths and difficulties score improves at each review",
    ),
    (
        "The children are supervised and cared for safely",
        "Parenting assessment and a parenting course; agreed supervision plan",
        "Parents attend the parenting course every week and keep to the supervision plan",
        "Family support worker delivers the course; social worker completes the parenting assessment in 12 "
        "weeks",
        "Parents, with the family support worker",
        "Course completed; parenting assessment positive; no incidents of the children left alone",
    ),
)
CORE_GROUP_SUMMARIES = (
    "Core group reviewed each outcome with the parents; actions updated and the plan continues.",
    "Progress noted on most outcomes; the core group agreed further actions for the parents and professionals.",
    "Concerns remain about the parents' engagement; actions strengthened and a review of the plan requested.",
    "Good progress reported by school and health; the plan continues unchanged.",
)
CORE_GROUP_MINUTES = (
    "Attendance and apologies noted. Each outcome reviewed in turn; the parents' views recorded; actions, owners "
    "and dates agreed. Next core group in four weeks.",
    "The children's views shared by the social worker. Progress reviewed outcome by outcome; school and health "
    "updates recorded; the plan updated. Next meeting booked.",
)
MANAGER_NOTES = (
    "Discussed with the social worker: unannounced visit tomorrow morning; school asked to confirm the child is "
    "there today.",
    "Seen. Joint visit with the family support worker arranged for the next working day; police welfare check "
    "if no access again.",
    "Seen and agreed: visit again within 1 working day; parents reminded in writing that visits are part of "
    "the plan.",
    "Seen. Child confirmed at school today by the designated safeguarding lead; home visit rearranged for "
    "tomorrow.",
)
ATTENDEE_NAMES = {
    "social_care": "Social worker",
    "police": "Public protection officer",
    "health": "Health visitor",
    "education": "Designated safeguarding lead",
    "probation": "Probation officer",
    "housing": "Housing officer",
    "other": "Family support worker",
}
