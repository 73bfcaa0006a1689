"""The national picture for staff, under Django admin's peer sharing list: for each
period, how many organisations share and submitted, and how they are spread over the
quadrants. Counts only, as everyone else sees; staff need no names here."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ..models import Assessment
from .cache import distributions_cached
from .comparison import Comparison, stage_names
from .distribution import GROUPS
from .models import PeerSharing


@dataclass(frozen=True)
class PeriodPicture:
    period: str
    groups: dict[str, Comparison]

    @property
    def all(self) -> Comparison:
        return self.groups["all"]


def national_pictures() -> list[PeriodPicture]:
    """Every period with a submitted assessment, newest first: one query for the periods
    and, for each, the cached distributions (``cache.distributions_cached``). Staff see
    every group whatever its size: the threshold protects organisations from each other."""
    periods = (
        Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    names = stage_names()
    pictures = []
    for period in sorted(periods, reverse=True):
        found = distributions_cached(period, stages=list(names))
        groups = {
            group: Comparison(period, group, True, found[group], (), names) for group in GROUPS
        }
        pictures.append(PeriodPicture(period, groups))
    return pictures


def national_view(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    if not model_admin.has_view_permission(request):
        return HttpResponse(status=403)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Peer comparison: the national picture",
        "opts": PeerSharing._meta,
        "pictures": national_pictures(),
        "sharing": PeerSharing.objects.filter(shared=True).count(),
    }
    return TemplateResponse(request, "peers/admin_national.html", context)
