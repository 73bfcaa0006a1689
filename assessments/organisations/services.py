"""Writes of organisations and their members, named ``<entity>_<action>``. Members join
only by accepting an invitation (assessments/invitations/services.py)."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..access import require_lead
from ..models import Membership, Organisation


def membership_remove(*, membership: Membership, by: Membership) -> None:
    """Leads remove members; the last lead stays, so the organisation is never orphaned."""
    require_lead(membership=by)
    with transaction.atomic():
        leads = Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id, role=Membership.Role.LEAD
        )
        if membership.is_lead and leads.count() <= 1:
            raise PermissionDenied("An organisation must keep at least one involvement lead")
        membership.delete()


def organisation_delete(*, organisation: Organisation, user: AbstractBaseUser) -> Organisation:
    """Staff only (Django admin): mark the organisation deleted. Its members no longer see
    it, its assessments and all history stay in the database."""
    if not getattr(user, "is_staff", False):
        raise PermissionDenied("Only staff can delete an organisation")
    organisation.deleted_at = timezone.now()
    organisation.deleted_by = user
    organisation._history_user = user
    organisation.save(update_fields=["deleted_at", "deleted_by"])
    return organisation


def organisation_undelete(*, organisation: Organisation, user: AbstractBaseUser) -> Organisation:
    """Staff only: bring back an organisation deleted by mistake."""
    if not getattr(user, "is_staff", False):
        raise PermissionDenied("Only staff can reinstate an organisation")
    organisation.deleted_at = None
    organisation.deleted_by = None
    organisation._history_user = user
    organisation.save(update_fields=["deleted_at", "deleted_by"])
    return organisation
