"""The auditor: compares what UWV, the hub and the gemeenten each recorded after a run.

Unlike the parties themselves, the auditor reads every party's tables. It checks that

- every claim whose LKS-toets said ``ja`` sent its ziek-uit-dienst melding, the hub accepted it
  for the same gemeente UWV was told, and that gemeente has exactly one dossier for the person;
- the gemeente the hub chose has the person in its own LKS register, in the toetsvenster;
- no claim without LKS reached the hub or a dossier, and no dossier exists without a melding;
- every ended benefit that had been reported reached the hub as einde_uitkering and closed the
  dossier on the same date, and no dossier is closed that the hub still holds open;
- every signal was published, and every published report was imported by its gemeente exactly once;
- no toets or melding is still waiting at UWV.

A difference names claims, meldingen, dossiers and reports by their ids and kenmerken, never by BSN.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from vangnet.domain.lks import toetsvenster
from vangnet.gemeente.dossiers.models import Dossier
from vangnet.gemeente.koppeling.constants import OphaalStatus
from vangnet.gemeente.koppeling.models import OpgehaaldRapport
from vangnet.gemeente.register.models import LksPeriode
from vangnet.hub.constants import MeldingType
from vangnet.hub.models import Melding, Signaal, Signaalrapport
from vangnet.uwv.constants import BerichtStatus, ClaimStatus, LksUitkomst, Meldingsoort
from vangnet.uwv.models import Hubbericht, Ziektewetclaim


@dataclass
class Ketencontrole:
    tellingen: dict[str, int] = field(default_factory=dict)
    verschillen: list[str] = field(default_factory=list)

    @property
    def klopt(self) -> bool:
        return not self.verschillen

    def tel(self, wat: str, aantal: int = 1) -> None:
        self.tellingen[wat] = self.tellingen.get(wat, 0) + aantal

    def verschil(self, tekst: str) -> None:
        self.verschillen.append(tekst)


class _RegisterPeriode(NamedTuple):
    begin: date
    einde: date | None
    gemeentecode: str = ""


def _lks_in_venster(perioden: list[tuple[date, date | None]], datum_einde_arbeidsverhouding: date) -> bool:
    """Whether one of a register's (begin, einde) periods overlaps the toetsvenster, by the hub's own rule."""
    venster = toetsvenster(datum_einde_arbeidsverhouding)
    return any(venster.overlaps(_RegisterPeriode(begin, einde)) for begin, einde in perioden)


def controleer_keten() -> Ketencontrole:
    uitkomst = Ketencontrole()
    claims = list(Ziektewetclaim.objects.select_related("uwv").order_by("pk"))
    berichten: dict[tuple[int, str], Hubbericht] = {(b.claim_id, b.soort): b for b in Hubbericht.objects.order_by("pk")}
    meldingen = list(Melding.objects.select_related("gemeente", "afzender").order_by("pk"))
    hub_per_kenmerk = {(m.afzender_id, m.kenmerk): m for m in meldingen}
    dossiers: dict[tuple[str, int], list[Dossier]] = defaultdict(list)
    for dossier in Dossier.objects.select_related("gemeente").order_by("pk"):
        dossiers[(dossier.bsn, dossier.gemeente_id)].append(dossier)
    register: dict[tuple[str, int], list[tuple[date, date | None]]] = defaultdict(list)
    for bsn, gemeente_id, begin, einde in LksPeriode.objects.values_list(
        "persoon__bsn", "persoon__gemeente_id", "begin", "einde"
    ):
        register[(bsn, gemeente_id)].append((begin, einde))

    in_een_register: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
    for (bsn, _gemeente), perioden in register.items():
        in_een_register[bsn] += perioden
    _controleer_uwv(uitkomst, claims, berichten, hub_per_kenmerk, {bsn for bsn, _gemeente in dossiers}, in_een_register)
    uwv_van = {claim.pk: claim.uwv_id for claim in claims}
    kenmerken_uwv = {(uwv_van[b.claim_id], b.kenmerk) for b in berichten.values()}
    _controleer_hub_en_dossiers(uitkomst, meldingen, kenmerken_uwv, dossiers, register)
    _controleer_rapporten(uitkomst)
    return uitkomst


def _controleer_uwv(
    uitkomst: Ketencontrole,
    claims: list[Ziektewetclaim],
    berichten: dict[tuple[int, str], Hubbericht],
    hub_per_kenmerk: dict[tuple[int, str], Melding],
    met_dossier: set[str],
    in_een_register: dict[str, list[tuple[date, date | None]]],
) -> None:
    for claim in claims:
        uitkomst.tel("claims")
        naam = f"claim {claim.uuid}"
        zud = berichten.get((claim.pk, Meldingsoort.ZIEK_UIT_DIENST))
        einde = berichten.get((claim.pk, Meldingsoort.EINDE_UITKERING))
        if claim.lks_betaald in (LksUitkomst.TE_TOETSEN, LksUitkomst.ONBEKEND) and claim.beoordeling != "afgewezen":
            uitkomst.verschil(f"{naam}: de LKS-toets is nog niet beantwoord ({claim.lks_betaald}).")
            continue
        if claim.lks_betaald != LksUitkomst.JA:
            uitkomst.tel("claims zonder LKS")
            if _lks_in_venster(in_een_register.get(claim.bsn, []), claim.datum_einde_arbeidsverhouding):
                # Not a difference: the chain's real loss when a gemeente does not deliver for DKD.
                uitkomst.tel("gemist: LKS in een register dat de hub niet kent")
            if zud is not None:
                uitkomst.verschil(f"{naam}: zonder LKS, maar er is een ziek-uit-dienstmelding gemaakt.")
            if claim.bsn in met_dossier:
                uitkomst.verschil(f"{naam}: zonder LKS, maar de persoon heeft een dossier bij een gemeente.")
            continue
        uitkomst.tel("claims met LKS")
        if zud is None:
            if claim.beoordeling != "afgewezen":
                uitkomst.verschil(f"{naam}: LKS ja, maar er is geen ziek-uit-dienstmelding gemaakt.")
            continue
        if zud.status != BerichtStatus.VERZONDEN:
            uitkomst.verschil(f"{naam}: ziek-uit-dienstmelding {zud.kenmerk} is {zud.status}, niet geaccepteerd.")
            continue
        melding = hub_per_kenmerk.get((claim.uwv_id, zud.kenmerk))
        if melding is None or melding.type != MeldingType.ZIEK_UIT_DIENST:
            uitkomst.verschil(f"{naam}: de hub kent ziek-uit-dienstmelding {zud.kenmerk} niet.")
            continue
        uitkomst.tel("ziek-uit-dienstmeldingen geaccepteerd")
        if not (melding.gemeente.gemeentecode == zud.gemeentecode == claim.lks_gemeentecode):
            uitkomst.verschil(
                f"{naam}: gemeente verschilt: hub {melding.gemeente.gemeentecode}, melding {zud.gemeentecode}, "
                f"LKS-toets {claim.lks_gemeentecode}."
            )
        if claim.status != ClaimStatus.BEEINDIGD:
            continue
        uitkomst.tel("uitkeringen beëindigd na melding")
        if einde is None or einde.status != BerichtStatus.VERZONDEN:
            status = einde.status if einde else "niet gemaakt"
            uitkomst.verschil(f"{naam}: de uitkering is beëindigd, maar de einde-uitkeringsmelding is {status}.")
            continue
        hub_einde = hub_per_kenmerk.get((claim.uwv_id, einde.kenmerk))
        if hub_einde is None or hub_einde.datum_einde_uitkeringsverhouding != claim.datum_einde_uitkering:
            uitkomst.verschil(f"{naam}: de hub kent einde-uitkeringsmelding {einde.kenmerk} niet met deze datum.")


def _controleer_hub_en_dossiers(
    uitkomst: Ketencontrole,
    meldingen: list[Melding],
    kenmerken_uwv: set[tuple[int, str]],
    dossiers: dict[tuple[str, int], list[Dossier]],
    register: dict[tuple[str, int], list[tuple[date, date | None]]],
) -> None:
    gemeld: set[tuple[str, int]] = set()
    ongepubliceerd = set(Signaal.objects.filter(rapport__isnull=True).values_list("melding_id", flat=True))
    for melding in meldingen:
        naam = f"melding {melding.kenmerk}"
        if (melding.afzender_id, melding.kenmerk) not in kenmerken_uwv:
            uitkomst.verschil(f"{naam}: staat bij de hub, maar UWV heeft hem niet verstuurd (dubbel of onbekend).")
        sleutel = (melding.bsn, melding.gemeente_id)
        if melding.pk in ongepubliceerd:
            uitkomst.verschil(f"{naam}: het signaal is nog niet gepubliceerd.")
            continue
        bij_gemeente = dossiers.get(sleutel, [])
        if melding.type == MeldingType.ZIEK_UIT_DIENST:
            gemeld.add(sleutel)
            if len(bij_gemeente) != 1:
                uitkomst.verschil(
                    f"{naam}: {len(bij_gemeente)} dossiers bij {melding.gemeente.gemeentecode} in plaats van één."
                )
            else:
                uitkomst.tel("dossiers geopend door een melding")
            assert melding.datum_einde_arbeidsverhouding is not None
            if not _lks_in_venster(register.get(sleutel, []), melding.datum_einde_arbeidsverhouding):
                uitkomst.verschil(
                    f"{naam}: {melding.gemeente.gemeentecode} heeft de persoon niet met LKS in het toetsvenster "
                    "in haar eigen register (verkeerde gemeente)."
                )
        else:
            uitkomst.tel("einde-uitkeringsmeldingen")
            gesloten = [d for d in bij_gemeente if d.datum_einde_uitkering == melding.datum_einde_uitkeringsverhouding]
            if len(gesloten) != 1:
                code = melding.gemeente.gemeentecode
                uitkomst.verschil(f"{naam}: het dossier bij {code} is niet op die datum gesloten.")
            else:
                uitkomst.tel("dossiers gesloten door een melding")
    open_bij_hub = {(m.bsn, m.gemeente_id) for m in meldingen if m.is_open}
    for sleutel, lijst in sorted(dossiers.items(), key=lambda item: item[1][0].pk):
        for dossier in lijst:
            if sleutel not in gemeld:
                uitkomst.verschil(f"dossier {dossier.uuid}: geen ziek-uit-dienstmelding van de hub voor deze persoon.")
            elif dossier.datum_einde_uitkering is not None and sleutel in open_bij_hub:
                uitkomst.verschil(f"dossier {dossier.uuid}: gesloten, maar de hub heeft geen einde-uitkeringsmelding.")


def _controleer_rapporten(uitkomst: Ketencontrole) -> None:
    rapporten = {
        (r.gemeente_id, r.uuid): r
        for r in Signaalrapport.objects.filter(verwijderd_op__isnull=True).select_related("gemeente").order_by("pk")
    }
    opgehaald = Counter(OpgehaaldRapport.objects.values_list("gemeente_id", "rapport"))
    status = dict(((g, r), s) for g, r, s in OpgehaaldRapport.objects.values_list("gemeente_id", "rapport", "status"))
    for sleutel, rapport in rapporten.items():
        uitkomst.tel("rapporten gepubliceerd")
        naam = f"rapport {rapport.bestandsnaam} ({rapport.uuid})"
        if opgehaald[sleutel] != 1:
            uitkomst.verschil(f"{naam}: {opgehaald[sleutel]} keer ingelezen door {rapport.gemeente.gemeentecode}.")
        elif status[sleutel] not in (OphaalStatus.INGELEZEN, OphaalStatus.AL_INGELEZEN):
            uitkomst.verschil(f"{naam}: niet ingelezen ({status[sleutel]}).")
        else:
            uitkomst.tel("rapporten ingelezen")
    for sleutel in sorted(set(opgehaald) - set(rapporten), key=str):
        uitkomst.verschil(f"opgehaald rapport {sleutel[1]}: de hub kent het niet (meer).")
