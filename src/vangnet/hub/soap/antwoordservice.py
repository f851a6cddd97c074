"""The hub's answer to GSDReintegratieInfo: what the DKD holds on one person, from every gemeente.

Two sources, as for the LKS-toets: the persons in the current deliveries of batch gemeenten
(DkdPersoon with their DkdVoorziening rows), and the webservice gemeenten that the
verwijsindex names for the BSN, each asked through the same call as the toets makes
(``toets.raadpleeg_webservices``: recorded, with time-outs, retries and circuit breaker).
A person known at several gemeenten is one ClientSuwi with an AtlRelatie per gemeente.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings

from vangnet.domain.verzamelbestand import Bron, Persoon, Relatie, Voorziening
from vangnet.hub.constants import Uitkomst
from vangnet.hub.models import DkdPersoon, DkdVoorziening
from vangnet.hub.signalen.toets import raadpleeg_webservices
from vangnet.organisations.models import Organisatie
from vangnet.suwiml.berichten import FwiMelding
from vangnet.suwiml.reintegratie import Antwoord, persoon_uit_perioden, samenvoegen

CODE_ONBEREIKBAAR = "VN-ONBEREIKBAAR"
CODE_NIET_BESCHIKBAAR = "VN-NIET-BESCHIKBAAR"


@dataclass
class Reintegratieinfo:
    """The persons found (one per source gemeente) and the gemeenten whose webservice did not answer."""

    personen: list[Persoon] = field(default_factory=list)
    onbereikbaar: list[str] = field(default_factory=list)

    def antwoord(self) -> Antwoord:
        """The GSDReintegratieInfoResponse: data with a warning when a source failed, an FWI fault without data."""
        dn = settings.VANGNET_SOAP_BRON_DN
        if self.onbereikbaar:
            gemeenten = ", ".join(self.onbereikbaar)
            if self.personen:
                waarschuwing = FwiMelding(
                    CODE_ONBEREIKBAAR,
                    f"De webservice van {gemeenten} gaf geen antwoord; de gegevens kunnen onvolledig zijn.",
                    dn,
                    soort="Waarschuwing",
                )
                return Antwoord(persoon=samenvoegen(self.personen), meldingen=(waarschuwing,))
            fout = FwiMelding(
                CODE_NIET_BESCHIKBAAR,
                f"De webservice van {gemeenten} gaf geen antwoord; probeer het later opnieuw.",
                dn,
            )
            return Antwoord(meldingen=(fout,))
        if self.personen:
            return Antwoord(persoon=samenvoegen(self.personen))
        return Antwoord(niets_gevonden=True)


def reintegratie_info(bsn: str) -> Reintegratieinfo:
    info = Reintegratieinfo(personen=batch_personen(bsn))
    for gemeentecode, antwoord in raadpleeg_webservices(bsn):
        if not antwoord.geslaagd:
            info.onbereikbaar.append(gemeentecode)
            continue
        if antwoord.uitkomst != Uitkomst.OK:
            continue
        persoon = getattr(antwoord, "persoon", None)
        if isinstance(persoon, Persoon):
            info.personen.append(persoon)
        elif antwoord.perioden:
            info.personen.append(persoon_uit_perioden(bsn, gemeentecode, antwoord.perioden))
    return info


def batch_personen(bsn: str) -> list[Persoon]:
    """The person in each batch gemeente's current delivery, ordered by gemeentecode."""
    rijen = list(DkdPersoon.objects.filter(bsn=bsn))
    if not rijen:
        return []
    codes = dict(Organisatie.objects.filter(pk__in={r.gemeente_id for r in rijen}).values_list("pk", "gemeentecode"))
    voorzieningen: dict[tuple[int, int], list[DkdVoorziening]] = {}
    for v in DkdVoorziening.objects.filter(aanlevering_id__in={r.aanlevering_id for r in rijen}, bsn=bsn).order_by(
        "aanlevering_id", "positie", "id"
    ):
        voorzieningen.setdefault((v.aanlevering_id, v.positie), []).append(v)
    rijen.sort(key=lambda r: (codes.get(r.gemeente_id) or "", r.positie))
    return [_persoon(r, voorzieningen.get((r.aanlevering_id, r.positie), [])) for r in rijen]


def _persoon(rij: DkdPersoon, voorzieningen: list[DkdVoorziening]) -> Persoon:
    relaties = json.loads(rij.relaties) if isinstance(rij.relaties, str) else rij.relaties
    return Persoon(
        positie=1,
        bsn=rij.bsn,
        voornamen=rij.voornamen or None,
        voorletters=rij.voorletters or None,
        voorvoegsel=rij.voorvoegsel or None,
        achternaam=rij.achternaam or None,
        geslacht=rij.geslacht or None,
        geboortedat=rij.geboortedat or None,
        bron=Bron(rij.bron_kolom, rij.bron_partij, rij.bron_vestiging or None) if rij.bron_kolom is not None else None,
        relaties=tuple(
            Relatie(
                Bron(r["bron"]["cd_kolom"], r["bron"]["cd_partij"], r["bron"]["cd_vestiging"]),
                r["cd_arbeidsvermogen"],
                r["cd_doel_rv"],
            )
            for r in relaties
        ),
        voorzieningen=tuple(
            Voorziening(
                relatie=v.relatie,
                begin=v.begin,
                einde=v.einde,
                registratienr=v.registratienr or None,
                cd_type=v.cd_type or None,
                omschrijving=v.omschrijving or None,
                perc_loonwaarde=v.perc_loonwaarde if v.is_lks else None,
                is_lks=v.is_lks,
            )
            for v in voorzieningen
        ),
    )
