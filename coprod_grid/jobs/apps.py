from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs: the task results' admin and the worker's health."""

    name = "coprod_grid.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
