"""NL API Design Rules that hold for every response, and the BSN-free URL rule for every request."""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
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
