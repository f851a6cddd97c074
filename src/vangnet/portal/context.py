from typing import Any

from django.http import HttpRequest

from vangnet.organisations.scoping import caller_from_request


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The caller (organisation and machtigingen) for the header of every page."""
    return {"caller": caller_from_request(request)}
