from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.hub.dkd.instellingen import InstellingFout, controleer_instelling
from vangnet.hub.models import DkdInstelling


class AanleverForm(forms.Form):
    bestand = forms.FileField(
        label=_("Verzamelbestand"),
        help_text=_("Het XML-bestand volgens het formaat verzamelbestand v1 (GSDDossierReintegratie-v0200)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xml,application/xml,text/xml", "class": "utrecht-file-input"}
        ),
    )


class InstellingForm(forms.ModelForm):
    endpoint_url = forms.URLField(
        label=_("URL van de webservice"),
        required=False,
        assume_scheme="https",
        help_text=_("Alleen bij aanlevermethode webservice; https verplicht."),
        widget=forms.URLInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--url"}),
    )

    class Meta:
        model = DkdInstelling
        fields = ["aanlevermethode", "frequentie", "berichtversie", "endpoint_url"]
        widgets = {
            "aanlevermethode": forms.RadioSelect(),
            "frequentie": forms.RadioSelect(),
            "berichtversie": forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            controleer_instelling(
                data.get("aanlevermethode", ""),
                data.get("berichtversie", ""),
                data.get("endpoint_url", "") or "",
                data.get("frequentie", ""),
            )
        except InstellingFout as fout:
            self.add_error(fout.veld if fout.veld in self.fields else None, fout.melding)
        return data
