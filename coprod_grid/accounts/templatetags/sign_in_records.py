"""The privacy notice's period for sign-in records, from the constant pruning uses."""

from django import template

from coprod_grid.accounts.retention import SIGN_IN_RECORDS_KEPT

register = template.Library()


@register.simple_tag
def sign_in_records_kept_days() -> int:
    return SIGN_IN_RECORDS_KEPT.days
