from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from .sessions import session_saved_at_sign_in


class CoprodGridConfig(AppConfig):
    name = "coprod_grid"
    verbose_name = "Grid catalogue"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Here, not at the top: catalogue.py reads the models, which load after the apps.
        from .catalogue import connect_signals

        connect_signals()
        user_logged_in.connect(session_saved_at_sign_in, dispatch_uid="session-saved-at-sign-in")
