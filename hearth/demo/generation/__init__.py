"""The synthetic demo council: pure data generation, deterministic from a seed (no database access).

`plan.plan_council` decides how many children are in each status today (looked after, on a protection plan,
child in need, early help, care leaver, closed) and groups them into families; `staff.staff_plan` sizes the
workforce from the caseloads. `family.generate_chunk` then writes out a range of families as plain row tuples,
table by table (see `rows.COLUMNS`): the people around each child, their household and addresses, and the
child's history as events with the domain records they belong to, in 2010 to today. Each family's obligations
come from the timescale engine itself (`replay`) over the same events, so what is seeded is what the engine
would have produced.

Families share one story (siblings are referred, planned for and visited together); a child born after an
episode began joins the story at the next episode. Everyone is synthetic: names come from fixed lists, NHS
numbers from the never-issued 999 range, postcodes from the fictional NM (in borough) and ZY (out of area) areas.

Modules:

- plan, staff: the council's size and statuses today; its teams and staff.
- names, places, codes: fixed lists (names and cultures; streets, postcodes, schools, GPs; weighted code sets).
- context: what generation shares across families (plan, staff ids, engine, id counters, caches).
- story: a family's timeline as it is told (events, records, allocations, repeating activities).
- children_in_need, protection, care, early_help: how each kind of episode is told on a story (assessments with
  what they found, plans with their outcomes and reviews, visits as Visit rows).
- plans, assessment_text: plan outcomes and reviews shared by child in need plans and early help; phrase banks.
- step_down: closing a child in need episode by stepping down to early help, the follow-up and re-referrals.
- notifications: police notifications of domestic abuse, one per household linked to each of its children (a
  table shared by the children, not copied per child), some waiting to be screened today.
- histories: a family's children and every episode from 2010 to its status today.
- household, child: the person, household, address, relationship and professional rows.
- family, rows: writing a family out as row tuples (events, records and obligations per child). Only the
  events some rule listens to are replayed through the engine (`EngineContext.relevant_event_types`).
"""
