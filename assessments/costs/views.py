"""The cost profile: the page with both scenarios, editing one activity's lines, the
CSV, and a lead's rates page. Any member sees and edits the profile, draft or
submitted (``services`` says why); any member sees the rates, only a lead sets them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from ..access import assessment_for_user, membership_for, require_lead
from ..questionnaire.presenters import rebind_with_version
from ..results.exports import file_stem
from . import services
from .export import cached_costs_csv
from .forms import ActivityCostForm, RatesForm
from .models import Scenario
from .rates import rate_book
from .summary import ActivityRow, cost_summary


@require_safe
def costs(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    summary = cost_summary(access.assessment)
    activity_rows = _with_change_links(assessment_id, summary.rows)
    return render(
        request,
        "costs/profile.html",
        {
            "access": access,
            "assessment": access.assessment,
            "costs": summary,
            "activity_rows": activity_rows,
        },
    )


def _with_change_links(assessment_id: int, rows) -> list[tuple[ActivityRow, str, str]]:
    """Each activity with its "Change" links, now and planned. The page lists every
    practice, and reversing a URL costs about a tenth of a millisecond, so each
    scenario's link is reversed once and each activity's slug put in its place."""
    placeholder = "activity"
    around = {
        scenario: reverse(
            "assessments:costs-activity", args=[assessment_id, scenario, placeholder]
        ).rpartition(placeholder)
        for scenario in Scenario.values
    }

    def link(scenario: str, slug: str) -> str:
        before, _, after = around[scenario]
        return f"{before}{slug}{after}"

    return [(row, link(Scenario.NOW, row.slug), link(Scenario.PLANNED, row.slug)) for row in rows]


@require_http_methods(["GET", "HEAD", "POST"])
def costs_activity(
    request: HttpRequest, assessment_id: int, scenario: str, activity: str
) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    if scenario not in Scenario.values:
        raise Http404("No such scenario")
    summary = cost_summary(access.assessment, with_impact=False)
    item = summary.scenarios.find(scenario, activity)
    if item is None:
        raise Http404("No such activity in this scenario")
    label = Scenario(scenario).label.lower()
    form = ActivityCostForm(
        request.POST if request.method == "POST" else None,
        rates=summary.rates,
        lines=item.lines,
        scenario_label=label,
        initial={"version": summary.version},
    )
    conflict = None
    page = reverse("assessments:costs", args=[assessment_id])
    if request.method == "POST" and "reset" in request.POST and scenario == Scenario.PLANNED:
        try:
            services.planned_cost_reset(
                assessment=access.assessment,
                user=request.user,
                activity=item.activity,
                expected_version=_version(request),
            )
        except services.ProfileConflict as error:
            conflict = error
            rebind_with_version(form, error.version)
        else:
            messages.success(request, f"{item.activity.name}: back to the plan's estimate")
            return redirect(f"{page}#activity-{item.slug}")
    elif request.method == "POST" and form.is_valid():
        try:
            services.activity_cost_save(
                assessment=access.assessment,
                user=request.user,
                scenario=scenario,
                activity=item.activity,
                expected_version=form.cleaned_data["version"] or 0,
                lines=form.to_lines(),
            )
        except services.ProfileConflict as error:
            conflict = error
            rebind_with_version(form, error.version)
        else:
            messages.success(request, f"Costs saved for {item.activity.name} ({label})")
            return redirect(f"{page}#activity-{item.slug}")
    context = {
        "access": access,
        "assessment": access.assessment,
        "form": form,
        "item": item,
        "scenario": scenario,
        "scenario_label": label,
        "conflict": conflict,
        "costs": summary,
    }
    return render(request, "costs/activity_form.html", context)


def _version(request: HttpRequest) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


@require_safe
def costs_csv(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    body = cached_costs_csv(access.assessment)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{file_stem(access.assessment)}-costs.csv"'
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def costs_rates(request: HttpRequest, organisation_id: int) -> HttpResponse:
    membership = membership_for(user=request.user, organisation_id=organisation_id)
    if request.method == "POST":
        require_lead(membership=membership)
    rates = rate_book(organisation_id)
    # Bound on any POST, even an empty one: every box emptied means "all defaults".
    data = request.POST if request.method == "POST" else None
    form = RatesForm(data, rates=rates, editable=membership.is_lead)
    if request.method == "POST" and form.is_valid():
        changed = services.organisation_rates_save(
            membership=membership, organisation=membership.organisation, values=form.values()
        )
        messages.success(
            request,
            f"Rates saved ({changed} changed). Every cost profile now uses them."
            if changed
            else "No rates changed",
        )
        return redirect("assessments:costs-rates", organisation_id=organisation_id)
    rows = [*rates.staff, *rates.experts, *rates.units]
    sources = list(dict.fromkeys(row.source for row in rows if row.is_default))
    context = {"organisation": membership.organisation, "membership": membership, "form": form}
    return render(request, "costs/rates.html", {**context, "sources": sources})
