from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vangnet.domain.documenten import MAX_DOCUMENTGROOTTE, TOEGESTANE_EXTENSIES
from vangnet.domain.dossierplan import MAX_EVALUATIE_INTERVAL_WEKEN, afronding
from vangnet.domain.interventies import MAX_UREN, MAX_UURTARIEF
from vangnet.domain.poortwachter import WEKEN_TUSSEN_EVALUATIES
from vangnet.gemeente.dossiers.constants import (
    DocumentSoort,
    DossierStatus,
    InterventieSoort,
    InterventieStatus,
    Kanaal,
)
from vangnet.gemeente.dossiers.models import Document, Taak
from vangnet.gemeente.dossiers.services import Afrondingsgegevens, Interventiegegevens, casemanagers_van
from vangnet.gemeente.dossiers.werklijst import SORTERINGEN
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Gebruiker, Organisatie

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SignaalimportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Signaalrapport"),
        help_text=_(
            "Het CSV-bestand zoals gedownload bij het Inlichtingenbureau (Re-integratie_signaalrapport). "
            "Scheidingsteken ; of , en datums als DD-MM-JJJJ of JJJJ-MM-DD worden allebei gelezen."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain", "class": "utrecht-file-input"}),
    )


class DossierFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *DossierStatus.choices],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    te_laat = forms.BooleanField(label=_("Alleen met te late taken"), required=False)
    deze_week = forms.BooleanField(label=_("Alleen met een termijn deze week"), required=False)
    caseload = forms.ChoiceField(
        label=_("Caseload"),
        required=False,
        choices=[("", _("Actief en passief")), ("actief", _("Actief")), ("passief", _("Passief"))],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    casemanager = forms.ChoiceField(
        label=_("Casemanager"),
        required=False,
        choices=[("", _("Iedereen"))],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    sorteer = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[(code, label) for code, (label, _volgorde) in SORTERINGEN.items()],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )

    def __init__(self, *args: Any, casemanagers: "list[Gebruiker] | None" = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keuze = self.fields["casemanager"]
        assert isinstance(keuze, forms.ChoiceField)
        keuze.choices = [
            ("", _("Iedereen")),
            ("geen", _("— zonder casemanager —")),
            *((str(g.pk), g.get_full_name() or g.username) for g in casemanagers or []),
        ]


# --- the dossier's work ---------------------------------------------------------------------------

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT = "utrecht-select utrecht-select--html-select"
FILE = "utrecht-file-input"
DOCUMENT_ACCEPT = ",".join((*TOEGESTANE_EXTENSIES, "application/pdf", "image/*"))


def _datum(label: "StrOrPromise", **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date", "class": f"{TEXTBOX} vn-date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _tekst(label: "StrOrPromise", rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": rows}), **kwargs)


def _keuze(label: "StrOrPromise", choices: Any, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.Select(attrs={"class": SELECT}), **kwargs)


def _bestand(label: "StrOrPromise", **kwargs: Any) -> forms.FileField:
    return forms.FileField(
        label=label,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT, "class": FILE}),
        help_text=_("PDF, DOCX, ODT of een afbeelding (PNG, JPEG, TIFF), hoogstens %(mb)s MB.")
        % {"mb": MAX_DOCUMENTGROOTTE // (1024 * 1024)},
        **kwargs,
    )


class _DossierForm(forms.Form):
    """A form of the dossier page; several share it, so each has its own element ids (not names)."""

    id_voorvoegsel = "dossier"
    # The labels mark what is optional ("niet verplicht"); the server checks the rest. Without the
    # attribute an empty required field is not painted as an error before anything was sent.
    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_voorvoegsel}_%s")
        super().__init__(*args, **kwargs)


class DocumentKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.bestandsnaam} ({obj.geupload_op:%d-%m-%Y})"


class AfrondenForm(_DossierForm):
    """Completing a task: the fields its step asks for (vangnet.domain.dossierplan.AFRONDING)."""

    id_voorvoegsel = "afronden"

    datum = _datum(_("Datum"), help_text=_("Wanneer de stap is gezet, bijvoorbeeld de datum van het oordeel."))
    bestand = _bestand(_("Document"), required=False)
    document = DocumentKeuze(
        label=_("Of kies een eerder geüpload document"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("— geen —"),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    terugkeer_mogelijk = forms.TypedChoiceField(
        label=_("Terugkeer naar arbeid mogelijk?"),
        choices=[("ja", _("Ja, er zijn mogelijkheden: een plan van aanpak volgt")), ("nee", _("Nee, (nog) niet"))],
        coerce=lambda waarde: waarde == "ja",
        initial="ja",
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
        help_text=_("Zonder mogelijkheden vervallen het plan van aanpak en de evaluaties (art. 5 lid 1)."),
    )
    evaluatie_interval_weken = forms.IntegerField(
        label=_("Evaluatie om de hoeveel weken"),
        min_value=1,
        max_value=MAX_EVALUATIE_INTERVAL_WEKEN,
        initial=WEKEN_TUSSEN_EVALUATIES,
        widget=forms.NumberInput(attrs={"class": f"{TEXTBOX} vn-number"}),
    )
    evaluatiedata = forms.CharField(
        label=_("Of met name genoemde evaluatiemomenten"),
        required=False,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 3}),
        help_text=_("Eén datum per regel (DD-MM-JJJJ). Ingevuld gaan deze data vóór het interval."),
    )
    verslag = _tekst(_("Verslag"), rows=6)

    def __init__(self, *args: Any, taak: Taak, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.eis = afronding(taak.stap)
        if self.eis.document:
            self.fields["bestand"].label = _("Document: %(soort)s") % {
                "soort": DocumentSoort(self.eis.document).label.lower()
            }
            keuze = self.fields["document"]
            assert isinstance(keuze, forms.ModelChoiceField)
            keuze.queryset = taak.dossier.documenten.filter(soort=self.eis.document)
            if not keuze.queryset.exists():
                del self.fields["document"]
        else:
            self.fields["bestand"].label = _("Document (niet verplicht)")
            del self.fields["document"]
        if not self.eis.terugkeer:
            del self.fields["terugkeer_mogelijk"]
        if self.eis.bijstelling:
            self.fields["evaluatie_interval_weken"].required = False
            self.fields["evaluatie_interval_weken"].initial = None
            self.fields["evaluatie_interval_weken"].label = _("Plan bijgesteld: evaluatie voortaan om de hoeveel weken")
            self.fields["evaluatie_interval_weken"].help_text = _("Leeg: de evaluatiemomenten blijven zoals ze zijn.")
        elif not self.eis.evaluatiemomenten:
            del self.fields["evaluatie_interval_weken"]
            del self.fields["evaluatiedata"]
        if self.eis.verslag:
            self.fields["verslag"].help_text = _(
                "Wat is besproken, wat is bereikt en wat is afgesproken. Geen diagnose of klachten: die horen in "
                "het medisch dossier."
            )
        else:
            self.fields["verslag"].required = False
            self.fields["verslag"].label = _("Toelichting (niet verplicht)")

    def clean_evaluatiedata(self) -> tuple[date, ...]:
        tekst = self.cleaned_data.get("evaluatiedata") or ""
        data = []
        for regel in tekst.replace(",", "\n").replace(";", "\n").splitlines():
            if not regel.strip():
                continue
            try:
                data.append(lees_datum(regel.strip()))
            except ValueError:
                raise forms.ValidationError(
                    _("'%(regel)s' is geen datum als DD-MM-JJJJ.") % {"regel": regel.strip()}
                ) from None
        return tuple(data)

    def gegevens(self) -> Afrondingsgegevens:
        data = self.cleaned_data
        return Afrondingsgegevens(
            datum=data["datum"],
            verslag=data.get("verslag") or "",
            document=data.get("document"),
            bestand=data.get("bestand"),
            terugkeer_mogelijk=data.get("terugkeer_mogelijk"),
            evaluatie_interval_weken=data.get("evaluatie_interval_weken"),
            evaluatiedata=data.get("evaluatiedata") or (),
        )


class VerplaatsenForm(_DossierForm):
    """Art. 7: a deadline moved with a written motivation, after consulting the vangnetter."""

    id_voorvoegsel = "verplaatsen"

    nieuw_uiterlijk = _datum(_("Nieuwe termijn"))
    motivatie = _tekst(
        _("Motivatie"), rows=4, help_text=_("Waarom wordt van de termijn afgeweken? Dit blijft in het dossier staan.")
    )
    overleg_met_vangnetter = forms.BooleanField(
        label=_("Overlegd met de vangnetter"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )


class DocumentForm(_DossierForm):
    id_voorvoegsel = "document"

    soort = _keuze(_("Soort document"), [("", _("— kies —")), *DocumentSoort.choices])
    bestand = _bestand(_("Bestand"))
    omschrijving = forms.CharField(
        label=_("Omschrijving (niet verplicht)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )


class ContactmomentForm(_DossierForm):
    id_voorvoegsel = "contact"

    datum = _datum(_("Datum"))
    kanaal = _keuze(_("Kanaal"), Kanaal.choices)
    met_wie = forms.CharField(
        label=_("Met wie"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": TEXTBOX, "list": "vn-met-wie"}),
        help_text=_("Bijvoorbeeld: de vangnetter, de bedrijfsarts, een werkgever."),
    )
    samenvatting = _tekst(
        _("Samenvatting"), rows=4, help_text=_("Wat is besproken en afgesproken. Geen diagnose of klachten.")
    )


class LeverancierKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.naam)


class InterventieForm(_DossierForm):
    id_voorvoegsel = "interventie"

    soort = _keuze(_("Soort interventie"), [("", _("— kies —")), *InterventieSoort.choices])
    omschrijving = forms.CharField(
        label=_("Omschrijving (niet verplicht)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )
    leverancier = LeverancierKeuze(
        label=_("Leverancier"),
        queryset=Organisatie.objects.filter(type=OrganisatieType.LEVERANCIER).order_by("naam"),
        required=False,
        empty_label=_("— een andere leverancier —"),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    leverancier_naam = forms.CharField(
        label=_("Of de naam van de leverancier"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )
    uren = forms.DecimalField(
        label=_("Uren"),
        min_value=Decimal(0),
        max_value=MAX_UREN,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": f"{TEXTBOX} vn-number", "step": "0.25"}),
    )
    uurtarief = forms.DecimalField(
        label=_("Uurtarief in euro, excl. btw (niet verplicht)"),
        min_value=Decimal(0),
        max_value=MAX_UURTARIEF,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"class": f"{TEXTBOX} vn-number", "step": "0.01"}),
        help_text=_("Leeg: het standaardtarief van deze soort (zie de tabel)."),
    )
    begindatum = _datum(_("Begindatum"))
    einddatum = _datum(_("Einddatum (niet verplicht)"), required=False)
    status = _keuze(_("Status"), InterventieStatus.choices, initial=InterventieStatus.GEPLAND)

    def gegevens(self) -> Interventiegegevens:
        data = self.cleaned_data
        return Interventiegegevens(
            soort=data["soort"],
            uren=data["uren"],
            begindatum=data["begindatum"],
            uurtarief=data.get("uurtarief"),
            leverancier=data.get("leverancier"),
            leverancier_naam=data.get("leverancier_naam") or "",
            omschrijving=data.get("omschrijving") or "",
            einddatum=data.get("einddatum"),
            status=data["status"],
        )


class InterventieWijzigenForm(_DossierForm):
    id_voorvoegsel = "interventie"

    status = _keuze(_("Status"), InterventieStatus.choices)
    uren = InterventieForm.base_fields["uren"]
    uurtarief = forms.DecimalField(
        label=_("Uurtarief in euro, excl. btw"),
        min_value=Decimal(0),
        max_value=MAX_UURTARIEF,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": f"{TEXTBOX} vn-number", "step": "0.01"}),
    )
    einddatum = _datum(_("Einddatum (niet verplicht)"), required=False)


class MedischeNotitieForm(_DossierForm):
    id_voorvoegsel = "notitie"

    datum = _datum(_("Datum"))
    tekst = _tekst(_("Notitie"), rows=5, help_text=_("Alleen zichtbaar voor gebruikers met de machtiging medisch."))


class GebruikerKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class CasemanagerForm(_DossierForm):
    id_voorvoegsel = "toewijzing"

    casemanager = GebruikerKeuze(
        label=_("Casemanager"),
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label=_("— niemand —"),
        widget=forms.Select(attrs={"class": SELECT}),
    )

    def __init__(self, *args: Any, gemeente: Organisatie, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [gebruiker.pk for gebruiker in casemanagers_van(gemeente)]
        keuze = self.fields["casemanager"]
        assert isinstance(keuze, forms.ModelChoiceField)
        keuze.queryset = Gebruiker.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


class LeverancierForm(_DossierForm):
    id_voorvoegsel = "toewijzing"

    leverancier = LeverancierKeuze(
        label=_("Leverancier"),
        queryset=Organisatie.objects.filter(type=OrganisatieType.LEVERANCIER).order_by("naam"),
        required=False,
        empty_label=_("— geen —"),
        widget=forms.Select(attrs={"class": SELECT}),
        help_text=_("Een arbodienst of re-integratiebedrijf; die ziet dan alleen dit dossier van uw gemeente."),
    )


def lees_datum(tekst: str) -> date:
    """DD-MM-JJJJ, D-M-JJJJ or JJJJ-MM-DD; raises ValueError."""
    tekst = tekst.strip().replace("/", "-").replace(".", "-")
    delen = tekst.split("-")
    if len(delen) != 3 or not all(deel.isdigit() for deel in delen):
        raise ValueError(tekst)
    if len(delen[0]) == 4:
        return date(int(delen[0]), int(delen[1]), int(delen[2]))
    return date(int(delen[2]), int(delen[1]), int(delen[0]))


class ReintegratieverslagForm(_DossierForm):
    """What the re-integratieverslag (art. 8) needs and the dossier does not hold; everything optional.

    The arts's judgment is about functional limitations and possibilities only: no diagnosis, no complaints.
    """

    id_voorvoegsel = "verslag"
    GEEN_DIAGNOSE = _("Alleen functionele beperkingen en mogelijkheden; geen diagnose of klachten.")

    soort_arts = forms.ChoiceField(
        label=_("Oordeel van de"),
        choices=[("bedrijfsarts", _("bedrijfsarts")), ("verzekeringsarts", _("verzekeringsarts"))],
        widget=forms.Select(attrs={"class": SELECT}),
    )
    naam_arts = forms.CharField(
        label=_("Naam van de arts (niet verplicht)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )
    datum_oordeel = _datum(_("Datum van het oordeel (niet verplicht)"), required=False)
    laatst_verrichte_functie = _tekst(_("b. Laatst verrichte functie (niet verplicht)"), required=False, rows=2)
    bekwaamheden = _tekst(_("c. Bekwaamheden: opleiding, ervaring (niet verplicht)"), required=False, rows=3)
    duurzaamheid = _tekst(
        _("e. Oordeel over de duurzaamheid van het verzuim (niet verplicht)"),
        required=False,
        rows=3,
        help_text=GEEN_DIAGNOSE,
    )
    verloop = _tekst(
        _("i. Verloop van de ongeschiktheid (niet verplicht)"), required=False, rows=3, help_text=GEEN_DIAGNOSE
    )
    functionele_beperkingen = _tekst(
        _("i. Functionele beperkingen (niet verplicht)"), required=False, rows=4, help_text=GEEN_DIAGNOSE
    )
    mogelijkheden = _tekst(
        _("i. Mogelijkheden om arbeid te verrichten (niet verplicht)"), required=False, rows=4, help_text=GEEN_DIAGNOSE
    )
    passende_arbeid = _tekst(_("j. Oordeel over passende arbeid (niet verplicht)"), required=False, rows=3)
    oordeel_vangnetter = _tekst(
        _("k. Oordeel van de vangnetter over dit verslag (niet verplicht)"), required=False, rows=3
    )
    bewaren = forms.BooleanField(
        label=_("Het verslag ook als document (re-integratieverslag) in het dossier bewaren"), required=False
    )


class DoorverwijzingForm(_DossierForm):
    id_voorvoegsel = "doorverwijzing"

    naar_gemeente = forms.ModelChoiceField(
        label=_("Woongemeente"),
        queryset=Organisatie.objects.none(),
        empty_label=_("— kies een gemeente —"),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    reden = _tekst(_("Reden"), rows=3, help_text=_("Bijvoorbeeld: de vangnetter woont in deze gemeente."))

    def __init__(self, *args: Any, gemeente: Organisatie, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keuze = self.fields["naar_gemeente"]
        assert isinstance(keuze, forms.ModelChoiceField)
        keuze.queryset = (
            Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).exclude(pk=gemeente.pk).order_by("naam")
        )
