"""The panel's pages: a member's own rating (``ratings/<member>/``), and the lead's
panel, the differences between the two views and the agreed answers (under the
assessment). Included by ``assessments/urls.py``, in its namespace."""

from django.urls import path

from . import lead_views as lead
from . import rating_views as rating

MEMBER = "ratings/<int:member_id>"
ASSESSMENT = "assessments/<int:assessment_id>/panel"

urlpatterns = [
    path(f"{MEMBER}/", rating.rating_start, name="rating"),
    path(f"{MEMBER}/sections/<slug:key>/", rating.rating_section, name="rating-section"),
    path(f"{MEMBER}/check/", rating.rating_check, name="rating-check"),
    path(f"{MEMBER}/submit/", rating.rating_submit, name="rating-submit"),
    path(f"{MEMBER}/withdraw/", rating.rating_withdraw, name="rating-withdraw"),
    path(f"{MEMBER}/comparison/", rating.rating_comparison, name="rating-comparison"),
    path(f"{ASSESSMENT}/", lead.panel, name="panel"),
    path(f"{ASSESSMENT}/open/", lead.panel_open, name="panel-open"),
    path(f"{ASSESSMENT}/headline/", lead.panel_headline, name="panel-headline"),
    path(f"{ASSESSMENT}/differences/", lead.panel_differences, name="panel-differences"),
    path(f"{ASSESSMENT}/agreed/<slug:activity>/", lead.agreed_answer, name="panel-agreed"),
    path(
        f"{ASSESSMENT}/agreed/<slug:activity>/remove/",
        lead.agreed_answer_remove,
        name="panel-agreed-remove",
    ),
]
