from django.apps import AppConfig


class PeersConfig(AppConfig):
    """Opt-in peer comparison: organisations that share their results see, for a period,
    how the others that share are spread over the Grid, never who is where."""

    name = "assessments.peers"
    label = "peers"
    verbose_name = "Peer comparison"
    default_auto_field = "django.db.models.BigAutoField"
