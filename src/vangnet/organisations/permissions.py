"""DRF permissions expressed in machtigingen, decided through the caller of scoping.py."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from vangnet.organisations.scoping import caller_from_request


class IsOrganisationCaller(BasePermission):
    """An API key, or a logged-in user of an organisation; optionally holding a machtiging.

    A view sets `required_machtiging` to demand one product.
    """

    message = _("U heeft geen machtiging voor dit onderdeel.")

    def has_permission(self, request: Request, view: Any) -> bool:
        caller = caller_from_request(request)
        if caller is None:
            return False
        required = getattr(view, "required_machtiging", None)
        return required is None or caller.may(required)
