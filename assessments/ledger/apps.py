from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """The impact ledger: what people with lived experience said, what the organisation
    did about it, and whether that reached them ("you said, we did")."""

    name = "assessments.ledger"
    label = "ledger"
    verbose_name = "Impact ledger"
    default_auto_field = "django.db.models.BigAutoField"
