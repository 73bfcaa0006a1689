from django.apps import AppConfig


class CostsConfig(AppConfig):
    """The involvement cost profile: what an organisation's involvement costs in a year,
    now and as its action plan would make it, from rates it may set for itself."""

    name = "assessments.costs"
    label = "costs"
    verbose_name = "Involvement costs"
    default_auto_field = "django.db.models.BigAutoField"
