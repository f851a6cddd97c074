"""API authentication by organisation key in the `X-Api-Key` header."""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from vangnet.organisations.models import ApiSleutel
from vangnet.organisations.services import authenticate_api_key

HEADER = "X-Api-Key"


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[None, ApiSleutel] | None:
        plain_key = request.headers.get(HEADER)
        if plain_key is None:
            return None
        sleutel = authenticate_api_key(plain_key)
        if sleutel is None:
            raise exceptions.AuthenticationFailed(_("De API-sleutel is onbekend of ingetrokken."))
        return (None, sleutel)

    def authenticate_header(self, request: Request) -> str:
        return HEADER


class ApiKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "vangnet.organisations.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": HEADER}
