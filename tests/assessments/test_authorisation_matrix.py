"""Who may do what, read from the URL configuration.

Every named URL of the project has an entry in ``MATRIX``: how to build its arguments in
a small world of two organisations, what to post to it, and the answer each of five
people gets for each method. A URL added without an entry, or an entry left behind by a
removed URL, fails ``test_every_url_has_an_entry``; so nobody can add a page and forget
to decide who sees it.

The people: nobody signed in; a lead of another organisation (the "outsider", a lead so
that no role check is what refuses them); a commissioner and an involvement lead of the
home organisation; a Django staff superuser who is a member of nothing (staff curate
the catalogue in admin and see no organisation's data through the app); and a member of
a home assessment's lived-experience panel (the "panellist"), who reaches their own
rating and nothing else.

The world is built once for the module, inside a transaction rolled back at the end,
and each case runs inside a savepoint that is rolled back too, so a lead's "submit" does
not change what the commissioner's case finds.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.models import Participant
from assessments.questionnaire.sections import ABOUT
from coprod_grid.models import Category
from tests.assessments.world import (
    ANONYMOUS,
    COMMISSIONER_ROLE,
    LEAD_ROLE,
    MEMBERS,
    METHODS,
    OUTSIDER,
    PANELLIST,
    ROLES,
    SIGNED_IN,
    STAFF,
    World,
    build_world,
    request,
)
from tests.factories import (
    COMMISSIONER,
    version_of,
)

pytestmark = pytest.mark.django_db

# An expected answer is a status code, or SIGN_IN: a 302 to /sign-in/?next=<this URL>.
SIGN_IN = "sign-in"
Expected = int | str
# Ids no row has: an ordinary one, and one beyond any database integer.
MISSING_IDS = (987_654_321, 10**20)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once: every case rolls its own changes back, and this transaction rolls the
    world back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


# --------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    kwargs: Callable[[World], dict] = lambda w: {}
    expect: dict[str, dict[str, Expected]] = field(default_factory=dict)  # method → role →
    data: Callable[[World], dict] = lambda w: {}
    # Organisation-scoped: its ids are also tried as missing and as another organisation's.
    scoped: bool = False


def _all(value: Expected, roles=ROLES) -> dict[str, Expected]:
    return dict.fromkeys(roles, value)


def public() -> dict[str, dict[str, Expected]]:
    """A page anyone may read, and nothing else."""
    return {"GET": _all(200), "HEAD": _all(200), "POST": _all(405), "PUT": _all(405)}


def org_scoped(
    get: tuple[Expected, Expected] | None, post: tuple[Expected, Expected] | None
) -> dict[str, dict[str, Expected]]:
    """One organisation's page. ``get`` and ``post`` are the (commissioner, lead) answers,
    or None when the view does not accept the method. Everyone else is refused the same
    way whatever the role: sign in first, or 404 as if the page did not exist."""

    def method(answers: tuple[Expected, Expected] | None) -> dict[str, Expected]:
        if answers is None:
            return {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)}
        commissioner, lead = answers
        return {
            ANONYMOUS: SIGN_IN,
            OUTSIDER: 404,
            STAFF: 404,
            PANELLIST: 404,
            COMMISSIONER_ROLE: commissioner,
            LEAD_ROLE: lead,
        }

    return {"GET": method(get), "HEAD": method(get), "POST": method(post), "PUT": method(None)}


def seat_scoped(get: Expected | None, post: Expected | None) -> dict[str, dict[str, Expected]]:
    """A panel member's own rating page: theirs alone. Everyone else, the organisation's
    lead included, gets 404 as if it did not exist."""

    def method(answer: Expected | None) -> dict[str, Expected]:
        if answer is None:
            return {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)}
        return {ANONYMOUS: SIGN_IN, **_all(404, SIGNED_IN), PANELLIST: answer}

    return {"GET": method(get), "HEAD": method(get), "POST": method(post), "PUT": method(None)}


def _seat(w: World) -> dict:
    return {"member_id": w.seat.pk}


def _assessment(attr: str) -> Callable[[World], dict]:
    return lambda w: {"assessment_id": getattr(w, attr).pk}


def _project(w: World) -> dict:
    return {"organisation_id": w.home.pk, "project_id": w.project.pk}


def _project_data(w: World) -> dict:
    return {
        "title": "Renamed project",
        "recognised_methodology": "yes",
        "staff_count": "3",
        "version": w.project.version,
    }


def _entry(w: World) -> dict:
    return {"organisation_id": w.home.pk, "entry_id": w.entry.pk}


def _entry_data(w: World) -> dict:
    heard = {"heard_on_0": "1", "heard_on_1": "6", "heard_on_2": "2026"}
    return {"said": "Heard at the board", **heard, "status": "open", "version": w.entry.version}


def _about(w: World) -> dict:
    return {
        "title": "Renamed draft",
        "period": "2026/27",
        "participants": [Participant.COMMISSIONERS],
        "version": version_of(w.draft, ABOUT),
    }


def _csv(w: World) -> dict:
    activity = w.draft.answers.select_related("activity").first().activity
    body = f"activity,frequency,stages,notes\n{activity.slug},occasional,,From the workshop\n"
    return {"csv_file": SimpleUploadedFile("answers.csv", body.encode(), "text/csv")}


MATRIX: dict[str, Entry] = {
    # Public pages
    "home": Entry(expect=public()),
    "grid": Entry(expect=public()),
    "grid-category": Entry(
        kwargs=lambda w: {"slug": Category.objects.first().slug}, expect=public()
    ),
    "how-the-score-works": Entry(expect=public()),
    "accessibility": Entry(expect=public()),
    "privacy": Entry(expect=public()),
    "healthz": Entry(expect=public()),
    # The page the proxy shows for a body over its limit: fetched, never posted to.
    "request-too-large": Entry(
        expect={"GET": _all(413), "HEAD": _all(413), "POST": _all(405), "PUT": _all(405)}
    ),
    # Signing in and out
    "login": Entry(
        expect={
            "GET": {ANONYMOUS: 200, **_all(302, SIGNED_IN)},
            "HEAD": {ANONYMOUS: 200, **_all(302, SIGNED_IN)},
            # A wrong password shows the form again; signed-in people are sent on.
            "POST": {ANONYMOUS: 200, **_all(302, SIGNED_IN)},
            "PUT": {ANONYMOUS: 200, **_all(302, SIGNED_IN)},  # FormView treats PUT as POST
        },
        data=lambda w: {"username": "nobody", "password": "not the password"},
    ),
    "logout": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
            "POST": {ANONYMOUS: SIGN_IN, **_all(302, SIGNED_IN)},
            "PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
        }
    ),
    # Password reset: for anyone, signed in or not, and the same answer for every address.
    "password-reset": Entry(
        expect={
            "GET": _all(200),
            "HEAD": _all(200),
            "POST": _all(302),
            # FormView treats PUT as POST, but a PUT's body is not form data: the form
            # comes back empty, with its errors.
            "PUT": _all(200),
        },
        data=lambda w: {"email": w.newcomer.email},
    ),
    "password-reset-sent": Entry(expect=public()),
    "password-reset-complete": Entry(expect=public()),
    # A link that is not one (a used or made-up one): the page saying so, to everyone.
    "password-reset-confirm": Entry(
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        expect={"GET": _all(200), "HEAD": _all(200), "POST": _all(200), "PUT": _all(200)},
    ),
    # A person's own password: theirs alone, whoever they are.
    "password-change": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            # A wrong current password shows the form again.
            "POST": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "PUT": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
        },
        data=lambda w: {
            "old_password": "not the password",
            "new_password1": "a long and unusual passphrase",
            "new_password2": "a long and unusual passphrase",
        },
    ),
    "password-change-done": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "POST": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
            "PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
        }
    ),
    # Your account and two-factor sign-in. The suite's client counts every lead and staff
    # member as having given a code; the commissioner has no app, so the code steps send
    # everyone on, and only people who need not use it may turn it off.
    "account": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "POST": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
            "PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
        }
    ),
    "two-factor-verify": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(302, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(302, SIGNED_IN)},
            "POST": {ANONYMOUS: SIGN_IN, **_all(302, SIGNED_IN)},
            "PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
        }
    ),
    "two-factor-recovery": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(302, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(302, SIGNED_IN)},
            "POST": {ANONYMOUS: SIGN_IN, **_all(302, SIGNED_IN)},
            "PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
        }
    ),
    "two-factor-set-up": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "POST": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},  # no code: the form again
            "PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
        }
    ),
    "two-factor-recovery-codes": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "POST": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
            "PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
        }
    ),
    "two-factor-recovery-codes-new": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
            "POST": {ANONYMOUS: SIGN_IN, **_all(302, SIGNED_IN)},
            "PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
        }
    ),
    "two-factor-remove": Entry(
        expect={
            method: {
                ANONYMOUS: SIGN_IN,
                OUTSIDER: 403,
                STAFF: 403,
                LEAD_ROLE: 403,
                COMMISSIONER_ROLE: 302,  # nothing to turn off: back to the account page
                PANELLIST: 302,
            }
            for method in ("GET", "HEAD", "POST")
        }
        | {"PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)}},
    ),
    # Each person's own dashboard: staff and outsiders see theirs (empty of home's data).
    "assessments:dashboard": Entry(
        expect={
            "GET": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "HEAD": {ANONYMOUS: SIGN_IN, **_all(200, SIGNED_IN)},
            "POST": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
            "PUT": {ANONYMOUS: SIGN_IN, **_all(405, SIGNED_IN)},
        }
    ),
    # Organisation pages
    "assessments:members": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk},
        expect=org_scoped(get=(200, 200), post=(403, 302)),
        data=lambda w: {"email": w.newcomer.email, "role": COMMISSIONER},
        scoped=True,
    ),
    "assessments:member-remove": Entry(
        kwargs=lambda w: {
            "organisation_id": w.home.pk,
            "membership_id": w.colleague_membership.pk,
        },
        expect=org_scoped(get=(403, 200), post=(403, 302)),
        scoped=True,
    ),
    # Invitations: leads resend and withdraw; the link is for whoever holds it, and
    # signed-in people whose address it is not are told to sign out (200, nothing done).
    "assessments:invitation-resend": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk, "invitation_id": w.invitation.pk},
        expect=org_scoped(get=None, post=(403, 302)),
        scoped=True,
    ),
    "assessments:invitation-withdraw": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk, "invitation_id": w.invitation.pk},
        expect=org_scoped(get=None, post=(403, 302)),
        scoped=True,
    ),
    "assessments:invitation-accept": Entry(
        kwargs=lambda w: {"token": w.invitation_link},
        expect={
            "GET": _all(200),
            "HEAD": _all(200),
            "POST": {ANONYMOUS: 302, **_all(200, SIGNED_IN)},
            "PUT": _all(405),
        },
        data=lambda w: {
            "first_name": "Ira",
            "last_name": "Invitee",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    ),
    "assessments:ledger": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk},
        expect=org_scoped(get=(200, 200), post=None),
        scoped=True,
    ),
    "assessments:ledger-new": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk},
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=_entry_data,
        scoped=True,
    ),
    # The lead's own entry: a commissioner may edit only the entries they added.
    "assessments:ledger-edit": Entry(
        kwargs=_entry,
        expect=org_scoped(get=(403, 200), post=(403, 302)),
        data=_entry_data,
        scoped=True,
    ),
    "assessments:ledger-delete": Entry(
        kwargs=_entry, expect=org_scoped(get=(403, 200), post=(403, 302)), scoped=True
    ),
    "assessments:projects": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk},
        expect=org_scoped(get=(200, 200), post=None),
        scoped=True,
    ),
    "assessments:project-new": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk},
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=lambda w: {"title": "A new project", "recognised_methodology": "yes"},
        scoped=True,
    ),
    "assessments:project": Entry(
        kwargs=_project, expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:project-edit": Entry(
        kwargs=_project,
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=_project_data,
        scoped=True,
    ),
    "assessments:project-phase": Entry(
        kwargs=lambda w: {**_project(w), "phase": "staff-experiences"},
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=lambda w: {
            "started_on_0": "4",
            "started_on_1": "5",
            "started_on_2": "2026",
            "ended_on_0": "",
            "ended_on_1": "",
            "ended_on_2": "",
            "notes": "",
        },
        scoped=True,
    ),
    "assessments:project-finish": Entry(
        kwargs=_project,
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=lambda w: {"mark_answer": "no"},
        scoped=True,
    ),
    "assessments:project-delete": Entry(
        kwargs=_project, expect=org_scoped(get=(403, 200), post=(403, 302)), scoped=True
    ),
    "assessments:annual-report": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:annual-report-docx": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    # The involvement cost profile: any member sees and edits it, draft or submitted;
    # any member sees the organisation's rates, only a lead sets them.
    "assessments:costs": Entry(
        kwargs=_assessment("draft"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:costs-activity": Entry(
        kwargs=lambda w: {
            "assessment_id": w.draft.pk,
            "scenario": "now",
            "activity": w.draft.answers.select_related("activity").first().activity.slug,
        },
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=lambda w: {"version": "0", "times_a_year": "2"},
        scoped=True,
    ),
    "assessments:costs-csv": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    # An empty form is valid: empty boxes mean "use the defaults".
    "assessments:costs-rates": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk},
        expect=org_scoped(get=(200, 200), post=(403, 302)),
        data=lambda w: {},
        scoped=True,
    ),
    "assessments:principles": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:peers": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk},
        expect=org_scoped(get=(200, 200), post=None),
        scoped=True,
    ),
    "assessments:peers-sharing": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk},
        expect=org_scoped(get=None, post=(403, 302)),
        data=lambda w: {"shared": "yes"},
        scoped=True,
    ),
    "assessments:new": Entry(
        kwargs=lambda w: {"organisation_id": w.home.pk},
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=lambda w: {"title": "Next year", "period": "2027/28", "start_from": "blank"},
        scoped=True,
    ),
    # Assessment pages
    "assessments:task-list": Entry(
        kwargs=_assessment("draft"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:section": Entry(
        kwargs=lambda w: {"assessment_id": w.draft.pk, "key": ABOUT},
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=_about,
        scoped=True,
    ),
    "assessments:check": Entry(
        kwargs=_assessment("draft"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:submit": Entry(
        kwargs=_assessment("draft"), expect=org_scoped(get=None, post=(403, 302)), scoped=True
    ),
    "assessments:reopen": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=None, post=(403, 302)), scoped=True
    ),
    "assessments:results": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:export-json": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:export-csv": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:report-pdf": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:board-report-pdf": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:import": Entry(
        kwargs=_assessment("draft"),
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=_csv,
        scoped=True,
    ),
    # The action plan: any member adds and edits; only a lead deletes.
    "assessments:actions": Entry(
        kwargs=_assessment("draft"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:action-new": Entry(
        kwargs=_assessment("draft"),
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=lambda w: {"description": "Hold a workshop", "status": "not-started"},
        scoped=True,
    ),
    "assessments:action-edit": Entry(
        kwargs=lambda w: {"assessment_id": w.draft.pk, "action_id": w.action.pk},
        expect=org_scoped(get=(200, 200), post=(302, 302)),
        data=lambda w: {
            "description": "Hold two workshops",
            "status": "in-progress",
            "version": w.action.version,
        },
        scoped=True,
    ),
    # The change history, restoring an answer and deleting: leads only.
    "assessments:history": Entry(
        kwargs=_assessment("draft"), expect=org_scoped(get=(403, 200), post=None), scoped=True
    ),
    "assessments:answer-restore": Entry(
        kwargs=lambda w: {"assessment_id": w.draft.pk, "history_id": w.history_id},
        expect=org_scoped(get=None, post=(403, 302)),
        scoped=True,
    ),
    "assessments:delete": Entry(
        kwargs=_assessment("draft"), expect=org_scoped(get=(403, 200), post=(403, 302)), scoped=True
    ),
    "assessments:action-delete": Entry(
        kwargs=lambda w: {"assessment_id": w.draft.pk, "action_id": w.action.pk},
        expect=org_scoped(get=(403, 200), post=(403, 302)),
        scoped=True,
    ),
    # The lived-experience panel: any member sees the panel and the differences; only the
    # lead invites, opens the comparison, chooses the headline and records agreed answers.
    "assessments:panel": Entry(
        kwargs=_assessment("submitted"),
        expect=org_scoped(get=(200, 200), post=(403, 302)),
        data=lambda w: {"email": "another.expert@example.org"},
        scoped=True,
    ),
    "assessments:panel-open": Entry(
        kwargs=_assessment("submitted"),
        expect=org_scoped(get=None, post=(403, 302)),
        data=lambda w: {"open": "yes"},
        scoped=True,
    ),
    "assessments:panel-headline": Entry(
        kwargs=_assessment("submitted"),
        expect=org_scoped(get=None, post=(403, 302)),
        data=lambda w: {"headline": "agreed"},
        scoped=True,
    ),
    "assessments:panel-differences": Entry(
        kwargs=_assessment("submitted"), expect=org_scoped(get=(200, 200), post=None), scoped=True
    ),
    "assessments:panel-agreed": Entry(
        kwargs=lambda w: {"assessment_id": w.submitted.pk, "activity": w.rated_activity},
        expect=org_scoped(get=(403, 200), post=(403, 302)),
        data=lambda w: {"frequency": "occasional", "note": "Agreed at the panel meeting"},
        scoped=True,
    ),
    "assessments:panel-agreed-remove": Entry(
        kwargs=lambda w: {"assessment_id": w.submitted.pk, "activity": w.rated_activity},
        expect=org_scoped(get=None, post=(403, 302)),
        scoped=True,
    ),
    # A panel member's own rating (every activity rated, not yet sent).
    "assessments:rating": Entry(kwargs=_seat, expect=seat_scoped(get=200, post=None)),
    "assessments:rating-section": Entry(
        kwargs=lambda w: {"member_id": w.seat.pk, "key": Category.objects.first().slug},
        expect=seat_scoped(get=200, post=200),  # an empty form: shown again with its errors
    ),
    "assessments:rating-check": Entry(kwargs=_seat, expect=seat_scoped(get=200, post=None)),
    "assessments:rating-submit": Entry(kwargs=_seat, expect=seat_scoped(get=None, post=302)),
    "assessments:rating-withdraw": Entry(kwargs=_seat, expect=seat_scoped(get=200, post=302)),
    # Before their own rating is sent, nothing to compare: back to the start.
    "assessments:rating-comparison": Entry(kwargs=_seat, expect=seat_scoped(get=302, post=None)),
}

# Where another organisation's object of each kind comes from, by URL argument.
THEIRS: dict[str, Callable[[World], int]] = {
    "organisation_id": lambda w: w.other.pk,
    "assessment_id": lambda w: w.their_draft.pk,
    "action_id": lambda w: w.their_action.pk,
    "membership_id": lambda w: w.their_membership.pk,
    "history_id": lambda w: w.their_history_id,
    "invitation_id": lambda w: w.their_invitation.pk,
    "project_id": lambda w: w.their_project.pk,
    "entry_id": lambda w: w.their_entry.pk,
}


def case_count() -> int:
    return sum(len(roles) for entry in MATRIX.values() for roles in entry.expect.values())


# --------------------------------------------------------------------------------------
# Running a case
# --------------------------------------------------------------------------------------


def url_names() -> dict[str, str]:
    """Every named URL of the project (but Django admin's own) → its pattern."""
    found: dict[str, str] = {}

    def walk(patterns, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                assert pattern.name, f"the URL {route!r} has no name: name it, and add it here"
                found[namespace + pattern.name] = route
        return None

    walk(get_resolver().url_patterns, "", "/")
    return found


def answer_of(response, url: str) -> Expected:
    if response.status_code == 302:
        parts = urlsplit(response["Location"])
        if parts.path == reverse("login") and parse_qs(parts.query).get("next") == [url]:
            return SIGN_IN
    return response.status_code


def template_problem(response, expected: Expected) -> str | None:
    """A refusal must be the service's own page, not a bare body."""
    names = [t.name for t in response.templates]
    if expected == 404 and "404.html" not in names:
        return f"404 without the 404 page ({names})"
    if expected == 403 and "403.html" not in names:
        return f"403 without the 403 page ({names})"
    return None


def normalised(response) -> str:
    """The body without what changes on every request (CSRF token, CSP nonce)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", html)
    return re.sub(r'nonce="[^"]+"', "nonce", html)


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------


def test_every_url_has_an_entry():
    names = url_names()
    missing = sorted(set(names) - set(MATRIX))
    assert not missing, "URLs with no entry in MATRIX: " + ", ".join(
        f"{name} ({names[name]})" for name in missing
    )
    stale = sorted(set(MATRIX) - set(names))
    assert not stale, f"MATRIX entries for URLs that no longer exist: {stale}"


def test_every_entry_covers_every_role_and_method():
    for name, entry in MATRIX.items():
        assert set(entry.expect) == set(METHODS), name
        for method, roles in entry.expect.items():
            assert set(roles) == set(ROLES), (name, method)


def bad_id_count() -> int:
    """Requests made by the missing-and-foreign-ids test: for each id in each scoped URL,
    each member role tries another organisation's id and each missing id."""
    routes = url_names()
    ids = sum(routes[name].count("_id>") for name, entry in MATRIX.items() if entry.scoped)
    return ids * len(MEMBERS) * (1 + len(MISSING_IDS))


def test_the_matrix_size(capsys):
    """The figures to quote: (URL × role × method) cases, plus the bad-id requests."""
    cases = case_count()
    assert cases == len(MATRIX) * len(ROLES) * len(METHODS)
    with capsys.disabled():
        print(
            f"\nauthorisation matrix: {len(MATRIX)} URLs × {len(ROLES)} roles × "
            f"{len(METHODS)} methods = {cases} cases, plus {bad_id_count()} requests with "
            f"missing or another organisation's ids on {len(SCOPED)} scoped URLs"
        )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_answer(name, world):
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    wrong = []
    for method, roles in entry.expect.items():
        for role, expected in roles.items():
            data = entry.data(world) if method == "POST" else None
            response = request(method, url, world.user(role), data)
            got = answer_of(response, url)
            if got != expected:
                wrong.append(f"{method} {url} as {role}: expected {expected}, got {got}")
            elif problem := template_problem(response, expected):
                wrong.append(f"{method} {url} as {role}: {problem}")
            elif method == "HEAD" and response.content:
                wrong.append(f"HEAD {url} as {role}: a body was sent")
    assert not wrong, "\n".join(wrong)


SCOPED = sorted(name for name, entry in MATRIX.items() if entry.scoped)


@pytest.mark.parametrize("name", SCOPED)
def test_missing_and_foreign_ids_answer_the_same_404(name, world):
    """A member cannot tell another organisation's object from one that does not exist:
    both answer 404 with the same page, for every id in the URL."""
    entry = MATRIX[name]
    kwargs = entry.kwargs(world)
    method = "GET" if entry.expect["GET"][LEAD_ROLE] != 405 else "POST"
    ids = [key for key in kwargs if key.endswith("_id")]
    assert ids, name
    for key in ids:
        for role in MEMBERS:
            user = world.user(role)
            variants = [THEIRS[key](world), *MISSING_IDS]
            responses = [
                request(
                    method, reverse(name, kwargs={**kwargs, key: value}), user, entry.data(world)
                )
                for value in variants
            ]
            statuses = {response.status_code for response in responses}
            if role == LEAD_ROLE:
                assert statuses == {404}, (name, key, statuses)
                for response in responses:
                    assert template_problem(response, 404) is None, (name, key)
            # Whatever the answer, it is the same for theirs and for nothing.
            assert len(statuses) == 1, (name, key, role, statuses)
            bodies = {normalised(response) for response in responses}
            assert len(bodies) == 1, (name, key, role, "the pages differ")


def test_a_panellist_cannot_tell_another_members_rating_from_none(world):
    """Another member's seat on the same panel, and seats that do not exist, answer the
    same 404 on every rating URL: one member can never open another's rating."""
    seat_urls = [name for name, entry in MATRIX.items() if "member_id" in entry.kwargs(world)]
    assert len(seat_urls) == 6
    for name in seat_urls:
        entry = MATRIX[name]
        kwargs = entry.kwargs(world)
        method = "GET" if entry.expect["GET"][PANELLIST] != 405 else "POST"
        responses = [
            request(
                method,
                reverse(name, kwargs={**kwargs, "member_id": value}),
                world.panellist,
                entry.data(world),
            )
            for value in (world.others_seat.pk, *MISSING_IDS)
        ]
        assert {response.status_code for response in responses} == {404}, name
        assert len({normalised(response) for response in responses}) == 1, name


def test_an_unknown_section_answers_404_like_another_organisations(client, world):
    client.force_login(world.lead)
    unknown = client.get(reverse("assessments:section", args=[world.draft.pk, "no-such-key"]))
    theirs = client.get(reverse("assessments:section", args=[world.their_draft.pk, ABOUT]))
    assert unknown.status_code == theirs.status_code == 404
    assert normalised(unknown) == normalised(theirs)


def test_staff_see_no_organisations_data_on_their_dashboard(client, world):
    client.force_login(world.staff)
    html = client.get(reverse("assessments:dashboard")).content.decode()
    assert world.home.name not in html
    assert world.draft.title not in html


def test_the_admin_is_for_staff_only(world):
    admin = reverse("admin:index")
    anonymous = request("GET", admin, None)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(("/sign-in/", "/admin/login/"))
    for role in (OUTSIDER, COMMISSIONER_ROLE, LEAD_ROLE):
        response = request("GET", admin, world.user(role))
        assert response.status_code == 302, role
        assert response["Location"].startswith("/admin/login/"), role
    assert request("GET", admin, world.staff).status_code == 200
    # And a member who is not staff cannot reach a change list directly either.
    changelist = reverse("admin:assessments_organisation_changelist")
    response = request("GET", changelist, world.lead)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
