from django.apps import AppConfig


class CoDesignConfig(AppConfig):
    """Co-design projects run through the six phases of experience-based co-design."""

    name = "assessments.codesign"
    label = "codesign"
    verbose_name = "Co-design projects"
    default_auto_field = "django.db.models.BigAutoField"
