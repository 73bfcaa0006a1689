"""The peer comparison's pages, included by ``assessments/urls.py`` in its namespace."""

from django.urls import path

from . import views

ORGANISATION = "organisations/<int:organisation_id>/peers"

urlpatterns = [
    path(f"{ORGANISATION}/", views.peers, name="peers"),
    path(f"{ORGANISATION}/sharing/", views.peers_sharing, name="peers-sharing"),
]
