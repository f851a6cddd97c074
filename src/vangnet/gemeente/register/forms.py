"""Forms of the LKS register: each field checked with the domain rule it has (vangnet.domain.lksregister)."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vangnet.domain.bsn import BsnError, parse_bsn
from vangnet.domain.errors import DomainError
from vangnet.domain.lksimport import parse_email, parse_telefoon
from vangnet.domain.lksregister import (
    MAX_VOORVOEGSEL,
    beschikkingsnummer,
    controleer_naam,
    normaliseer_voorletters,
    parse_huisnummer,
    parse_loonheffingennummer,
    parse_loonwaarde,
    parse_postcode,
)
from vangnet.gemeente.register.models import LksPeriode, LksPersoon, Werkgever
from vangnet.gemeente.register.services import PeriodeGegevens, PersoonGegevens, WerkgeverGegevens

T = TypeVar("T")
Tekst = Any  # str or a lazy translation

TEKST = {"class": "utrecht-textbox utrecht-textbox--html-input"}
DATUM = {"class": "utrecht-textbox utrecht-textbox--html-input vn-date", "placeholder": "DD-MM-JJJJ"}
DATUMFORMATEN = ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"]
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


def _tekst(label: Tekst, *, required: bool = False, help_text: Tekst = "", **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.TextInput(attrs={**TEKST, **attrs})
    )


def _datum(label: Tekst, *, required: bool = False, help_text: Tekst = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATUMFORMATEN,
        widget=forms.DateInput(format="%d-%m-%Y", attrs=DATUM),
        error_messages={"invalid": _("Vul een bestaande datum in als DD-MM-JJJJ.")},
    )


def _domein(functie: Callable[[str], T], waarde: str) -> T:
    """Run a domain rule on a form value; its Dutch message becomes the field's error."""
    try:
        return functie(waarde)
    except DomainError as fout:
        raise forms.ValidationError(str(fout)) from None


def _bsn(waarde: str) -> str:
    try:
        return parse_bsn(waarde)
    except BsnError as fout:
        raise forms.ValidationError(str(fout)) from None


class PersoonForm(forms.Form):
    bsn = _tekst(_("BSN"), required=True, autocomplete="off", inputmode="numeric")
    voornamen = _tekst(_("Voornamen"))
    voorletters = _tekst(_("Voorletters"), help_text=_("Bijvoorbeeld J.P."))
    voorvoegsel = _tekst(_("Voorvoegsel"), help_text=_("Bijvoorbeeld van of de"))
    achternaam = _tekst(_("Achternaam"), required=True)
    geboortedatum = _datum(_("Geboortedatum"))
    straat = _tekst(_("Straat"))
    huisnummer = _tekst(_("Huisnummer"), help_text=_("Met een eventuele toevoeging, bijvoorbeeld 12a"))
    postcode = _tekst(_("Postcode"), autocomplete="postal-code")
    woonplaats = _tekst(_("Woonplaats"))

    @classmethod
    def voor(cls, persoon: LksPersoon) -> "PersoonForm":
        huis = f"{persoon.huisnummer or ''}{persoon.huisnummertoevoeging}"
        return cls(
            initial={
                "bsn": persoon.bsn,
                "voornamen": persoon.voornamen,
                "voorletters": persoon.voorletters,
                "voorvoegsel": persoon.voorvoegsel,
                "achternaam": persoon.achternaam,
                "geboortedatum": persoon.geboortedatum,
                "straat": persoon.straat,
                "huisnummer": huis,
                "postcode": persoon.postcode,
                "woonplaats": persoon.woonplaats,
            }
        )

    def clean_bsn(self) -> str:
        return _bsn(self.cleaned_data["bsn"])

    def clean_voornamen(self) -> str:
        return _domein(lambda t: controleer_naam(t, "Voornamen"), self.cleaned_data["voornamen"])

    def clean_voorletters(self) -> str:
        return _domein(lambda t: normaliseer_voorletters(t) or "", self.cleaned_data["voorletters"])

    def clean_voorvoegsel(self) -> str:
        return _domein(lambda t: controleer_naam(t, "Voorvoegsel", MAX_VOORVOEGSEL), self.cleaned_data["voorvoegsel"])

    def clean_achternaam(self) -> str:
        return _domein(lambda t: controleer_naam(t, "Achternaam", verplicht=True), self.cleaned_data["achternaam"])

    def clean_geboortedatum(self) -> date | None:
        waarde: date | None = self.cleaned_data["geboortedatum"]
        if waarde is not None and waarde.year < 1900:
            raise forms.ValidationError(_("De geboortedatum ligt vóór 1900."))
        return waarde

    def clean_huisnummer(self) -> tuple[int | None, str]:
        return _domein(parse_huisnummer, self.cleaned_data["huisnummer"])

    def clean_postcode(self) -> str:
        return _domein(parse_postcode, self.cleaned_data["postcode"])

    def clean_woonplaats(self) -> str:
        return _domein(lambda t: controleer_naam(t, "Woonplaats"), self.cleaned_data["woonplaats"])

    def gegevens(self) -> PersoonGegevens:
        d = self.cleaned_data
        huisnummer, toevoeging = d["huisnummer"]
        return PersoonGegevens(
            bsn=d["bsn"],
            achternaam=d["achternaam"],
            voornamen=d["voornamen"],
            voorletters=d["voorletters"],
            voorvoegsel=d["voorvoegsel"],
            geboortedatum=d["geboortedatum"],
            straat=" ".join(d["straat"].split()),
            huisnummer=huisnummer,
            huisnummertoevoeging=toevoeging,
            postcode=d["postcode"],
            woonplaats=d["woonplaats"],
        )


class WerkgeverForm(forms.Form):
    naam = _tekst(_("Naam"), required=True, autocomplete="organization")
    loonheffingennummer = _tekst(
        _("Loonheffingennummer"), required=True, help_text=_("Negen cijfers, L en twee cijfers: 123456782L01")
    )
    contactpersoon = _tekst(_("Contactpersoon"))
    telefoon = _tekst(_("Telefoon"), autocomplete="tel")
    email = _tekst(_("E-mail"), autocomplete="email")

    @classmethod
    def voor(cls, werkgever: Werkgever) -> "WerkgeverForm":
        return cls(
            initial={
                "naam": werkgever.naam,
                "loonheffingennummer": werkgever.loonheffingennummer,
                "contactpersoon": werkgever.contactpersoon,
                "telefoon": werkgever.telefoon,
                "email": werkgever.email,
            }
        )

    def clean_naam(self) -> str:
        naam = " ".join(self.cleaned_data["naam"].split())
        if len(naam) > 200:
            raise forms.ValidationError(_("Hoogstens 200 tekens."))
        return naam

    def clean_loonheffingennummer(self) -> str:
        return _domein(parse_loonheffingennummer, self.cleaned_data["loonheffingennummer"])

    def clean_contactpersoon(self) -> str:
        return " ".join(self.cleaned_data["contactpersoon"].split())[:200]

    def clean_telefoon(self) -> str:
        return _domein(parse_telefoon, self.cleaned_data["telefoon"])

    def clean_email(self) -> str:
        return _domein(parse_email, self.cleaned_data["email"])

    def gegevens(self) -> WerkgeverGegevens:
        d = self.cleaned_data
        return WerkgeverGegevens(d["naam"], d["loonheffingennummer"], d["contactpersoon"], d["telefoon"], d["email"])


class PeriodeForm(forms.Form):
    werkgever = forms.ModelChoiceField(
        label=_("Werkgever"),
        queryset=Werkgever.objects.none(),
        empty_label=_("Kies een werkgever"),
        widget=forms.Select(attrs=SELECT),
    )
    begin = _datum(_("Begindatum"), required=True)
    einde = _datum(_("Einddatum"), help_text=_("Leeg laten zolang de loonkostensubsidie loopt."))
    loonwaarde = _tekst(
        _("Loonwaarde (%)"),
        required=True,
        inputmode="decimal",
        help_text=_("Percentage van het wettelijk minimumloon, bijvoorbeeld 60 of 62,5"),
    )
    beschikkingsnummer = _tekst(_("Beschikkingsnummer"), help_text=_("Uw eigen nummer, hoogstens 15 tekens"))

    def __init__(self, *args: Any, werkgevers: QuerySet[Werkgever], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        veld = self.fields["werkgever"]
        assert isinstance(veld, forms.ModelChoiceField)
        veld.queryset = werkgevers

    @classmethod
    def voor(cls, periode: LksPeriode, werkgevers: QuerySet[Werkgever]) -> "PeriodeForm":
        return cls(
            werkgevers=werkgevers,
            initial={
                "werkgever": periode.werkgever_id,
                "begin": periode.begin,
                "einde": periode.einde,
                "loonwaarde": f"{periode.loonwaarde:.2f}".replace(".", ","),
                "beschikkingsnummer": periode.beschikkingsnummer,
            },
        )

    def clean_loonwaarde(self) -> Decimal:
        return _domein(parse_loonwaarde, self.cleaned_data["loonwaarde"])

    def clean_beschikkingsnummer(self) -> str:
        return _domein(beschikkingsnummer, self.cleaned_data["beschikkingsnummer"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        begin, einde = data.get("begin"), data.get("einde")
        if begin is not None and einde is not None and einde < begin:
            self.add_error("einde", _("De einddatum ligt vóór de begindatum."))
        return data

    def gegevens(self) -> PeriodeGegevens:
        d = self.cleaned_data
        return PeriodeGegevens(d["begin"], d["einde"], d["loonwaarde"], d["beschikkingsnummer"])


class LksImportForm(forms.Form):
    bestand = forms.FileField(
        label=_("LKS-register (CSV)"),
        help_text=_(
            "Eén regel per LKS-periode. Scheidingsteken ; of , en datums als DD-MM-JJJJ of JJJJ-MM-DD worden "
            "allebei gelezen. Verplichte kolommen: BSN, Achternaam, Werkgever, Loonheffingennummer, Begindatum, "
            "Loonwaarde."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain", "class": "utrecht-file-input"}),
    )


class BsnZoekForm(forms.Form):
    bsn = _tekst(_("Zoek op BSN"), required=True, autocomplete="off", inputmode="numeric")

    def clean_bsn(self) -> str:
        return _bsn(self.cleaned_data["bsn"])


class RegisterFilterForm(forms.Form):
    naam = _tekst(_("Achternaam"))
    alleen_lopend = forms.BooleanField(label=_("Alleen met lopende LKS"), required=False)


class ZiekmeldingForm(forms.Form):
    werkgever = forms.ModelChoiceField(
        label=_("Werkgever die de ziekmelding doet"),
        queryset=Werkgever.objects.none(),
        empty_label=_("Kies een werkgever"),
        widget=forms.Select(attrs=SELECT),
    )
    bsn = _tekst(_("BSN van de werknemer"), required=True, autocomplete="off", inputmode="numeric")
    eerste_ziektedag = _datum(_("Eerste ziektedag"), required=True)

    def __init__(self, *args: Any, werkgevers: QuerySet[Werkgever], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        veld = self.fields["werkgever"]
        assert isinstance(veld, forms.ModelChoiceField)
        veld.queryset = werkgevers

    def clean_bsn(self) -> str:
        return _bsn(self.cleaned_data["bsn"])


class TaakAfhandelenForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Wat is er besloten?"),
        help_text=_("Bijvoorbeeld: LKS gestopt per 01-04-2026, of: loonwaarde herzien naar 40%."),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}),
    )
