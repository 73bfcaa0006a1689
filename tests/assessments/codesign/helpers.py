"""Projects made the way the app makes them: through the services."""

import datetime

from assessments.codesign import services
from assessments.models import Membership

D = datetime.date
# Six phases, each starting after the one before.
DATES = {
    "set-up": (D(2026, 4, 6), D(2026, 4, 30)),
    "staff-experiences": (D(2026, 5, 4), D(2026, 6, 12)),
    "patient-carer-experiences": (D(2026, 5, 18), D(2026, 7, 3)),
    "joint-event": (D(2026, 9, 10), D(2026, 9, 10)),
    "co-design-teams": (D(2026, 10, 1), D(2027, 1, 29)),
    "celebration-review": (D(2027, 3, 4), D(2027, 3, 4)),
}


def membership(user, organisation) -> Membership:
    return Membership.objects.select_related("organisation", "user").get(
        user=user, organisation=organisation
    )


def make_project(user, organisation, **fields):
    data = {
        "title": "Crisis café",
        "service_user_count": 9,
        "carer_count": 4,
        "staff_count": 11,
        "commissioning_stages": ("pathway-design",),
        "changes": "A crisis café opened\n- Peer workers on every shift\n",
        **fields,
    }
    return services.project_create(
        membership=membership(user, organisation), data=services.ProjectData(**data)
    )


UNSET = object()


def record(user, project, slug, started=None, ended=UNSET, notes=""):
    """Record a phase on its usual dates, or on the dates given (``ended=None``: it has
    not ended)."""
    start, end = DATES[slug]
    return services.phase_record(
        membership=membership(user, project.organisation),
        project=project,
        phase_slug=slug,
        started_on=started or start,
        ended_on=end if ended is UNSET else ended,
        notes=notes,
    )


def record_up_to(user, project, last_slug, **notes):
    for slug in DATES:
        record(user, project, slug, notes=notes.get(slug.replace("-", "_"), ""))
        if slug == last_slug:
            break
