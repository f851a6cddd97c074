"""The LKS-toets: did a gemeente pay loonkostensubsidie in the two years before the end of employment?

UWV asks it for one person or for up to 10,000 at once. The answer combines the current
batch deliveries (DkdVoorziening rows marked LKS) with the webservice gemeenten that the
verwijsindex names for the BSN, which are asked one by one. When a webservice gemeente does
not answer, the toets cannot say ``nee`` and does not guess the gemeente: it answers
``onbekend`` with the reason and when to ask again, and reports the periods it did find.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import overload

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.lks import LksPeriode, Toetsvenster, responsible_gemeente, toetsvenster
from vangnet.hub.constants import Bronsoort, LksBetaald
from vangnet.hub.dkd.webservice import WebserviceAntwoord, opnieuw_na, raadpleeg
from vangnet.hub.models import DkdPersoon, DkdVoorziening, Verwijsindex
from vangnet.organisations.gemeentelijst import gemeente_per_id

MAX_TOETSEN = 10_000
_CHUNK = 2_000  # BSNs per query: well below SQLite's limit on parameters


@dataclass(frozen=True)
class Toetsvraag:
    bsn: str
    datum_einde_arbeidsverhouding: date


@dataclass(frozen=True)
class GevondenPeriode:
    periode: LksPeriode
    bron: Bronsoort


@dataclass
class Toetsuitkomst:
    vraag: Toetsvraag
    venster: Toetsvenster
    lks_betaald: LksBetaald
    gemeentecode: str | None = None
    perioden: list[GevondenPeriode] = field(default_factory=list)
    reden: str = ""
    opnieuw_na: datetime | None = None


_BATCH, _WEBSERVICE = Bronsoort.BATCH, Bronsoort.WEBSERVICE  # enum member look-ups are slow in a hot loop
_JA, _NEE, _ONBEKEND = LksBetaald.JA, LksBetaald.NEE, LksBetaald.ONBEKEND


def toets(vragen: Sequence[Toetsvraag]) -> list[Toetsuitkomst]:
    """One uitkomst per vraag, in the same order."""
    batch, webservice = _bronnen(sorted({v.bsn for v in vragen}))
    antwoorden: dict[tuple[str, int], tuple[bool, list[LksPeriode]]] = {}
    uitkomsten = []
    for vraag in vragen:
        gevonden = [GevondenPeriode(periode, _BATCH) for periode in batch.get(vraag.bsn, ())]
        onbereikbaar: list[str] = []
        for gemeente_id in webservice.get(vraag.bsn, ()):
            key = (vraag.bsn, gemeente_id)
            if key not in antwoorden:
                antwoorden[key] = _vraag_gemeente(gemeente_id, vraag.bsn)
            geslaagd, perioden = antwoorden[key]
            code = gemeente_per_id(gemeente_id).code
            if not geslaagd:
                onbereikbaar.append(code)
            gevonden.extend(GevondenPeriode(LksPeriode(code, p.begin, p.einde), _WEBSERVICE) for p in perioden)
        uitkomsten.append(_uitkomst(vraag, gevonden, onbereikbaar))
    return uitkomsten


def _uitkomst(vraag: Toetsvraag, gevonden: list[GevondenPeriode], onbereikbaar: list[str]) -> Toetsuitkomst:
    venster = toetsvenster(vraag.datum_einde_arbeidsverhouding)
    in_venster = [g for g in gevonden if venster.overlaps(g.periode)]
    if len(in_venster) > 1:
        in_venster.sort(key=lambda g: (g.periode.begin, g.periode.gemeentecode))
    if onbereikbaar:
        return Toetsuitkomst(
            vraag,
            venster,
            _ONBEKEND,
            perioden=in_venster,
            reden=_("De webservice van %(gemeenten)s gaf geen antwoord.") % {"gemeenten": ", ".join(onbereikbaar)},
            opnieuw_na=timezone.now() + opnieuw_na(),
        )
    if not in_venster:
        return Toetsuitkomst(vraag, venster, _NEE)
    code = responsible_gemeente((g.periode for g in in_venster), vraag.datum_einde_arbeidsverhouding)
    return Toetsuitkomst(vraag, venster, _JA, gemeentecode=code, perioden=in_venster)


def _bronnen(bsns: list[str]) -> tuple[dict[str, list[LksPeriode]], dict[str, list[int]]]:
    """Per BSN: the LKS periods of the current batch deliveries, and the webservice gemeenten to ask.

    One query per chunk answers both: the persons' BSN index joined to their provisions, and the
    verwijsindex entries of webservice gemeenten (rows without dates).
    """
    perioden: dict[str, list[LksPeriode]] = defaultdict(list)
    webservice: dict[str, list[int]] = defaultdict(list)
    with connection.cursor() as cursor:
        for start in range(0, len(bsns), _CHUNK):
            deel = bsns[start : start + _CHUNK]
            cursor.execute(_bronnen_sql(len(deel)), [*deel, *deel, _WEBSERVICE.value])
            for bsn, gemeente_id, begin, einde in cursor.fetchall():
                if begin is None:
                    webservice[bsn].append(gemeente_id)
                else:
                    code = gemeente_per_id(gemeente_id).code
                    perioden[bsn].append(LksPeriode(code, _datum(begin), _datum(einde)))
    return perioden, webservice


def _bronnen_sql(aantal: int) -> str:
    persoon, voorziening = DkdPersoon._meta.db_table, DkdVoorziening._meta.db_table
    verwijsindex = Verwijsindex._meta.db_table
    plaatsen = ", ".join(["%s"] * aantal)
    return (
        f"SELECT v.bsn, v.gemeente_id, v.begin, v.einde FROM {persoon} p "  # noqa: S608 - names from the models
        f"JOIN {voorziening} v ON v.aanlevering_id = p.aanlevering_id AND v.bsn = p.bsn AND v.positie = p.positie "
        f"WHERE p.bsn IN ({plaatsen}) AND v.is_lks "
        f"UNION ALL SELECT w.bsn, w.gemeente_id, NULL, NULL FROM {verwijsindex} w "
        f"WHERE w.bsn IN ({plaatsen}) AND w.bron = %s"
    )


@overload
def _datum(waarde: date | str) -> date: ...
@overload
def _datum(waarde: date | str | None) -> date | None: ...
def _datum(waarde: date | str | None) -> date | None:
    # SQLite hands raw SQL dates back as text.
    return date.fromisoformat(waarde) if isinstance(waarde, str) else waarde


def raadpleeg_webservices(bsn: str) -> list[tuple[str, WebserviceAntwoord]]:
    """Ask every webservice gemeente that the verwijsindex names for the BSN, as the toets does: (code, antwoord)."""
    _perioden, webservice = _bronnen([bsn])
    return [(gemeente_per_id(g).code, raadpleeg(g, bsn)) for g in webservice.get(bsn, [])]


def _vraag_gemeente(gemeente_id: int, bsn: str) -> tuple[bool, list[LksPeriode]]:
    antwoord = raadpleeg(gemeente_id, bsn)
    return antwoord.geslaagd, list(antwoord.perioden)
