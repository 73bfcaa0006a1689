"""How many failed sign-ins a client is allowed (django-axes' ``AXES_HANDLER``).

axes' database handler, with one limit for a username from one address
(``AXES_FAILURE_LIMIT``, axes' own lockout parameters) and a larger one for an address
over every username (``SIGN_IN_FAILURES_PER_ADDRESS``). axes itself has a single limit
for all its parameter sets; a username on its own is never locked, as anyone could then
lock anyone out. The address is ``client_address.client_ip``'s.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class SignInThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """Failures for this username from this address — or, once this address has
        failed ``SIGN_IN_FAILURES_PER_ADDRESS`` times over any usernames, the limit.

        axes compares this with ``AXES_FAILURE_LIMIT`` both before it checks a password
        and after each failure, so this is the one place both limits are applied.
        """
        pair = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if pair >= limit:
            return pair
        from_address = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            from_address = from_address.filter(attempt_time__gte=get_cool_off_threshold(request))
        if _failures(from_address) >= settings.SIGN_IN_FAILURES_PER_ADDRESS:
            return limit
        return pair
