"""The action plan: any member adds, edits and completes actions, before and after
submission; only a lead deletes one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from coprod_grid.models import Activity, Category, DiscussionPoint

from ..access import assessment_for_user, require_lead
from ..models import Action
from ..questionnaire.presenters import rebind_with_version
from ..results.results import results_catalogue
from . import services
from .forms import ActionForm, saved_values


@require_safe
def action_plan(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    actions = access.assessment.actions.select_related("category", "discussion_point", "activity")
    context = {"access": access, "assessment": access.assessment, "actions": actions}
    return render(
        request,
        "assessments/action_plan.html",
        {**context, "max_actions": services.MAX_ACTIONS},
    )


def _query(request: HttpRequest, name: str) -> str:
    """A query-string value, or "" for one no slug or id could be: PostgreSQL refuses a
    null character in a query, and 200 characters is longer than any slug."""
    value = request.GET.get(name, "")
    return "" if "\x00" in value or len(value) > 200 else value


def _prefill(request: HttpRequest) -> dict:
    """ "Add as an action" links from the results page name what the action is about."""
    if slug := _query(request, "activity"):
        activity = Activity.objects.filter(slug=slug).first()
        if activity:
            return {
                "link": f"activity:{activity.slug}",
                "description": f"Start doing, or do routinely: {activity.name}",
            }
    if point_id := _query(request, "point"):
        # isascii too: "²".isdigit() is true, but int("²") fails.
        valid = point_id.isascii() and point_id.isdigit()
        point = DiscussionPoint.objects.filter(pk=int(point_id)).first() if valid else None
        if point:
            return {"link": f"point:{point.pk}", "description": f"Discuss: {point.text}"}
    if slug := _query(request, "category"):
        category = Category.objects.filter(slug=slug).first()
        if category:
            return {"link": f"category:{category.slug}"}
    return {}


@require_http_methods(["GET", "HEAD", "POST"])
def action_new(request: HttpRequest, assessment_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    form = ActionForm(
        request.POST or None,
        initial=_prefill(request),
        categories=results_catalogue().categories,
        is_new=True,
    )
    if request.method == "POST" and form.is_valid() and not form.past_due_warning:
        try:
            services.action_create(
                assessment=access.assessment, user=request.user, data=form.to_data()
            )
        except services.ActionLimitReached as error:
            # An error on the form, so the summary shows it and what was typed stays.
            form.add_error(None, error.message)
        else:
            messages.success(request, "Action added to the plan")
            return redirect("assessments:actions", assessment_id=assessment_id)
    context = {
        "access": access,
        "assessment": access.assessment,
        "form": form,
        "action": None,
        "max_actions": services.MAX_ACTIONS,
    }
    if request.method != "POST":
        context["plan_full"] = services.plan_is_full(access.assessment)
    return render(request, "assessments/action_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def action_edit(request: HttpRequest, assessment_id: int, action_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    action = get_object_or_404(
        Action.objects.select_related("category", "activity", "discussion_point", "updated_by"),
        pk=action_id,
        assessment=access.assessment,
    )
    categories = results_catalogue().categories
    form = ActionForm(
        request.POST or None, initial=saved_values(action), categories=categories, is_new=False
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action,
                user=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.to_data(),
            )
        except services.ActionConflict as error:
            conflict = error.action
            rebind_with_version(form, conflict.version)
        else:
            messages.success(request, "Action updated")
            return redirect("assessments:actions", assessment_id=assessment_id)
    context = {"access": access, "assessment": access.assessment, "form": form, "action": action}
    return render(request, "assessments/action_form.html", {**context, "conflict": conflict})


@require_http_methods(["GET", "HEAD", "POST"])
def action_delete(request: HttpRequest, assessment_id: int, action_id: int) -> HttpResponse:
    access = assessment_for_user(user=request.user, assessment_id=assessment_id)
    action = get_object_or_404(Action, pk=action_id, assessment=access.assessment)
    require_lead(membership=access.membership)
    if request.method == "POST":
        services.action_delete(action=action, membership=access.membership)
        messages.success(request, "Action deleted")
        return redirect("assessments:actions", assessment_id=assessment_id)
    return render(
        request,
        "assessments/action_delete.html",
        {"access": access, "assessment": access.assessment, "action": action},
    )
