from django.apps import AppConfig


class PanelConfig(AppConfig):
    """The lived-experience panel: experts-by-experience rate an assessment beside its
    commissioners, and the Grid shows both views, the gap and what was agreed."""

    name = "assessments.panel"
    label = "panel"
    verbose_name = "Lived-experience panels"
    default_auto_field = "django.db.models.BigAutoField"
