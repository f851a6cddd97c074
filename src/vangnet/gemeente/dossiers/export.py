"""The dossier as rows for a CSV download (vangnet.portal.csv streams them).

Typed rows first, bytes later: tests assert on these rows. The medical compartment is exported in
full only for a caller with ``medisch``; anyone else gets one row per note with its date and no
content, as on the dossier page.
"""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.interventies import bedrag
from vangnet.domain.signaalrapport import datum_cel
from vangnet.gemeente.dossiers.constants import TaakStatus
from vangnet.gemeente.dossiers.models import Dossier, Termijnwijziging
from vangnet.gemeente.dossiers.services import mag_medisch, medische_notitiedata, medische_notities
from vangnet.organisations.models import Gebruiker
from vangnet.organisations.scoping import Caller

KOP = ("Onderdeel", "Datum", "Omschrijving", "Status", "Details", "Door")
Rij = tuple[str, str, str, str, str, str]
ALLEEN_VOOR_ARTSEN = "Inhoud alleen voor gebruikers met de machtiging medisch."


def _datum(waarde: date | datetime | None) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, datetime):
        return datum_cel(timezone.localdate(waarde))
    return datum_cel(waarde)


def _naam(gebruiker: Gebruiker | None) -> str:
    return "" if gebruiker is None else gebruiker.get_full_name() or gebruiker.username


def dossier_export(caller: Caller, dossier: Dossier) -> tuple[tuple[str, ...], list[Rij]]:
    return KOP, list(_rijen(caller, dossier))


def _rijen(caller: Caller, dossier: Dossier) -> Iterator[Rij]:
    vandaag = timezone.localdate()
    yield ("Dossier", _datum(dossier.geopend_op), "BSN", str(dossier.get_status_display()), dossier.bsn, "")
    yield ("Dossier", _datum(dossier.datum_eerste_ao_dag), "Eerste AO-dag", "", "", "")
    yield ("Dossier", _datum(dossier.datum_einde_arbeidsverhouding), "Einde arbeidsverhouding (overname)", "", "", "")
    if dossier.datum_einde_uitkering:
        yield ("Dossier", _datum(dossier.datum_einde_uitkering), "Einde uitkering", "", "", "")
    for taak in dossier.taken.select_related("gedaan_door", "document").order_by("uiterlijk", "id"):
        details = [taak.toelichting]
        if taak.gedaan_op:
            details.append(_("gedaan op %(datum)s") % {"datum": _datum(taak.gedaan_op)})
        if taak.document:
            details.append(_("document: %(naam)s") % {"naam": taak.document.bestandsnaam})
        if taak.verslag:
            details.append(taak.verslag)
        status = TaakStatus(taak.status_op(vandaag)).label
        yield ("Taak", _datum(taak.uiterlijk), taak.omschrijving, str(status), " | ".join(d for d in details if d),
               _naam(taak.gedaan_door))  # fmt: skip
    for wijziging in Termijnwijziging.objects.filter(taak__dossier=dossier).select_related("taak", "door"):
        yield (
            "Termijnwijziging",
            _datum(wijziging.op),
            wijziging.taak.omschrijving,
            "",
            f"{_datum(wijziging.oud_uiterlijk)} -> {_datum(wijziging.nieuw_uiterlijk)}: {wijziging.motivatie}",
            _naam(wijziging.door),
        )
    for document in dossier.documenten.select_related("geupload_door"):
        yield ("Document", _datum(document.geupload_op), str(document.get_soort_display()), "",
               document.bestandsnaam, _naam(document.geupload_door))  # fmt: skip
    for contact in dossier.contactmomenten.select_related("vastgelegd_door"):
        yield ("Contactmoment", _datum(contact.datum), f"{contact.get_kanaal_display()} met {contact.met_wie}", "",
               contact.samenvatting, _naam(contact.vastgelegd_door))  # fmt: skip
    totaal = Decimal("0.00")
    for interventie in dossier.interventies.select_related("leverancier", "vastgelegd_door"):
        totaal += interventie.kosten
        berekening = (
            f"{interventie.leverancier_weergave}; {interventie.uren} uur à {bedrag(interventie.uurtarief)} euro = "
            f"{bedrag(interventie.kosten)} euro"
        )
        yield ("Interventie", _datum(interventie.begindatum), str(interventie.get_soort_display()),
               str(interventie.get_status_display()), berekening, _naam(interventie.vastgelegd_door))  # fmt: skip
    yield ("Kosten", "", "Totale kosten interventies", "", f"{bedrag(totaal)} euro", "")
    if mag_medisch(caller):
        for notitie in medische_notities(caller, dossier):
            yield ("Medische notitie", _datum(notitie.datum), "", "", notitie.tekst, _naam(notitie.auteur))
    else:
        for datum in medische_notitiedata(dossier):
            yield ("Medische notitie", _datum(datum), "", "", ALLEEN_VOOR_ARTSEN, "")
