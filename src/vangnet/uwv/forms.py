from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.domain.bsn import BsnError, parse_bsn
from vangnet.domain.loonheffingennummer import LoonheffingennummerError, parse_loonheffingennummer
from vangnet.uwv.constants import Brieftype, ClaimStatus, LksUitkomst, RedenEinde, Termijnsoort

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={**TEXT, "class": TEXT["class"] + " vn-date", **(attrs or {})}, format="%Y-%m-%d")


def _bsn(value: str) -> str:
    try:
        return parse_bsn(value)
    except BsnError as fout:
        raise forms.ValidationError(str(fout)) from None


class ZiekmeldingForm(forms.Form):
    bsn = forms.CharField(
        label=_("BSN van de werknemer"),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "inputmode": "numeric"}),
    )
    werkgever_naam = forms.CharField(label=_("Naam werkgever"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    loonheffingennummer = forms.CharField(
        label=_("Loonheffingennummer werkgever"),
        max_length=20,
        help_text=_("Negen cijfers, de letter L en twee cijfers, bijvoorbeeld 123456782L01."),
        widget=forms.TextInput(attrs=TEXT),
    )
    datum_einde_arbeidsverhouding = forms.DateField(label=_("Datum einde arbeidsverhouding"), widget=DatumInput())
    datum_eerste_ao_dag = forms.DateField(
        label=_("Eerste AO-dag"), help_text=_("De eerste dag van arbeidsongeschiktheid."), widget=DatumInput()
    )
    datum_melding = forms.DateField(
        label=_("Datum melding"),
        help_text=_("De dag waarop de melding van de werkgever binnenkwam. De beslistermijn telt vanaf deze dag."),
        widget=DatumInput(),
    )

    def clean_bsn(self) -> str:
        return _bsn(self.cleaned_data["bsn"])

    def clean_loonheffingennummer(self) -> str:
        try:
            return parse_loonheffingennummer(self.cleaned_data["loonheffingennummer"])
        except LoonheffingennummerError as fout:
            raise forms.ValidationError(str(fout)) from None

    def clean_datum_melding(self) -> date:
        datum: date = self.cleaned_data["datum_melding"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("De datum van de melding ligt in de toekomst."))
        return datum


class WerklijstFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *ClaimStatus.choices],
        widget=forms.Select(attrs=SELECT),
    )
    termijn = forms.ChoiceField(
        label=_("Volgende termijn"),
        required=False,
        choices=[("", _("Alle")), *Termijnsoort.choices],
        widget=forms.Select(attrs=SELECT),
    )
    lks = forms.ChoiceField(
        label=_("LKS-toets"),
        required=False,
        choices=[("", _("Alle")), *LksUitkomst.choices],
        widget=forms.Select(attrs=SELECT),
    )
    hub = forms.ChoiceField(
        label=_("Melding aan de hub"),
        required=False,
        choices=[("", _("Alle")), ("wacht", _("Wacht op verzending")), ("geweigerd", _("Geweigerd"))],
        widget=forms.Select(attrs=SELECT),
    )
    te_laat = forms.BooleanField(label=_("Alleen te laat"), required=False)


class ZoekForm(forms.Form):
    bsn = forms.CharField(
        label=_("Zoek op BSN"), max_length=20, widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"})
    )

    def clean_bsn(self) -> str:
        return _bsn(self.cleaned_data["bsn"])


class VerlengForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van de verlenging"),
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 3}),
    )


class EzwbForm(forms.Form):
    datum = forms.DateField(label=_("Datum EZWb"), widget=DatumInput())


class EindeUitkeringForm(forms.Form):
    datum = forms.DateField(label=_("Datum einde uitkering"), widget=DatumInput())
    reden = forms.ChoiceField(label=_("Reden"), choices=RedenEinde.choices, widget=forms.Select(attrs=SELECT))


class BriefForm(forms.Form):
    type = forms.ChoiceField(choices=Brieftype.choices)
