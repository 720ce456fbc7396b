"""The write side by role (issue 13, ADR 16): every page is declared to the policy, and every post to every page, by
every role, on a record in and out of the user's reach, is answered as the policy says and changes nothing when
refused. The read side has its own walk (`people/tests/test_access.py`)."""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from hearth.core import clock, policy
from hearth.core.models import AccessLog, Refusal
from hearth.core.policy import Refused
from hearth.core.tests.urlwalk import hearth_patterns
from hearth.organisation.roles import (
    AUDIT_VIEWER_ROLES,
    CASEWORK_ROLES,
    EMERGENCY_ACCESS_ROLES,
    PARTNER_ROLES,
    Role,
)
from hearth.people.models import ProfessionalInvolvement
from hearth.returns.models import ExportStatus, ReturnExport

# The pages anyone may use, signed in or not.
OPEN_TO_ALL = {
    "core:login",
    "core:logout",
    "core:health",
    "core:ready",
    # The second step of signing in (ADR 39): only for a session part-way through, which the view checks.
    "core:second_factor",
    "core:second_factor_set_up",
    "core:passkey_sign_in_options",
    "core:passkey_sign_in",
}
# What the URL's other arguments are given: a record that exists nowhere (the policy is asked before the view looks
# for it), or a kind that exists.
STRINGS = {"kind": "cin_plan", "kind_key": "cp_plan", "code": "referrer_feedback"}
SLUGS = {"key": "assessments_45_days"}


def test_every_page_is_declared_to_the_policy() -> None:
    """A new page must say what it is: a page whose posts take an action (`guard`), a page whose record is chosen on
    its form (`within`), a page that only shows (`reads`), or one for anyone (`anyone`)."""
    undeclared = [name for name, _, view in hearth_patterns() if not hasattr(view, "policy")]
    assert undeclared == []
    for name, _, view in hearth_patterns():
        if view.policy not in (None, "anyone"):
            policy.action_of(view.policy)  # a declared action, not a typing slip
        assert (view.policy == "anyone") == (name in OPEN_TO_ALL), name


def _fingerprint() -> dict[str, int]:
    """How many rows each of Hearth's tables holds, and how many changes the audit trail has recorded (every change
    to a record is audited, so an update shows there). Reads and refusals are logged by design: not counted. One
    statement for every table (the matrix asks this twice for each of some 500 posts a role)."""
    with connection.cursor() as cursor:
        cursor.execute(_counts_statement())
        return dict(cursor.fetchall())


@functools.cache
def _counts_statement() -> str:
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model.__module__.startswith("hearth.")
            and model not in (AccessLog, Refusal)
            and model._meta.managed
            and not model._meta.proxy
        }
    )
    quote = connection.ops.quote_name
    # Table names from the models, quoted by the database's own rule: no outside input reaches the statement.
    return " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM {quote(table)}" for table in tables)  # noqa: S608


@pytest.fixture
def reach(council: Any, far: tuple[Any, Any]) -> dict[str, Any]:
    """A child and a worker the council's users may reach (the council's own), and a child and a worker in another
    service that only the roles over every child may reach; partner agencies are involved with the council's child."""
    far_worker, far_child = far
    for role in PARTNER_ROLES:
        ProfessionalInvolvement.objects.create(
            child=council.child,
            role="Partner",
            name="Partner",
            staff_user=council.users[role],
            start_date=date(2024, 1, 1),
        )
    export = ReturnExport.objects.create(
        return_name="cin-census",
        collection_year=2026,
        requested_by=council.users[Role.PERFORMANCE],
        requested_at=clock.now(),
        status=ExportStatus.DONE,
    )
    return {
        "child": council.child,
        "far_child": far_child,
        "worker": council.worker,
        "far_worker": far_worker,
        "export": export,
        "document": _a_document(council.child, council.worker),
        "far_document": _a_document(far_child, far_worker),
    }


def _a_document(child: Any, by: Any) -> Any:
    """A document on the child, added by the worker who holds them."""
    from io import BytesIO

    from hearth.documents.models import DocumentType
    from hearth.documents.services import Upload, documents_add

    content = b"Notes from the visit\n"
    values = {"document_type": DocumentType.objects.first(), "document_date": date(2026, 1, 5)}
    upload = Upload("notes.txt", BytesIO(content), len(content))
    return documents_add(child=child, uploads=[upload], values=values, by=by)[0]


def _kwargs(route: str, near: bool, reach: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in re.findall(r"<int:(\w+)>", route):
        if name == "pk":
            values[name] = (reach["child"] if near else reach["far_child"]).pk
        elif name in ("staff_pk", "worker_id"):
            values[name] = (reach["worker"] if near else reach["far_worker"]).pk
        elif name == "export_pk":
            values[name] = reach["export"].pk
        elif name == "document_pk":
            values[name] = (reach["document"] if near else reach["far_document"]).pk
        elif name == "number":
            values[name] = 1
        else:
            values[name] = 0
    values |= {name: STRINGS[name] for name in re.findall(r"<str:(\w+)>", route)}
    values |= {name: SLUGS[name] for name in re.findall(r"<slug:(\w+)>", route)}
    values |= dict.fromkeys(re.findall(r"<uuid:(\w+)>", route), "00000000-0000-4000-8000-000000000000")
    return values


R = Role
EVERYONE = frozenset(Role)
MANAGERS = frozenset({R.ASSISTANT_TEAM_MANAGER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE})
# The roles that record work on the council's child: every caseworker who may open the child (the designated
# officer's scope is their own caseload, so not this child).
RECORDERS = frozenset(CASEWORK_ROLES - {R.LADO})
SCREENERS = frozenset({R.FRONT_DOOR, *MANAGERS})
# The roles whose scope is every child: the only ones who reach the child and worker in another service.
EVERY_CHILD = frozenset(
    {
        R.CHILD_PROTECTION_CHAIR,
        R.INDEPENDENT_REVIEWING_OFFICER,
        R.IRO_MANAGER,
        R.PLACEMENTS,
        R.FRONT_DOOR,
        R.PERFORMANCE,
    }
)
DOCUMENT_CHANGERS = (
    frozenset({R.SOCIAL_WORKER, *MANAGERS, R.PERFORMANCE}),
    frozenset({R.PERFORMANCE}),
)
# Who may post to each page, on the council's own child or worker (near) and on those of another service (far):
# written out here, not read from the code, so a page guarded by the wrong action fails.
WRITERS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "people:create": (frozenset(CASEWORK_ROLES), frozenset(CASEWORK_ROLES)),
    "people:emergency_access": (EMERGENCY_ACCESS_ROLES, EMERGENCY_ACCESS_ROLES),
    "people:emergency_access_report": (AUDIT_VIEWER_ROLES, AUDIT_VIEWER_ROLES),
    "people:viewers": (AUDIT_VIEWER_ROLES, frozenset({R.PERFORMANCE})),
    "people:merge": (
        frozenset({R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.PERFORMANCE, R.FRONT_DOOR}),
        frozenset({R.PERFORMANCE, R.FRONT_DOOR}),
    ),
    "people:duplicate_checked": (
        frozenset({R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.PERFORMANCE, R.FRONT_DOOR}),
        frozenset({R.PERFORMANCE, R.FRONT_DOOR}),
    ),
    "people:restrict": (frozenset({R.TEAM_MANAGER, R.HEAD_OF_SERVICE}), frozenset()),
    "chronology:print": (RECORDERS | PARTNER_ROLES, EVERY_CHILD),
    # Issue 17: the child's social worker and their managers sign off a personal education plan (none of whom
    # reaches a child of another service).
    "education:pep_sign_off": (frozenset({R.SOCIAL_WORKER, *MANAGERS}), frozenset()),
    "organisation:staff_list": (frozenset({R.ADMINISTRATOR, R.HEAD_OF_SERVICE}),) * 2,
    "organisation:staff_edit": (
        frozenset({R.ADMINISTRATOR, R.HEAD_OF_SERVICE}),
        frozenset({R.ADMINISTRATOR}),
    ),
    "organisation:training_add": (
        frozenset({R.ADMINISTRATOR, R.HEAD_OF_SERVICE}),
        frozenset({R.ADMINISTRATOR}),
    ),
    "caseloads:allocate": (frozenset({*MANAGERS, R.FRONT_DOOR}), frozenset({R.FRONT_DOOR})),
    "caseloads:caseload_transfer": (MANAGERS, frozenset()),
    "caseloads:unallocated": (MANAGERS, MANAGERS),
    "caseloads:allocation_meeting": (MANAGERS, MANAGERS),
    "frontdoor:queue": (SCREENERS, SCREENERS),
    "frontdoor:notifications": (frozenset({R.FRONT_DOOR}),) * 2,
    "frontdoor:new_notification": (frozenset({R.FRONT_DOOR}),) * 2,
    "frontdoor:notification": (frozenset({R.FRONT_DOOR}),) * 2,
    "frontdoor:screen": (SCREENERS, frozenset({R.FRONT_DOOR})),
    "children_in_need:referral": (SCREENERS, frozenset({R.FRONT_DOOR})),
    "protection:chairs": (
        frozenset(
            {
                R.CHILD_PROTECTION_CHAIR,
                R.INDEPENDENT_REVIEWING_OFFICER,
                R.IRO_MANAGER,
                R.PERFORMANCE,
                *MANAGERS,
            }
        ),
    )
    * 2,
    "protection:family_pdf": (RECORDERS | PARTNER_ROLES, EVERY_CHILD),
    "quality:council": (frozenset({R.PERFORMANCE, *MANAGERS}),) * 2,
    "indicators:dashboard": (frozenset({R.PERFORMANCE, *MANAGERS}),) * 2,
    "indicators:indicator": (frozenset({R.PERFORMANCE, *MANAGERS}),) * 2,
    "indicators:children": (frozenset({R.PERFORMANCE, *MANAGERS}),) * 2,
    "indicators:freeze": (frozenset({R.PERFORMANCE}),) * 2,
    "indicators:benchmarks": (frozenset({R.PERFORMANCE}),) * 2,
    "returns:exports": (frozenset({R.PERFORMANCE}),) * 2,
    "returns:export": (frozenset({R.PERFORMANCE}),) * 2,
    "returns:download": (frozenset({R.PERFORMANCE}),) * 2,
    "worklists:my_team": (MANAGERS, MANAGERS),
    "worklists:oversight": (MANAGERS, MANAGERS),
    "worklists:oversight_list": (MANAGERS, MANAGERS),
    "signoff:decide": (MANAGERS, frozenset()),
    "visits:failed_seen": (MANAGERS, frozenset()),  # the manager over the child's team sees a failed visit
    # A document is changed by who added it (the child's worker, or far away the far worker, who is no role here)
    # or a manager or performance officer who may open it.
    "documents:new_version": DOCUMENT_CHANGERS,
    "documents:remove": DOCUMENT_CHANGERS,
    "documents:restrict": DOCUMENT_CHANGERS,
    "notifications:open": (EVERYONE, EVERYONE),  # one's own notifications
    "notifications:read_all": (EVERYONE, EVERYONE),
    "notifications:preferences": (EVERYONE, EVERYONE),
    "core:drafts": (EVERYONE, EVERYONE),  # one's own drafts (issue 18)
    # One's own way of signing in (ADR 39).
    "core:account_sign_in": (EVERYONE, EVERYONE),
    "core:account_app": (EVERYONE, EVERYONE),
    "core:account_recovery_codes": (EVERYONE, EVERYONE),
    "core:account_passkey_options": (EVERYONE, EVERYONE),
    "core:account_passkey_add": (EVERYONE, EVERYONE),
    "core:account_passkey_remove": (EVERYONE, EVERYONE),
    "core:draft_discard": (EVERYONE, EVERYONE),
    "letters:templates": (frozenset({R.ADMINISTRATOR, R.PERFORMANCE}),) * 2,
    "letters:template_download": (frozenset({R.ADMINISTRATOR, R.PERFORMANCE}),) * 2,
    "letters:template_new": (frozenset({R.ADMINISTRATOR, R.PERFORMANCE}),) * 2,
    "tasks:failed": (frozenset({R.ADMINISTRATOR, R.PERFORMANCE}),) * 2,
    "tasks:again": (frozenset({R.ADMINISTRATOR, R.PERFORMANCE}),) * 2,
    "documents:types": (frozenset({R.ADMINISTRATOR, R.PERFORMANCE}),) * 2,
    "documents:type_new": (frozenset({R.ADMINISTRATOR, R.PERFORMANCE}),) * 2,
    "documents:type_edit": (frozenset({R.ADMINISTRATOR, R.PERFORMANCE}),) * 2,
    "care:register": (frozenset({*CASEWORK_ROLES, R.ADMINISTRATOR}),) * 2,
    "care:provider": (frozenset({*CASEWORK_ROLES, R.ADMINISTRATOR}),) * 2,
    "care:provider_new": (frozenset({R.PLACEMENTS, *MANAGERS, R.PERFORMANCE, R.ADMINISTRATOR}),) * 2,
    "care:provider_edit": (frozenset({R.PLACEMENTS, *MANAGERS, R.PERFORMANCE, R.ADMINISTRATOR}),) * 2,
    "care:providers_import": (frozenset({R.PLACEMENTS, *MANAGERS, R.PERFORMANCE, R.ADMINISTRATOR}),) * 2,
    "care:carer_new": (frozenset({R.PLACEMENTS, *MANAGERS, R.PERFORMANCE, R.ADMINISTRATOR}),) * 2,
    # Issue 20 (ADR 41): the retention review, legal holds, disposal and subject access. Performance officers act
    # for information governance over every record; heads of service and team managers over those they may open.
    "governance:retention": (frozenset({R.PERFORMANCE, R.HEAD_OF_SERVICE}),) * 2,
    "governance:record": (
        frozenset({R.PERFORMANCE, R.HEAD_OF_SERVICE, R.TEAM_MANAGER}),
        frozenset({R.PERFORMANCE}),
    ),
    "governance:hold_lift": (
        frozenset({R.PERFORMANCE, R.HEAD_OF_SERVICE, R.TEAM_MANAGER}),
        frozenset({R.PERFORMANCE}),
    ),
    "governance:dispose": (frozenset({R.PERFORMANCE, R.HEAD_OF_SERVICE}), frozenset({R.PERFORMANCE})),
    "governance:document_dispose": (
        frozenset({R.PERFORMANCE, R.HEAD_OF_SERVICE}),
        frozenset({R.PERFORMANCE}),
    ),
    "governance:subject_access": (
        frozenset({R.PERFORMANCE, R.HEAD_OF_SERVICE, R.TEAM_MANAGER}),
        frozenset({R.PERFORMANCE}),
    ),
    "governance:review": (
        frozenset({R.PERFORMANCE, R.HEAD_OF_SERVICE, R.TEAM_MANAGER}),
        frozenset({R.PERFORMANCE}),
    ),
}


def _writers(name: str, near: bool) -> frozenset[str]:
    """Who may post to this page: as written above, else every role that records work on the child."""
    if name in WRITERS:
        return WRITERS[name][0 if near else 1]
    return RECORDERS if near else EVERY_CHILD


def _record(action: policy.Action, kwargs: dict[str, Any]) -> Any:
    return policy.record_of(action.name, **kwargs) if action.subject != policy.COUNCIL else None


@pytest.mark.parametrize("role", list(Role))
def test_every_post_by_every_role_is_answered_as_the_policy_says_and_a_refusal_changes_nothing(
    council: Any, reach: dict[str, Any], role: Role
) -> None:
    user = council.users[role]
    client = Client()
    client.force_login(user)
    checked = 0
    for name, route, view in hearth_patterns():
        if view.policy == "anyone":
            continue
        for near in (True, False):
            kwargs = _kwargs(route, near, reach)
            before, refusals = _fingerprint(), Refusal.objects.count()
            response = client.post(reverse(name, kwargs=kwargs), {})
            status = response.status_code
            assert status != 500, (name, role)
            if view.policy is None:  # a page that only shows: a post is not allowed, and changes nothing
                assert status == 405, (name, role, status)
                assert _fingerprint() == before, (name, role)
                continue
            if view.policy_kind == "within":
                continue  # the record is chosen on the form, and the view and its service ask (tested with the page)
            action = policy.action_of(view.policy)
            record = _record(action, kwargs)
            expected = policy.problem(user, action.name, record)
            assert (expected is None) == (role in _writers(name, near)), (name, role, near, expected)
            if expected is None:
                assert status not in (403, 405), (name, role, near, status)
            else:
                assert status == (404 if expected == policy.NOT_FOUND else 403), (
                    name,
                    role,
                    near,
                    status,
                    expected,
                )
                assert _fingerprint() == before, (name, role, near)
                assert Refusal.objects.count() == refusals + 1, (name, role, near)
                if status == 403:
                    assert expected in response.content.decode().replace("&#x27;", "'"), (name, role)
            checked += 1
    assert checked > 60


@pytest.mark.parametrize("role", list(Role))
def test_each_policys_list_of_records_agrees_with_its_answer_for_one(
    council: Any, reach: dict[str, Any], role: Role
) -> None:
    user = council.users[role]
    records = {"child": [reach["child"], reach["far_child"]], "staff": [reach["worker"], reach["far_worker"]]}
    records["return_export"] = [reach["export"]]
    records["document"] = [reach["document"], reach["far_document"]]
    for action in policy.declared():
        if action.subject == policy.COUNCIL:
            continue
        held = records.get(action.subject, [])
        listed = set(policy.records(user, action.name).filter(pk__in=[r.pk for r in held]))
        answered = {record for record in held if policy.allowed(user, action.name, record)}
        assert listed == answered, (action.name, role)


def test_the_policy_refuses_what_each_role_should_not_do(council: Any, reach: dict[str, Any]) -> None:
    """Not only agreement with itself: the decisions a council would check by hand."""
    child, far = reach["child"], reach["far_child"]
    users = council.users
    assert policy.allowed(users[Role.SOCIAL_WORKER], "child.record_work", child)
    assert policy.problem(users[Role.SOCIAL_WORKER], "child.record_work", far) == policy.NOT_FOUND
    for role in PARTNER_ROLES:
        assert not policy.allowed(users[role], "child.record_work", child)
        assert policy.allowed(users[role], "child.print", child)
    assert not policy.allowed(users[Role.SOCIAL_WORKER], "person.merge", child)
    assert not policy.allowed(users[Role.SOCIAL_WORKER], "child.sign_off", child)
    assert policy.allowed(users[Role.TEAM_MANAGER], "child.sign_off", child)
    assert not policy.allowed(users[Role.HEAD_OF_SERVICE], "returns.export")
    assert policy.allowed(users[Role.PERFORMANCE], "returns.export")
    assert not policy.allowed(users[Role.ADMINISTRATOR], "child.record_work", child)
    assert {r for r in Role if policy.allowed(users[r], "child.record_work", child)} == {
        r
        for r in CASEWORK_ROLES
        if r != Role.LADO  # the designated officer's scope is their own caseload
    }


def test_a_service_called_directly_asks_the_policy_logs_the_refusal_and_changes_nothing(
    council: Any, reach: dict[str, Any]
) -> None:
    """A script, an import or a later API calling a service directly meets the same policy as the page."""
    from django.http import Http404

    from hearth.casenotes.services import note_draft_save
    from hearth.frontdoor.services import contact_record
    from hearth.people.services import person_restrict

    note = {
        "note_type": "visit",
        "occurred_on": date(2025, 1, 6),
        "text": "Seen at home",
        "significant": False,
    }
    contact = {"received_on": date(2025, 1, 6), "source": "1A", "concern": "Bruising seen at nursery"}
    partner, worker = council.users[Role.PARTNER_HEALTH], council.worker
    tries = [
        (
            Refused,
            lambda: note_draft_save(child=reach["child"], note=None, values=note, version=None, by=partner),
        ),
        (
            Http404,
            lambda: note_draft_save(
                child=reach["far_child"], note=None, values=note, version=None, by=worker
            ),
        ),
        (Refused, lambda: contact_record(child=reach["child"], by=partner, **contact)),
        (Refused, lambda: person_restrict(person=reach["child"], restricted=True, named=[worker], by=worker)),
    ]
    for refusal, attempt in tries:
        before, logged = _fingerprint(), Refusal.objects.count()
        with pytest.raises(refusal):
            attempt()
        assert _fingerprint() == before
        assert Refusal.objects.count() == logged + 1
    last = Refusal.objects.order_by("-pk").first()
    assert last is not None and (last.user, last.action, last.child) == (
        worker,
        "person.restrict",
        reach["child"],
    )
    # The same calls by someone allowed do change the record: the refusals above were the policy's, not bad input.
    assert note_draft_save(child=reach["child"], note=None, values=note, version=None, by=worker).pk
    assert contact_record(child=reach["child"], by=worker, **contact).pk
