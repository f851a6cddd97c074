"""The Django admin is the hub operators' tool (users with is_staff, set for hub beheer)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie
from vangnet.organisations.scoping import caller_from_request
from vangnet.organisations.services import revoke_api_key


class HubOperatorAdmin(admin.ModelAdmin):
    """Full access for hub operators (hub users with beheer, marked is_staff) and superusers."""

    def _is_hub_operator(self, request: HttpRequest) -> bool:
        user = request.user
        if user.is_superuser:
            return True
        caller = caller_from_request(request)
        return caller is not None and caller.is_hub and caller.may("beheer")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_hub_operator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_hub_operator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._is_hub_operator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_hub_operator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_hub_operator(request)


@admin.register(Organisatie)
class OrganisatieAdmin(HubOperatorAdmin):
    list_display = ["naam", "type", "gemeentecode", "aangemaakt_op"]
    list_filter = ["type"]
    search_fields = ["naam", "gemeentecode"]
    readonly_fields = ["uuid", "aangemaakt_op"]


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin, HubOperatorAdmin):
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active", "is_staff"]
    list_filter = ["organisatie__type", "is_active", "is_staff", "machtigingen"]
    search_fields = ["username", "first_name", "last_name", "email", "organisatie__naam"]
    autocomplete_fields = ["organisatie"]
    filter_horizontal = ["machtigingen", "groups", "user_permissions"]
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        (_("Organisatie en machtigingen"), {"fields": ("organisatie", "machtigingen")}),
    )


@admin.action(description=_("Geselecteerde API-sleutels intrekken"))
def revoke_selected(modeladmin: Any, request: HttpRequest, queryset: QuerySet[ApiSleutel]) -> None:
    for sleutel in queryset:
        revoke_api_key(sleutel)


@admin.register(ApiSleutel)
class ApiSleutelAdmin(HubOperatorAdmin):
    """Keys are made with `vangnet apikey create`, which shows the key once; here they are revoked."""

    list_display = ["naam", "organisatie", "prefix", "aangemaakt_op", "laatst_gebruikt_op", "ingetrokken_op"]
    list_filter = ["organisatie__type"]
    search_fields = ["naam", "prefix", "organisatie__naam"]
    readonly_fields = [f.name for f in ApiSleutel._meta.fields] + ["machtigingen"]
    actions = [revoke_selected]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
