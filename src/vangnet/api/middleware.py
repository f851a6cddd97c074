"""NL API Design Rules that hold for every response, and the BSN-free URL rule for every request."""

import re
from collections.abc import Awaitable, Callable

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.messages import middleware as messages_middleware
from django.contrib.sessions import middleware as sessions_middleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware import csrf, locale
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from vangnet.api.problems import problem_response
from vangnet.domain.bsn import is_valid_bsn

API_PREFIX = "/api/"
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
# A UUID's hex groups can hold nine digits that pass the elfproef by chance: not a BSN.
_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")

Handler = Callable[[HttpRequest], HttpResponse]


class ApiVersionHeaderMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["API-Version"] = settings.API_VERSION
        return response


def url_contains_bsn(request: HttpRequest) -> bool:
    url = _UUID.sub("/", request.path + "?" + request.META.get("QUERY_STRING", ""))
    return any(is_valid_bsn(match) for match in _NINE_DIGITS.findall(url))


class RefuseBsnInUrlMiddleware:
    """A BSN in a URL ends up in access logs and browser history: refuse before anything runs."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if url_contains_bsn(request):
            message = _("Een BSN hoort niet in een URL. Stuur het in de body van een POST-verzoek.")
            if request.path.startswith(API_PREFIX):
                response: HttpResponse = problem_response(request, 400, message)
            else:
                response = HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
            return response
        return self.get_response(request)


# --- the portal's middleware, skipped by machines -------------------------------------------------


def is_api_key_request(request: HttpRequest) -> bool:
    """A request of a connected system: to the API, authenticated by its key, never by a session."""
    return request.path.startswith(API_PREFIX) and "HTTP_X_API_KEY" in request.META


class _AlleenVoorHetPortaal(MiddlewareMixin):
    """Passes API-key requests straight on. Sessions, language negotiation (the API speaks Dutch
    only), the CSRF cookie, the logged-in user and flash messages serve people in the portal; for a
    system calling the API they were a fifth of the work of each request."""

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if is_api_key_request(request):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(_AlleenVoorHetPortaal, sessions_middleware.SessionMiddleware):
    pass


class LocaleMiddleware(_AlleenVoorHetPortaal, locale.LocaleMiddleware):
    pass


class CsrfViewMiddleware(_AlleenVoorHetPortaal, csrf.CsrfViewMiddleware):
    """Its view check still runs for every request: the API's views are exempt (DRF checks CSRF
    itself for a session), every other view is protected as before."""


class AuthenticationMiddleware(_AlleenVoorHetPortaal, auth_middleware.AuthenticationMiddleware):
    pass


class MessageMiddleware(_AlleenVoorHetPortaal, messages_middleware.MessageMiddleware):
    pass
