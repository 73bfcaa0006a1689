from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People's own accounts: password reset and change, two-factor sign-in, and the
    record of every change to how an account signs in."""

    name = "coprod_grid.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"
