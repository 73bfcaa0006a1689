from django.apps import AppConfig


class NhsukConfig(AppConfig):
    """The crispy-forms template pack for NHS.UK frontend: its templates, layout objects
    and template tags. It knows nothing of the Grid, so it could be published alone."""

    name = "coprod_grid.nhsuk"
    label = "nhsuk"
    verbose_name = "NHS.UK form pack"
