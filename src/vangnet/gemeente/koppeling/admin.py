"""The koppeling with the hub holds secrets (API key, webhook secret): only superusers edit it, and never see them."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from vangnet.gemeente.koppeling.models import GemeenteKoppeling

GEHEIME_VELDEN = ("api_sleutel", "webhook_geheim")


class GemeenteKoppelingForm(forms.ModelForm):
    """Secrets are write-only: the form never shows them, and an empty field keeps the stored value."""

    hub_url = forms.URLField(
        label=_("adres van de hub"),
        required=False,
        assume_scheme="https",
        help_text=_("Bijvoorbeeld https://hub.example; leeg: VANGNET_HUB_URL."),
    )
    api_sleutel = forms.CharField(
        label=_("API-sleutel bij de hub"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Geheim. Leeg laten om de bewaarde sleutel te houden."),
    )
    webhook_geheim = forms.CharField(
        label=_("webhookgeheim"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Geheim (whsec_…). Leeg laten om het bewaarde geheim te houden."),
    )

    class Meta:
        model = GemeenteKoppeling
        fields = ["gemeente", "hub_url", "api_sleutel", "webhook_geheim", "laatste_volgnummer"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for veld in GEHEIME_VELDEN:
            if not data.get(veld) and self.instance.pk:
                data[veld] = getattr(self.instance, veld)
        return data


@admin.register(GemeenteKoppeling)
class GemeenteKoppelingAdmin(admin.ModelAdmin):
    form = GemeenteKoppelingForm
    list_display = ["gemeente", "hub_url", "sleutel_ingesteld", "webhook_ingesteld", "laatste_volgnummer"]

    @admin.display(boolean=True, description=_("API-sleutel"))
    def sleutel_ingesteld(self, obj: GemeenteKoppeling) -> bool:
        return bool(obj.api_sleutel)

    @admin.display(boolean=True, description=_("webhookgeheim"))
    def webhook_ingesteld(self, obj: GemeenteKoppeling) -> bool:
        return bool(obj.webhook_geheim)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
