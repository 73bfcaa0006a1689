"""The impact ledger's pages: the list with the period's figures, adding, changing and
deleting an entry. Every page starts from ``membership_for``, so another organisation's
ledger and entries answer 404 as if they did not exist."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from coprod_grid import catalogue
from coprod_grid.models import ServiceArea

from ..access import membership_for, require_lead
from ..models import Assessment, Membership
from ..periods import period_of
from ..questionnaire.presenters import rebind_with_version
from . import services
from .forms import EntryForm, activities_for, saved_values
from .models import LedgerEntry, Status
from .presenters import ledger_listing
from .summary import is_period


def _query(request: HttpRequest, name: str) -> str:
    """A query-string value, or "" for one no slug, id or period could be (PostgreSQL
    refuses a null character in a query)."""
    value = request.GET.get(name, "")
    return "" if "\x00" in value or len(value) > 200 else value


def ledger_periods(organisation_id: int, today: datetime.date) -> list[str]:
    """Every period from the oldest entry's to this one, newest first: one query."""
    oldest = (
        LedgerEntry.objects.filter(organisation_id=organisation_id)
        .order_by("heard_on")
        .values_list("heard_on", flat=True)
        .first()
    )
    first, last = int(period_of(oldest or today)[:4]), int(period_of(today)[:4])
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(last, first - 1, -1)]


@require_safe
def ledger(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    periods = ledger_periods(organisation_id, datetime.date.today())
    period = _query(request, "period")
    period = period if is_period(period) else periods[0]
    status = _query(request, "status")
    status = status if status in Status.values else ""
    listing = ledger_listing(membership, period, status, _query(request, "page") or 1)
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "periods": periods if period in periods else [period, *periods],
        "period": period,
        "statuses": Status.choices,
        "status": status,
        "impact": listing.impact,
        "page": listing.page,
        "entries": listing.rows,
    }
    return render(request, "ledger/ledger.html", context)


def _form(request: HttpRequest, entry: LedgerEntry | None, initial: dict) -> EntryForm:
    return EntryForm(
        request.POST or None,
        initial=initial,
        activities=activities_for(catalogue.active_activities(), entry),
        stages=catalogue.commissioning_stages(),
        service_areas=list(ServiceArea.objects.all()),
    )


def _from_questionnaire(request: HttpRequest, membership: Membership) -> str:
    """The questionnaire's page to go back to, when the person came from an activity
    there (``?assessment=<id>&activity=<slug>``) in an assessment of this organisation."""
    assessment_id, slug = _query(request, "assessment"), _query(request, "activity")
    if not (assessment_id.isascii() and assessment_id.isdigit()) or not slug:
        return ""
    activity = next((a for a in catalogue.active_activities() if a.slug == slug), None)
    found = Assessment.objects.filter(
        pk=int(assessment_id), organisation_id=membership.organisation_id
    ).exists()
    if activity is None or not found:
        return ""
    section = reverse("assessments:section", args=[int(assessment_id), activity.category.slug])
    return f"{section}#activity-{activity.slug}"


@require_http_methods(["GET", "HEAD", "POST"])
def ledger_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    activity = _query(request, "activity")
    form = _form(request, None, {"activity": activity} if activity else {})
    back = _from_questionnaire(request, membership)
    if request.method == "POST" and form.is_valid():
        entry = services.entry_create(membership, **form.fields_to_save())
        messages.success(request, "Entry added to the ledger")
        return redirect(back or _list_url(organisation_id, entry))
    context = {"organisation": membership.organisation, "form": form, "entry": None}
    return render(request, "ledger/entry_form.html", {**context, "back": back})


@require_http_methods(["GET", "HEAD", "POST"])
def ledger_edit(request: HttpRequest, organisation_id: int, entry_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    entry = services.entry_for(membership, entry_id)
    services.require_editor(membership, entry)
    form = _form(request, entry, saved_values(entry))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_update(
                membership, entry, form.cleaned_data["version"] or 0, **form.fields_to_save()
            )
        except services.EntryConflict as error:
            conflict = error.entry
            rebind_with_version(form, conflict.version)
        else:
            messages.success(request, "Entry updated")
            return redirect(_list_url(organisation_id, entry))
    context = {"organisation": membership.organisation, "form": form, "entry": entry}
    return render(request, "ledger/entry_form.html", {**context, "conflict": conflict, "back": ""})


@require_http_methods(["GET", "HEAD", "POST"])
def ledger_delete(request: HttpRequest, organisation_id: int, entry_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    entry = services.entry_for(membership, entry_id)
    require_lead(membership=membership)
    if request.method == "POST":
        services.entry_delete(membership, entry)
        messages.success(request, "Entry deleted")
        return redirect(_list_url(organisation_id, entry))
    return render(
        request,
        "ledger/entry_delete.html",
        {"organisation": membership.organisation, "entry": entry},
    )


def _list_url(organisation_id: int, entry: LedgerEntry) -> str:
    """The ledger at the entry's period, where the person will look for it."""
    url = reverse("assessments:ledger", args=[organisation_id])
    return f"{url}?period={period_of(entry.heard_on)}"
