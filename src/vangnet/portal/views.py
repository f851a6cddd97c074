from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from vangnet.api.middleware import API_PREFIX
from vangnet.api.problems import problem_response
from vangnet.organisations.models import ApiSleutel, Gebruiker
from vangnet.organisations.scoping import caller_from_request, scope
from vangnet.portal.products import product_tiles


def _no_organisation(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/geen_organisatie.html", status=403)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    caller = caller_from_request(request)
    if caller is None:
        return _no_organisation(request)
    return render(request, "portal/dashboard.html", {"tiles": product_tiles(caller)})


@login_required
def organisatie(request: HttpRequest) -> HttpResponse:
    caller = caller_from_request(request)
    if caller is None:
        return _no_organisation(request)
    gebruikers = scope(Gebruiker.objects.all(), caller).prefetch_related("machtigingen")
    sleutels = scope(ApiSleutel.objects.all(), caller).prefetch_related("machtigingen")
    return render(
        request,
        "portal/organisatie.html",
        {"gebruikers": gebruikers, "sleutels": sleutels, "mag_beheren": caller.may("beheer")},
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(request, 404, _("Deze API-resource bestaat niet."))
    return render(request, "portal/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(request, 403, _("U heeft geen toegang tot deze resource."))
    return render(request, "portal/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem_response(request, 500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw."))
    return render(request, "portal/500.html", status=500)
