"""The aanlevermonitor's rules: from the facts about one gemeente's DKD delivery to one status.

Each rule is written out in docs/aanlevermonitor.md; the numbers live here, once.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    TE_LAAT = "te_laat"
    ONVOLLEDIG = "onvolledig"
    FOUTIEF = "foutief"
    ONBEREIKBAAR = "onbereikbaar"


STATUS_LABELS = {
    Status.OK: "In orde",
    Status.TE_LAAT: "Te laat",
    Status.ONVOLLEDIG: "Onvolledig",
    Status.FOUTIEF: "Foutief",
    Status.ONBEREIKBAAR: "Onbereikbaar",
}

# When several rules apply the most urgent status is shown; every reason is listed.
PRIORITEIT = (Status.ONBEREIKBAAR, Status.TE_LAAT, Status.ONVOLLEDIG, Status.FOUTIEF, Status.OK)

INTERVAL_DAGEN = {"wekelijks": 7, "maandelijks": 31}
RESPIJT_DAGEN = {"wekelijks": 3, "maandelijks": 5}
KRIMP_DREMPEL = 0.5  # the index or the delivery lost half or more of its persons
KRIMP_MINIMUM = 10  # ... measured only against a previous set of at least this many persons
AFKEUR_DREMPEL = 5.0  # percent of the persons in the last accepted file
FAAL_DREMPEL = 20.0  # percent of webservice calls over the last 7 days
FAAL_MINIMUM_AANROEPEN = 5
FAAL_VENSTER = timedelta(days=7)


@dataclass(frozen=True)
class Aanleverfeiten:
    """What the hub knows about one gemeente, at `nu`."""

    nu: datetime
    methode: str  # "verzamelbestand" or "webservice"
    frequentie: str  # "wekelijks" or "maandelijks"
    laatste_verwerkt_op: datetime | None = None
    laatste_geaccepteerd: int = 0
    laatste_afkeurpercentage: float = 0.0
    vorige_geaccepteerd: int | None = None
    laatste_poging_geweigerd: bool = False
    verwijsindex_aantal: int = 0
    verwijsindex_vorig_aantal: int | None = None  # webservice: the size before the last full replacement
    verwijsindex_bijgewerkt_op: datetime | None = None
    aanroepen_7d: int = 0
    mislukt_7d: int = 0
    laatste_aanroepen_mislukt: bool = False  # the last three calls all failed


@dataclass(frozen=True)
class Beoordeling:
    status: Status
    redenen: tuple[str, ...] = field(default=())

    @property
    def nooit_aangeleverd(self) -> bool:
        return any(reden.startswith("Nog nooit") for reden in self.redenen)


def termijn(frequentie: str) -> timedelta:
    """How long after the last delivery the next one is late: the interval plus a few days' grace."""
    return timedelta(days=INTERVAL_DAGEN[frequentie] + RESPIJT_DAGEN[frequentie])


def faalpercentage(feiten: Aanleverfeiten) -> float:
    return 100.0 * feiten.mislukt_7d / feiten.aanroepen_7d if feiten.aanroepen_7d else 0.0


def beoordeel(feiten: Aanleverfeiten) -> Beoordeling:
    gevonden: dict[Status, list[str]] = {}
    for status, reden in (*_onbereikbaar(feiten), *_te_laat(feiten), *_onvolledig(feiten), *_foutief(feiten)):
        gevonden.setdefault(status, []).append(reden)
    if not gevonden:
        return Beoordeling(Status.OK)
    status = next(s for s in PRIORITEIT if s in gevonden)
    redenen = tuple(reden for s in PRIORITEIT for reden in gevonden.get(s, []))
    return Beoordeling(status, redenen)


def _webservice(feiten: Aanleverfeiten) -> bool:
    return feiten.methode == "webservice"


def _laatste_levering(feiten: Aanleverfeiten) -> datetime | None:
    """A batch gemeente delivers files; a webservice gemeente delivers its verwijsindex."""
    return feiten.verwijsindex_bijgewerkt_op if _webservice(feiten) else feiten.laatste_verwerkt_op


def _onbereikbaar(feiten: Aanleverfeiten) -> list[tuple[Status, str]]:
    if not _webservice(feiten):
        return []
    redenen = []
    if feiten.aanroepen_7d >= FAAL_MINIMUM_AANROEPEN and faalpercentage(feiten) > FAAL_DREMPEL:
        redenen.append((Status.ONBEREIKBAAR, f"{faalpercentage(feiten):.0f}% van de aanroepen in 7 dagen mislukte."))
    if feiten.laatste_aanroepen_mislukt:
        redenen.append((Status.ONBEREIKBAAR, "De laatste drie aanroepen van de webservice mislukten."))
    return redenen


def _te_laat(feiten: Aanleverfeiten) -> list[tuple[Status, str]]:
    laatste = _laatste_levering(feiten)
    wat = "verwijsindex" if _webservice(feiten) else "verzamelbestand"
    if laatste is None:
        return [(Status.TE_LAAT, f"Nog nooit een {wat} aangeleverd.")]
    if not _webservice(feiten) and feiten.nu - laatste > termijn(feiten.frequentie):
        dagen = (feiten.nu - laatste).days
        return [(Status.TE_LAAT, f"Laatste {wat} is {dagen} dagen oud ({feiten.frequentie} verwacht).")]
    return []


def _gekrompen(nu_aantal: int, vorig_aantal: int | None) -> bool:
    return vorig_aantal is not None and vorig_aantal >= KRIMP_MINIMUM and nu_aantal <= vorig_aantal * KRIMP_DREMPEL


def _onvolledig(feiten: Aanleverfeiten) -> list[tuple[Status, str]]:
    redenen = []
    if _webservice(feiten):
        bijgewerkt = feiten.verwijsindex_bijgewerkt_op
        if bijgewerkt is not None and feiten.nu - bijgewerkt > termijn(feiten.frequentie):
            redenen.append(
                f"De verwijsindex is {(feiten.nu - bijgewerkt).days} dagen niet bijgewerkt "
                f"({feiten.frequentie} verwacht)."
            )
        if _gekrompen(feiten.verwijsindex_aantal, feiten.verwijsindex_vorig_aantal):
            redenen.append(
                f"De verwijsindex kromp van {feiten.verwijsindex_vorig_aantal} naar {feiten.verwijsindex_aantal} BSN's."
            )
    else:
        if _gekrompen(feiten.laatste_geaccepteerd, feiten.vorige_geaccepteerd):
            redenen.append(
                f"De laatste aanlevering kromp van {feiten.vorige_geaccepteerd} naar "
                f"{feiten.laatste_geaccepteerd} personen."
            )
        if feiten.laatste_verwerkt_op is not None and feiten.verwijsindex_aantal < feiten.laatste_geaccepteerd:
            redenen.append("De verwijsindex bevat minder BSN's dan de laatste aanlevering.")
    return [(Status.ONVOLLEDIG, reden) for reden in redenen]


def _foutief(feiten: Aanleverfeiten) -> list[tuple[Status, str]]:
    redenen = []
    if feiten.laatste_verwerkt_op is not None and feiten.laatste_afkeurpercentage > AFKEUR_DREMPEL:
        redenen.append(f"{feiten.laatste_afkeurpercentage:.1f}% van de records in de laatste aanlevering is afgekeurd.")
    if feiten.laatste_poging_geweigerd:
        redenen.append("De laatste aanlevering is als geheel geweigerd.")
    return [(Status.FOUTIEF, reden) for reden in redenen]
