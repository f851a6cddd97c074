"""A small run of the chain for the demo: deliveries, meldingen from UWV, published and imported reports.

Everything goes through the services behind the APIs, so the demo shows what the chain
stores: Utrecht and Amsterdam deliver their LKS persons, UWV reports some of them ill out
of service (and one recovered), the hub publishes the signaalrapporten, and each gemeente
imports its report into dossiers.
"""

import io
from datetime import date, timedelta

from vangnet.domain.bsn import synthetic_bsns
from vangnet.domain.verzamelbestand import Bron, Kop, Persoon, Relatie, Voorziening, schrijf_verzamelbestand
from vangnet.gemeente.signalen import importeer_signaalrapport
from vangnet.hub.constants import Cluster, Kanaal, RedenEindeUitkering
from vangnet.hub.dkd.ingest import Afzender, lever_aan
from vangnet.hub.signalen.meldingen import EindeUitkering, ZiekUitDienst, ontvang
from vangnet.hub.signalen.publicatie import publiceer_signaalrapporten
from vangnet.organisations.models import Organisatie
from vangnet.organisations.scoping import Caller

PERSONEN_PER_GEMEENTE = 40
ZIEK_PER_GEMEENTE = 4


def speel_keten_na(vandaag: date, uwv: Caller) -> int:
    """Returns the number of reports published."""
    bsns = synthetic_bsns(2 * PERSONEN_PER_GEMEENTE, start=100)
    gemeenten = [Organisatie.objects.get(gemeentecode=code) for code in ("GM0344", "GM0363")]
    per_gemeente = {g.pk: [next(bsns) for _ in range(PERSONEN_PER_GEMEENTE)] for g in gemeenten}
    for gemeente in gemeenten:
        _lever(gemeente, per_gemeente[gemeente.pk], vandaag)
    for gemeente in gemeenten:
        for n, bsn in enumerate(per_gemeente[gemeente.pk][:ZIEK_PER_GEMEENTE]):
            einde_dienst = vandaag - timedelta(days=20 + 9 * n)
            ontvang(uwv, ZiekUitDienst(f"DEMO-{bsn}-ZUD", bsn, einde_dienst, einde_dienst - timedelta(days=12)))
            if n == 0:
                ontvang(
                    uwv,
                    EindeUitkering(
                        f"DEMO-{bsn}-EU", bsn, vandaag - timedelta(days=2), RedenEindeUitkering.BETERMELDING
                    ),
                )
    rapporten = publiceer_signaalrapporten(vandaag)
    for rapport in rapporten:
        # The klantmanager's step: the downloaded CSV uploaded into the gemeente's dossiers.
        importeer_signaalrapport(rapport.gemeente, bytes(rapport.inhoud), rapport.bestandsnaam, "upload")
    return len(rapporten)


def _lever(gemeente: Organisatie, bsns: list[str], vandaag: date) -> None:
    code = gemeente.gemeentecode or ""
    relaties = (Relatie(bron=Bron(cd_kolom=3, cd_partij=code[2:])),)
    voorziening = (Voorziening(relatie=0, begin=date(vandaag.year - 1, 1, 1), einde=None, cd_type="05",
                               perc_loonwaarde="+06000", is_lks=True),)  # fmt: skip
    mensen = [
        Persoon(positie=i + 1, bsn=bsn, achternaam="Demopersoon", relaties=relaties, voorzieningen=voorziening)
        for i, bsn in enumerate(bsns)
    ]
    bestand = io.BytesIO()
    schrijf_verzamelbestand(
        bestand, Kop(code, vandaag, 1, "GSDDossierReintegratie-v0200", Cluster.REINTEGRATIE), mensen
    )
    bestand.seek(0)
    lever_aan(Afzender(gemeente, Kanaal.CLI), bestand)
