"""The account page: who you are, how you sign in, and the last changes to that."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .events import account_events_recent
from .two_factor.devices import two_factor_status


@require_safe
def account(request: HttpRequest) -> HttpResponse:
    context = {
        "two_factor": two_factor_status(user=request.user),
        "events": account_events_recent(user=request.user),
    }
    return render(request, "accounts/account.html", context)
