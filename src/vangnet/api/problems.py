"""Every API error as application/problem+json (RFC 9457), with invalidParams for field errors."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: _("Ongeldige aanvraag"),
    401: _("Niet geauthenticeerd"),
    403: _("Geen toegang"),
    404: _("Niet gevonden"),
    405: _("Methode niet toegestaan"),
    406: _("Gevraagd formaat niet beschikbaar"),
    409: _("Conflict"),
    413: _("Aanvraag te groot"),
    415: _("Formaat van de inhoud niet ondersteund"),
    422: _("Niet verwerkbaar"),
    429: _("Te veel aanvragen"),
    500: _("Interne fout"),
    503: _("Dienst niet beschikbaar"),
}


def toelichting(body: object) -> str:
    """What a problem+json answer received from another party says: its detail (or title) and its
    field errors, as one line; empty when it says nothing."""
    if not isinstance(body, dict):
        return ""
    detail = str(body.get("detail") or body.get("title") or "")
    velden = body.get("invalidParams")
    if isinstance(velden, list) and velden:
        detail = f"{detail} " + "; ".join(f"{v.get('name')}: {v.get('reason')}" for v in velden if isinstance(v, dict))
    return detail.strip()


def title_for(status_code: int) -> str:
    return str(TITLES.get(status_code, _("Fout")))


def problem(status_code: int, detail: str, *, instance: str = "", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": title_for(status_code),
        "status": status_code,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested ValidationError detail into [{name, code, reason}] with dotted names."""
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "nonFieldErrors" if key == "non_field_errors" else str(key)
            params += invalid_params(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail) for item in detail):
            for item in detail:
                params.append({"name": prefix or "nonFieldErrors", "code": item.code or "invalid", "reason": str(item)})
        else:
            for index, item in enumerate(detail):
                params += invalid_params(item, f"{prefix}.{index}" if prefix else str(index))
    else:
        code = getattr(detail, "code", None) or "invalid"
        params.append({"name": prefix or "nonFieldErrors", "code": code, "reason": str(detail)})
    return params


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        params = invalid_params(exc.detail)
        body = problem(
            response.status_code,
            _("De aanvraag bevat ongeldige gegevens; zie invalidParams."),
            instance=instance,
            invalidParams=params,
        )
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        body = problem(response.status_code, str(detail or title_for(response.status_code)), instance=instance)
    headers = {k: v for k, v in response.items() if k.lower() != "content-type"}
    return Response(body, status=response.status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_response(request: HttpRequest, status_code: int, detail: str) -> JsonResponse:
    """A problem+json answer outside DRF (404 for unknown paths, 500, refused URLs)."""
    return JsonResponse(
        problem(status_code, detail, instance=request.path),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return problem_response(request, status.HTTP_404_NOT_FOUND, _("Deze API-resource bestaat niet."))
