from django.apps import AppConfig


class CoprodGridConfig(AppConfig):
    name = "coprod_grid"
    verbose_name = "Grid catalogue"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .catalogue import connect_signals
        from .sessions import session_saved_at_sign_in

        connect_signals()
        user_logged_in.connect(session_saved_at_sign_in, dispatch_uid="session-saved-at-sign-in")
