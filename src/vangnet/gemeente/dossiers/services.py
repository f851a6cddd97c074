"""The work in a dossier: completing tasks, moving deadlines, documents, contacts, interventions, medical notes.

Every change goes through one of these functions, each in one transaction; views and the API only
call them. Each takes the ``Caller`` and checks its machtiging itself:

- the re-integration file (tasks, documents, contactmomenten, interventions): ``casemanagement``;
- the medical compartment: ``medisch``;
- assigning a casemanager or a leverancier: ``casemanagement`` at the dossier's own gemeente.

The dossier passed in must come from a queryset narrowed by ``scope()``; that is what keeps
another gemeente's dossier out of reach.

Completing a task records what the law expects (vangnet.domain.dossierplan.AFRONDING) and
re-plans what depends on it: the plan van aanpak two weeks after the probleemanalyse's actual
date, the evaluations at the moments the plan sets. A deadline may be moved with a written
motivation at any time (art. 7); it is never refused for being late or early.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.documenten import MAX_DOCUMENTGROOTTE, DocumentFout, herken_bestand, veilige_bestandsnaam
from vangnet.domain.dossierplan import Evaluatieafspraak, afronding, plan_taken
from vangnet.domain.interventies import InterventieFout, kosten, standaardtarief
from vangnet.domain.poortwachter import WEKEN_TUSSEN_EVALUATIES, PoortwachterError, ziekteweek
from vangnet.gemeente.dossiers.constants import DocumentSoort, InterventieStatus, TaakStatus
from vangnet.gemeente.dossiers.models import (
    Contactmoment,
    Document,
    Dossier,
    Interventie,
    MedischeNotitie,
    Taak,
    Termijnwijziging,
)
from vangnet.gemeente.dossiers.signaalintake import herplan
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.models import Gebruiker, Organisatie
from vangnet.organisations.scoping import Caller


class DossierFout(Exception):
    """A change that cannot be made as asked; the message (Dutch) says why."""

    def __init__(self, melding: str, veld: str | None = None) -> None:
        super().__init__(melding)
        self.melding = melding
        self.veld = veld


class GeenToegang(DossierFout):
    """The caller lacks the machtiging for this change."""


# --- access -------------------------------------------------------------------------------------


def mag_reintegratiedossier(caller: Caller) -> bool:
    return caller.may(Product.CASEMANAGEMENT)


def mag_medisch(caller: Caller) -> bool:
    return caller.may(Product.MEDISCH)


def mag_toewijzen(caller: Caller, dossier: Dossier) -> bool:
    return caller.may(Product.CASEMANAGEMENT) and caller.organisatie.pk == dossier.gemeente_id


def _eis_reintegratie(caller: Caller) -> None:
    if not mag_reintegratiedossier(caller):
        raise GeenToegang(_("U heeft geen machtiging voor casemanagement."))


def _eis_medisch(caller: Caller) -> None:
    if not mag_medisch(caller):
        raise GeenToegang(_("Alleen een arts met de machtiging medisch kan medische notities lezen en schrijven."))


def _niet_in_de_toekomst(datum: date, veld: str = "datum") -> None:
    if datum > timezone.localdate():
        raise DossierFout(_("Deze datum ligt in de toekomst."), veld)


# --- planning -----------------------------------------------------------------------------------


def herplan_dossier(dossier: Dossier) -> None:
    """Bring the open tasks in line with the timeline and what has been done (completed tasks stay)."""
    try:
        plan = plan_taken(
            dossier.datum_eerste_ao_dag,
            dossier.datum_einde_arbeidsverhouding,
            timezone.localdate(dossier.geopend_op),
            dossier.onderbrekingen(),
            dossier.voortgang(),
        )
    except PoortwachterError as fout:
        raise DossierFout(str(fout)) from None
    herplan(dossier, plan)


@dataclass(frozen=True)
class Afrondingsgegevens:
    """What the user entered to complete a task."""

    datum: date
    verslag: str = ""
    document: Document | None = None  # an earlier upload of the dossier
    bestand: File | None = None  # or a new one, typed as the step asks
    terugkeer_mogelijk: bool | None = None
    evaluatie_interval_weken: int | None = None
    evaluatiedata: tuple[date, ...] = ()


@transaction.atomic
def rond_taak_af(caller: Caller, taak: Taak, gegevens: Afrondingsgegevens) -> Taak:
    """Complete an open task with what its step asks for; re-plans what depends on it."""
    _eis_reintegratie(caller)
    taak = Taak.objects.select_for_update().select_related("dossier").get(pk=taak.pk)
    dossier = taak.dossier
    if taak.status != TaakStatus.OPEN:
        raise DossierFout(_("Deze taak is niet open (status: %(status)s).") % {"status": taak.get_status_display()})
    eis = afronding(taak.stap)
    _niet_in_de_toekomst(gegevens.datum)
    if gegevens.datum < dossier.datum_eerste_ao_dag:
        raise DossierFout(_("Deze datum ligt vóór de eerste AO-dag van het dossier."), "datum")
    verslag = gegevens.verslag.strip()
    if eis.verslag and not verslag:
        raise DossierFout(_("Schrijf op wat er is besproken en afgesproken."), "verslag")
    if eis.terugkeer and gegevens.terugkeer_mogelijk is None:
        raise DossierFout(_("Geef aan of terugkeer naar arbeid mogelijk is."), "terugkeer_mogelijk")
    interval = gegevens.evaluatie_interval_weken
    evaluatiedata = tuple(sorted(set(gegevens.evaluatiedata)))
    if eis.evaluatiemomenten or eis.bijstelling:
        if eis.evaluatiemomenten and interval is None and not evaluatiedata:
            interval = WEKEN_TUSSEN_EVALUATIES
        if interval is not None or evaluatiedata:
            try:
                Evaluatieafspraak(gegevens.datum, interval or WEKEN_TUSSEN_EVALUATIES, evaluatiedata)
            except PoortwachterError as fout:
                raise DossierFout(str(fout), "evaluatiedata" if evaluatiedata else "evaluatie_interval_weken") from None
    else:
        interval, evaluatiedata = None, ()
    document = _bewijsstuk(caller, dossier, eis.document, gegevens)
    try:
        taak.status = TaakStatus.GEDAAN
        taak.gedaan_op = gegevens.datum
        taak.gedaan_door = caller.gebruiker
        taak.gedaan_vastgelegd_op = timezone.now()
        taak.document = document
        taak.verslag = verslag
        taak.terugkeer_mogelijk = gegevens.terugkeer_mogelijk if eis.terugkeer else None
        taak.evaluatie_interval_weken = interval
        taak.evaluatiedata = [d.isoformat() for d in evaluatiedata]
        taak.save()
        herplan_dossier(dossier)
    except Exception:
        # The transaction rolls back; a file uploaded for it must not stay behind without its row.
        if gegevens.bestand is not None and document is not None:
            document.bestand.delete(save=False)
        raise
    return taak


def _bewijsstuk(caller: Caller, dossier: Dossier, soort: str | None, gegevens: Afrondingsgegevens) -> Document | None:
    if gegevens.bestand is not None:
        return voeg_document_toe(caller, dossier, soort or DocumentSoort.OVERIG, gegevens.bestand)
    if gegevens.document is not None:
        if gegevens.document.dossier_id != dossier.pk:
            raise DossierFout(_("Dit document hoort niet bij dit dossier."), "document")
        if soort is not None and gegevens.document.soort != soort:
            raise DossierFout(
                _("Kies een document van de soort %(soort)s.") % {"soort": DocumentSoort(soort).label}, "document"
            )
        return gegevens.document
    if soort is not None:
        raise DossierFout(
            _("Voeg het document toe (%(soort)s): upload het of kies een eerder geüpload document.")
            % {"soort": DocumentSoort(soort).label},
            "bestand",
        )
    return None


@transaction.atomic
def verplaats_termijn(
    caller: Caller, taak: Taak, nieuw_uiterlijk: date, motivatie: str, *, overleg_met_vangnetter: bool = False
) -> Termijnwijziging:
    """Move a deadline with a written motivation (art. 7): any date, kept in the history with who and when."""
    _eis_reintegratie(caller)
    taak = Taak.objects.select_for_update().select_related("dossier").get(pk=taak.pk)
    if taak.status == TaakStatus.GEDAAN:
        raise DossierFout(_("Deze taak is al afgerond; de termijn doet er niet meer toe."))
    motivatie = motivatie.strip()
    if not motivatie:
        raise DossierFout(_("Motiveer schriftelijk waarom van de termijn wordt afgeweken (art. 7)."), "motivatie")
    if nieuw_uiterlijk == taak.uiterlijk:
        raise DossierFout(_("De nieuwe termijn is gelijk aan de huidige."), "nieuw_uiterlijk")
    dossier = taak.dossier
    wijziging = Termijnwijziging.objects.create(
        taak=taak,
        oud_uiterlijk=taak.uiterlijk,
        nieuw_uiterlijk=nieuw_uiterlijk,
        motivatie=motivatie,
        overleg_met_vangnetter=overleg_met_vangnetter,
        door=caller.gebruiker,
        op=timezone.now(),
    )
    if taak.oorspronkelijk_uiterlijk is None:
        taak.oorspronkelijk_uiterlijk = taak.uiterlijk
    taak.uiterlijk = nieuw_uiterlijk
    taak.week = ziekteweek(dossier.datum_eerste_ao_dag, nieuw_uiterlijk, dossier.onderbrekingen())
    taak.motivatie_afwijking = motivatie
    taak.save(update_fields=["uiterlijk", "oorspronkelijk_uiterlijk", "week", "motivatie_afwijking"])
    return wijziging


# --- documents ----------------------------------------------------------------------------------


@transaction.atomic
def voeg_document_toe(caller: Caller, dossier: Dossier, soort: str, bestand: File, omschrijving: str = "") -> Document:
    """Keep an uploaded file in the dossier, after checking its type by content and its size."""
    _eis_reintegratie(caller)
    if soort not in DocumentSoort.values:
        raise DossierFout(_("Kies de soort document."), "soort")
    naam = veilige_bestandsnaam(bestand.name or "document")
    if (bestand.size or 0) > MAX_DOCUMENTGROOTTE:
        raise DossierFout(
            _("Het bestand is groter dan %(mb)s MB.") % {"mb": MAX_DOCUMENTGROOTTE // (1024 * 1024)}, "bestand"
        )
    bestand.seek(0)
    inhoud = bestand.read(MAX_DOCUMENTGROOTTE + 1)
    try:
        bestandstype = herken_bestand(naam, inhoud)
    except DocumentFout as fout:
        raise DossierFout(str(fout), "bestand") from None
    document = Document(
        dossier=dossier,
        soort=soort,
        bestandsnaam=naam,
        mime=bestandstype.mime,
        grootte=len(inhoud),
        sha256=hashlib.sha256(inhoud).hexdigest(),
        omschrijving=omschrijving.strip()[:200],
        geupload_door=caller.gebruiker,
        geupload_op=timezone.now(),
    )
    document.bestand.save(naam, ContentFile(inhoud), save=False)
    try:
        document.save()
    except Exception:
        document.bestand.delete(save=False)
        raise
    return document


# --- contactmomenten, interventions -------------------------------------------------------------


@transaction.atomic
def leg_contact_vast(
    caller: Caller, dossier: Dossier, datum: date, kanaal: str, met_wie: str, samenvatting: str
) -> Contactmoment:
    _eis_reintegratie(caller)
    _niet_in_de_toekomst(datum)
    if not met_wie.strip():
        raise DossierFout(_("Met wie was het contact?"), "met_wie")
    if not samenvatting.strip():
        raise DossierFout(_("Vat het contact kort samen."), "samenvatting")
    return Contactmoment.objects.create(
        dossier=dossier,
        datum=datum,
        kanaal=kanaal,
        met_wie=met_wie.strip()[:200],
        samenvatting=samenvatting.strip(),
        vastgelegd_door=caller.gebruiker,
        vastgelegd_op=timezone.now(),
    )


@dataclass(frozen=True)
class Interventiegegevens:
    soort: str
    uren: Decimal
    begindatum: date
    uurtarief: Decimal | None = None  # None: the default rate of the kind (seed 003)
    leverancier: Organisatie | None = None
    leverancier_naam: str = ""
    omschrijving: str = ""
    einddatum: date | None = None
    status: str = InterventieStatus.GEPLAND


def _controleer_interventie(uren: Decimal, uurtarief: Decimal, begindatum: date, einddatum: date | None) -> None:
    try:
        kosten(uren, uurtarief)
    except InterventieFout as fout:
        raise DossierFout(str(fout), "uren") from None
    if einddatum is not None and einddatum < begindatum:
        raise DossierFout(_("De einddatum ligt vóór de begindatum."), "einddatum")


@transaction.atomic
def registreer_interventie(caller: Caller, dossier: Dossier, gegevens: Interventiegegevens) -> Interventie:
    _eis_reintegratie(caller)
    uurtarief = gegevens.uurtarief
    if uurtarief is None:
        standaard = standaardtarief(gegevens.soort)
        if standaard is None:
            raise DossierFout(_("Voor deze soort interventie is er geen standaardtarief: vul het uurtarief in."),
                              "uurtarief")  # fmt: skip
        uurtarief = standaard.uurtarief
    if gegevens.leverancier is not None and gegevens.leverancier.type != OrganisatieType.LEVERANCIER:
        raise DossierFout(_("Kies een leverancier."), "leverancier")
    if gegevens.leverancier is None and not gegevens.leverancier_naam.strip():
        raise DossierFout(_("Kies een leverancier of vul de naam van de leverancier in."), "leverancier_naam")
    _controleer_interventie(gegevens.uren, uurtarief, gegevens.begindatum, gegevens.einddatum)
    return Interventie.objects.create(
        dossier=dossier,
        soort=gegevens.soort,
        omschrijving=gegevens.omschrijving.strip()[:200],
        leverancier=gegevens.leverancier,
        leverancier_naam="" if gegevens.leverancier is not None else gegevens.leverancier_naam.strip()[:200],
        uren=gegevens.uren,
        uurtarief=uurtarief,
        begindatum=gegevens.begindatum,
        einddatum=gegevens.einddatum,
        status=gegevens.status,
        vastgelegd_door=caller.gebruiker,
        vastgelegd_op=timezone.now(),
    )


@transaction.atomic
def wijzig_interventie(
    caller: Caller, interventie: Interventie, *, status: str, uren: Decimal, uurtarief: Decimal, einddatum: date | None
) -> Interventie:
    """Progress of an intervention: its status, the hours so far, the rate and the end date."""
    _eis_reintegratie(caller)
    interventie = Interventie.objects.select_for_update().get(pk=interventie.pk)
    _controleer_interventie(uren, uurtarief, interventie.begindatum, einddatum)
    interventie.status = status
    interventie.uren = uren
    interventie.uurtarief = uurtarief
    interventie.einddatum = einddatum
    interventie.gewijzigd_door = caller.gebruiker
    interventie.gewijzigd_op = timezone.now()
    interventie.save()
    return interventie


# --- medical compartment ------------------------------------------------------------------------


@transaction.atomic
def voeg_medische_notitie_toe(caller: Caller, dossier: Dossier, datum: date, tekst: str) -> MedischeNotitie:
    _eis_medisch(caller)
    _niet_in_de_toekomst(datum)
    if not tekst.strip():
        raise DossierFout(_("Schrijf de notitie."), "tekst")
    return MedischeNotitie.objects.create(
        dossier=dossier, datum=datum, tekst=tekst.strip(), auteur=caller.gebruiker, vastgelegd_op=timezone.now()
    )


def medische_notities(caller: Caller, dossier: Dossier) -> Sequence[MedischeNotitie]:
    """The notes with their content: only for ``medisch``."""
    _eis_medisch(caller)
    return list(dossier.medische_notities.select_related("auteur").order_by("-datum", "-id"))


def medische_notitiedata(dossier: Dossier) -> list[date]:
    """That notes exist, and when: what everyone with access to the dossier may see (never their content)."""
    return list(dossier.medische_notities.order_by("-datum", "-id").values_list("datum", flat=True))


# --- assignment ---------------------------------------------------------------------------------


def casemanagers_van(gemeente: Organisatie) -> list[Gebruiker]:
    """The active users of the gemeente who hold casemanagement: who a dossier can be assigned to."""
    return list(
        Gebruiker.objects.filter(organisatie=gemeente, is_active=True, machtigingen__code=Product.CASEMANAGEMENT)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def leveranciers() -> list[Organisatie]:
    return list(Organisatie.objects.filter(type=OrganisatieType.LEVERANCIER).order_by("naam"))


@transaction.atomic
def wijs_casemanager_toe(caller: Caller, dossier: Dossier, casemanager: Gebruiker | None) -> Dossier:
    if not mag_toewijzen(caller, dossier):
        raise GeenToegang(_("Alleen de gemeente van het dossier kan een casemanager toewijzen."))
    if casemanager is not None and casemanager not in casemanagers_van(dossier.gemeente):
        raise DossierFout(_("Kies een medewerker van de gemeente met de machtiging casemanagement."), "casemanager")
    dossier.casemanager = casemanager
    dossier.save(update_fields=["casemanager"])
    return dossier


@transaction.atomic
def wijs_leverancier_toe(caller: Caller, dossier: Dossier, leverancier: Organisatie | None) -> Dossier:
    """Share the dossier with a leverancier (arbodienst, re-integratiebedrijf), or stop sharing it."""
    if not mag_toewijzen(caller, dossier):
        raise GeenToegang(_("Alleen de gemeente van het dossier kan een leverancier toewijzen."))
    if leverancier is not None and leverancier.type != OrganisatieType.LEVERANCIER:
        raise DossierFout(_("Kies een organisatie van het type leverancier."), "leverancier")
    dossier.leverancier = leverancier
    dossier.leverancier_sinds = timezone.now() if leverancier is not None else None
    dossier.save(update_fields=["leverancier", "leverancier_sinds"])
    return dossier
