"""Delivering the register to the hub: one service behind the command and the portal button.

Each attempt is recorded as a DkdLevering, whatever its outcome. The steps:

1. take the next volgnummer: ``laatste_volgnummer`` of the gemeente's koppeling, raised under a
   row lock. Every attempt takes a new number: an attempt whose answer was lost may have been
   processed, and the hub answers the same number with its first result;
2. write the verzamelbestand to a temporary file and validate it against the XSD; an invalid file
   is never sent;
3. POST it to ``/api/v1/dkd/aanleveringen`` and record the hub's answer: 201 accepted, 200 the
   same volgnummer was processed before, 4xx refused with the hub's reason, anything else failed.
   When the hub had used the number for another file (a manual upload with a higher volgnummer
   answers 409 ``volgnummer_te_laag``, one with the same number 200 with another file's hash), the
   gemeente asks the hub for the highest volgnummer it processed, takes the next one and sends
   the file again, once. So a number used elsewhere is never reused, without a question to the
   hub before every delivery.

With ``alleen_bestand`` the file is written to that path instead of sent (and takes a number too,
so a later delivery never collides with it). An empty register is not sent unless ``leeg_toestaan``:
the hub would replace everything it holds for the gemeente with nothing.
"""

import hashlib
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO
from uuid import UUID

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.gemeente.koppeling.constants import LeveringStatus
from vangnet.gemeente.koppeling.hubclient import HubAntwoord, HubClient, HubFout, foutmelding
from vangnet.gemeente.koppeling.models import DkdLevering, GemeenteKoppeling
from vangnet.gemeente.register.verzamelbestand import XsdNietGevonden, schrijf_register, valideer_tegen_xsd
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Gebruiker, Organisatie

GEHEUGEN_BYTES = 8 * 1024 * 1024
"""A file up to this size stays in memory; a larger one goes to a temporary file."""


class LeveringNietMogelijk(Exception):
    pass


def volgend_volgnummer(gemeente: Organisatie, bij_de_hub: int = 0) -> int:
    """The next Volgnummer of the gemeente: above its own last and above the hub's."""
    koppeling = GemeenteKoppeling.objects.filter(gemeente=gemeente)
    volgende = Greatest(F("laatste_volgnummer"), Value(bij_de_hub)) + 1
    with transaction.atomic():
        # The UPDATE locks the row, so two deliveries at once never get the same number.
        if not koppeling.update(laatste_volgnummer=volgende):
            GemeenteKoppeling.objects.get_or_create(gemeente=gemeente)
            koppeling.update(laatste_volgnummer=volgende)
        return koppeling.values_list("laatste_volgnummer", flat=True).get()


def lever_register_aan(
    gemeente: Organisatie,
    *,
    kanaal: str,
    door: Gebruiker | None = None,
    alleen_bestand: Path | None = None,
    client: HubClient | None = None,
    vandaag: date | None = None,
    leeg_toestaan: bool = False,
) -> DkdLevering:
    """Build, check and send (or only write) the gemeente's verzamelbestand; the recorded attempt."""
    if gemeente.type != OrganisatieType.GEMEENTE or not gemeente.gemeentecode:
        raise LeveringNietMogelijk(_("Alleen een gemeente levert haar LKS-register aan."))
    levering = DkdLevering.objects.create(
        gemeente=gemeente, gestart_op=timezone.now(), kanaal=kanaal, door=door, status=LeveringStatus.MISLUKT
    )
    eigen_client = client is None and alleen_bestand is None
    try:
        if alleen_bestand is None:
            client = client or HubClient.voor(gemeente)
        levering.volgnummer = volgend_volgnummer(gemeente)
        dag = vandaag or timezone.localdate()
        antwoord = _schrijf_en_verstuur(levering, gemeente, dag, client, alleen_bestand, leeg_toestaan)
        if client is not None and antwoord is not None and _nummer_elders_gebruikt(levering, antwoord):
            levering.volgnummer = volgend_volgnummer(gemeente, client.laatste_volgnummer())
            antwoord = _schrijf_en_verstuur(levering, gemeente, dag, client, alleen_bestand, leeg_toestaan)
        if client is not None and antwoord is not None:
            _verwerk_antwoord(levering, client, antwoord)
    except HubFout as fout:
        levering.status = LeveringStatus.MISLUKT
        levering.http_status = fout.status_code
        levering.melding = fout.melding
    except (XsdNietGevonden, OSError) as fout:
        levering.status = LeveringStatus.MISLUKT
        levering.melding = str(fout)
    finally:
        if eigen_client and client is not None:
            client.close()
        levering.afgerond_op = timezone.now()
        levering.save()
    return levering


def _schrijf_en_verstuur(
    levering: DkdLevering,
    gemeente: Organisatie,
    dag: date,
    client: HubClient | None,
    alleen_bestand: Path | None,
    leeg_toestaan: bool,
) -> HubAntwoord | None:
    """Write and check the file with the levering's volgnummer; send it, or write it to
    ``alleen_bestand``. The hub's answer, or None when nothing was sent (the reason is on the levering)."""
    with tempfile.SpooledTemporaryFile(max_size=GEHEUGEN_BYTES) as bestand:
        _schrijf(levering, gemeente, bestand, dag)  # type: ignore[arg-type]
        fouten = valideer_tegen_xsd(bestand)  # type: ignore[arg-type]
        if fouten:
            levering.melding = _("Het bestand voldoet niet aan het XSD en is niet verstuurd: ") + "; ".join(fouten)
        elif levering.aantal_personen == 0 and alleen_bestand is None and not leeg_toestaan:
            levering.melding = _(
                "Het register heeft geen personen met een LKS-periode; een leeg bestand zou alles bij de hub "
                "wissen en is niet verstuurd."
            )
        elif alleen_bestand is not None:
            bestand.seek(0)
            with alleen_bestand.open("wb") as uit:
                shutil.copyfileobj(bestand, uit)
            levering.status = LeveringStatus.ALLEEN_BESTAND
        else:
            assert client is not None
            return client.lever_aan(bestand, levering.bestandsgrootte)  # type: ignore[arg-type]
    return None


def _nummer_elders_gebruikt(levering: DkdLevering, antwoord: HubAntwoord) -> bool:
    """Whether the hub refused the volgnummer as used (below its highest) or answered it with
    another file than this one."""
    if antwoord.status_code == 409:
        return antwoord.body.get("code") == "volgnummer_te_laag"
    return antwoord.status_code == 200 and antwoord.body.get("bestand_sha256") != levering.bestand_sha256


def _schrijf(levering: DkdLevering, gemeente: Organisatie, bestand: BinaryIO, aanmaakdatum: date) -> None:
    assert levering.volgnummer is not None
    inhoud = schrijf_register(gemeente, bestand, levering.volgnummer, aanmaakdatum)
    levering.aantal_personen = inhoud.aantal_personen
    levering.aantal_perioden = inhoud.aantal_perioden
    bestand.seek(0)
    hasher = hashlib.sha256()
    while blok := bestand.read(1 << 16):
        hasher.update(blok)
    levering.bestand_sha256 = hasher.hexdigest()
    levering.bestandsgrootte = bestand.tell()


def _verwerk_antwoord(levering: DkdLevering, client: HubClient, antwoord: HubAntwoord) -> None:
    body: dict[str, Any] = antwoord.body
    levering.http_status = antwoord.status_code
    if antwoord.status_code in (200, 201):
        levering.status = LeveringStatus.GEACCEPTEERD if antwoord.status_code == 201 else LeveringStatus.HERHAALD
        levering.hub_aanlevering = _uuid(body.get("id"))
        levering.hub_status = str(body.get("status") or "")[:20]
        levering.aantal_geaccepteerd = _getal(body.get("aantal_geaccepteerd"))
        levering.aantal_afgekeurd = _getal(body.get("aantal_afgekeurd"))
        links = body.get("links")
        if isinstance(links, dict) and isinstance(links.get("terugmelding"), str):
            levering.terugmelding_url = client.absoluut(links["terugmelding"])[:300]
        if antwoord.status_code == 200:
            levering.melding = _("De hub had dit volgnummer al verwerkt en gaf het eerste resultaat terug.")
        return
    levering.status = LeveringStatus.GEWEIGERD if 400 <= antwoord.status_code < 500 else LeveringStatus.MISLUKT
    levering.melding = foutmelding(antwoord.status_code, body)
    levering.hub_aanlevering = _uuid(body.get("aanlevering"))
    levering.hub_status = str(body.get("code") or "")[:20]


def _uuid(waarde: object) -> UUID | None:
    try:
        return UUID(str(waarde)) if waarde else None
    except ValueError:
        return None


def _getal(waarde: object) -> int | None:
    return waarde if isinstance(waarde, int) and waarde >= 0 else None
