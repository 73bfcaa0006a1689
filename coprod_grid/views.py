from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_not_required
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "coprod_grid/start.html")


@login_not_required
def grid(request: HttpRequest) -> HttpResponse:
    return render(request, "coprod_grid/start.html")
