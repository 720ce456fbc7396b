"""The child's page's reads, as plain SQL (ADR 7).

The page has a budget of 100 ms at a million children and of three times the bare SQL it needs; building these
queries with the ORM on every request cost more than running them. Each statement is portable between
PostgreSQL and SQLite and is covered by the page's tests on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

PEOPLE_AROUND = """
SELECT 'allocation', w.full_name, '', t.name, 0, a.start_date, 0
  FROM organisation_allocation a
  JOIN organisation_staffuser w ON w.id = a.worker_id
  JOIN organisation_team t ON t.id = a.team_id
 WHERE a.child_id = %s AND a.end_date IS NULL
UNION ALL
SELECT 'household', p.forename || ' ' || p.surname, '', '', m.person_id, m.start_date, 0
  FROM people_householdmembership m
  JOIN people_person p ON p.id = m.person_id
 WHERE m.end_date IS NULL AND m.person_id <> %s
   AND m.household_id IN (
       SELECT household_id FROM people_householdmembership WHERE person_id = %s AND end_date IS NULL)
UNION ALL
SELECT 'relative', p.forename || ' ' || p.surname, r.type, '', r.person_id, r.start_date,
       CASE WHEN r.parental_responsibility THEN 1 ELSE 0 END
  FROM people_relationship r
  JOIN people_person p ON p.id = r.person_id
 WHERE r.other_id = %s AND r.end_date IS NULL
UNION ALL
SELECT 'professional', i.name, i.role, i.organisation, 0, i.start_date, 0
  FROM people_professionalinvolvement i
 WHERE i.child_id = %s AND i.end_date IS NULL
UNION ALL
SELECT 'missing', '', '', '', COUNT(*), MAX(m.started_on), 0
  FROM missing_missingepisode m
 WHERE m.child_id = %s AND m.started_on >= %s
UNION ALL
SELECT 'exploitation', s.tool, s.outcome, s.concern, s.id, s.review_on, 0
  FROM (SELECT tool, outcome, concern, id, review_on FROM missing_exploitationscreening
         WHERE child_id = %s ORDER BY screened_on DESC, id DESC LIMIT 1) s
 WHERE s.outcome <> 'none'
UNION ALL
SELECT 'health', h.assessed_by, h.kind, '', 0, h.assessed_on, 0
  FROM (SELECT assessed_by, kind, assessed_on FROM health_healthassessment
         WHERE child_id = %s ORDER BY assessed_on DESC, id DESC LIMIT 1) h
UNION ALL
SELECT 'sdq', '', '', '', q.score, q.completed_on, 0
  FROM (SELECT score, completed_on FROM health_sdqscore
         WHERE child_id = %s AND score IS NOT NULL ORDER BY completed_on DESC, id DESC LIMIT 1) q
UNION ALL
SELECT 'immunisations', '', '', '', 0, c.checked_on, CASE WHEN c.up_to_date THEN 1 ELSE 0 END
  FROM (SELECT checked_on, up_to_date FROM health_healthcheck
         WHERE child_id = %s AND kind = 'immunisations' ORDER BY checked_on DESC, id DESC LIMIT 1) c
UNION ALL
SELECT 'school', sc.name, sc.urn, '', 0, sp.start_date, 0
  FROM education_schoolplacement sp JOIN education_school sc ON sc.id = sp.school_id
 WHERE sp.child_id = %s AND sp.end_date IS NULL
UNION ALL
SELECT 'attendance', CAST(a.percentage AS VARCHAR(8)), '', '', 0, a.period_end, 0
  FROM (SELECT percentage, period_end FROM education_schoolattendance
         WHERE child_id = %s ORDER BY period_end DESC, id DESC LIMIT 1) a
"""

OPEN_OBLIGATIONS = """
SELECT o.id, o.rule_id, o.start_date, o.due_date, o.paused_on, o.pause_review_on, e.payload, o.started_by_id
  FROM core_obligation o LEFT JOIN core_event e ON e.id = o.paused_by_id
 WHERE o.child_id = %s AND o.status = 'open'
 ORDER BY o.due_date, o.id
 LIMIT %s
"""

KEY_EVENTS = """
SELECT occurred_on, summary FROM core_event
 WHERE child_id = %s AND significance = 'key'
 ORDER BY occurred_on DESC, id DESC
 LIMIT %s
"""


QUALITY = """
SELECT rule, is_query, location, message, fix, collection_year FROM quality_qualityfailure
 WHERE child_id = %s
 ORDER BY is_query, collection_year DESC, rule, location
 LIMIT %s
"""


def fetch(statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()
