"""The co-design projects' pages, included by ``assessments/urls.py`` in its namespace."""

from django.urls import path

from . import views

PROJECTS = "organisations/<int:organisation_id>/projects"
PROJECT = f"{PROJECTS}/<int:project_id>"

urlpatterns = [
    path(f"{PROJECTS}/", views.projects, name="projects"),
    path(f"{PROJECTS}/new/", views.project_new, name="project-new"),
    path(f"{PROJECT}/", views.project, name="project"),
    path(f"{PROJECT}/edit/", views.project_edit, name="project-edit"),
    path(f"{PROJECT}/phases/<slug:phase>/", views.project_phase, name="project-phase"),
    path(f"{PROJECT}/finish/", views.project_finish, name="project-finish"),
    path(f"{PROJECT}/delete/", views.project_delete, name="project-delete"),
]
