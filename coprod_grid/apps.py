from django.apps import AppConfig


class CoprodGridConfig(AppConfig):
    name = "coprod_grid"
    verbose_name = "Grid catalogue"
    default_auto_field = "django.db.models.BigAutoField"
