"""The LKS-toets: did a gemeente pay loonkostensubsidie in the two years before the end of employment?

UWV asks it for one person or for up to 10,000 at once. The answer combines the current
batch deliveries (DkdVoorziening rows marked LKS) with the webservice gemeenten that the
verwijsindex names for the BSN, which are asked one by one. When a webservice gemeente does
not answer, the toets cannot say ``nee`` and does not guess the gemeente: it answers
``onbekend`` with the reason and when to ask again, and reports the periods it did find.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.lks import LksPeriode, Toetsvenster, responsible_gemeente, toetsvenster
from vangnet.hub.constants import Bronsoort, LksBetaald
from vangnet.hub.dkd.webservice import opnieuw_na, raadpleeg
from vangnet.hub.models import DkdPersoon, DkdVoorziening, Verwijsindex
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie

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


def toets(vragen: Sequence[Toetsvraag]) -> list[Toetsuitkomst]:
    """One uitkomst per vraag, in the same order."""
    bsns = sorted({v.bsn for v in vragen})
    batch = _batch_perioden(bsns)
    webservice = _webservice_gemeenten(bsns)
    codes = _gemeentecodes({p_id for p_id, _periode in _all(batch)} | {g for gs in webservice.values() for g in gs})
    antwoorden: dict[tuple[str, int], tuple[bool, list[LksPeriode]]] = {}
    uitkomsten = []
    for vraag in vragen:
        gevonden = [
            GevondenPeriode(_met_code(periode, codes[gemeente_id]), Bronsoort.BATCH)
            for gemeente_id, periode in batch.get(vraag.bsn, ())
        ]
        onbereikbaar: list[str] = []
        for gemeente_id in webservice.get(vraag.bsn, ()):
            key = (vraag.bsn, gemeente_id)
            if key not in antwoorden:
                antwoorden[key] = _vraag_gemeente(gemeente_id, vraag.bsn)
            geslaagd, perioden = antwoorden[key]
            if not geslaagd:
                onbereikbaar.append(codes[gemeente_id])
            gevonden.extend(GevondenPeriode(_met_code(p, codes[gemeente_id]), Bronsoort.WEBSERVICE) for p in perioden)
        uitkomsten.append(_uitkomst(vraag, gevonden, onbereikbaar))
    return uitkomsten


def _uitkomst(vraag: Toetsvraag, gevonden: list[GevondenPeriode], onbereikbaar: list[str]) -> Toetsuitkomst:
    venster = toetsvenster(vraag.datum_einde_arbeidsverhouding)
    in_venster = sorted(
        (g for g in gevonden if venster.overlaps(g.periode)),
        key=lambda g: (g.periode.begin, g.periode.gemeentecode),
    )
    if onbereikbaar:
        return Toetsuitkomst(
            vraag,
            venster,
            LksBetaald.ONBEKEND,
            perioden=in_venster,
            reden=_("De webservice van %(gemeenten)s gaf geen antwoord.") % {"gemeenten": ", ".join(onbereikbaar)},
            opnieuw_na=timezone.now() + opnieuw_na(),
        )
    code = responsible_gemeente((g.periode for g in in_venster), vraag.datum_einde_arbeidsverhouding)
    if code is None:
        return Toetsuitkomst(vraag, venster, LksBetaald.NEE)
    return Toetsuitkomst(vraag, venster, LksBetaald.JA, gemeentecode=code, perioden=in_venster)


def _batch_perioden(bsns: list[str]) -> dict[str, list[tuple[int, LksPeriode]]]:
    """The LKS provisions of the current deliveries, found through the persons' BSN index."""
    perioden: dict[str, list[tuple[int, LksPeriode]]] = defaultdict(list)
    with connection.cursor() as cursor:
        for start in range(0, len(bsns), _CHUNK):
            deel = bsns[start : start + _CHUNK]
            cursor.execute(_lks_sql(len(deel)), deel)
            for bsn, gemeente_id, begin, einde in cursor.fetchall():
                perioden[bsn].append((gemeente_id, LksPeriode("", _datum(begin) or date.min, _datum(einde))))
    return perioden


def _lks_sql(aantal: int) -> str:
    persoon, voorziening = DkdPersoon._meta.db_table, DkdVoorziening._meta.db_table
    return (
        f"SELECT v.bsn, v.gemeente_id, v.begin, v.einde FROM {persoon} p "  # noqa: S608 - names from the models
        f"JOIN {voorziening} v ON v.aanlevering_id = p.aanlevering_id AND v.bsn = p.bsn AND v.positie = p.positie "
        f"WHERE p.bsn IN ({', '.join(['%s'] * aantal)}) AND v.is_lks"
    )


def _datum(waarde: date | str | None) -> date | None:
    # SQLite hands raw SQL dates back as text.
    return date.fromisoformat(waarde) if isinstance(waarde, str) else waarde


def _webservice_gemeenten(bsns: list[str]) -> dict[str, list[int]]:
    gemeenten: dict[str, list[int]] = defaultdict(list)
    for start in range(0, len(bsns), _CHUNK):
        rows = Verwijsindex.objects.filter(
            Q(bsn__in=bsns[start : start + _CHUNK]), bron=Bronsoort.WEBSERVICE
        ).values_list("bsn", "gemeente_id")
        for bsn, gemeente_id in rows:
            gemeenten[bsn].append(gemeente_id)
    return gemeenten


def _vraag_gemeente(gemeente_id: int, bsn: str) -> tuple[bool, list[LksPeriode]]:
    antwoord = raadpleeg(gemeente_id, bsn)
    return antwoord.geslaagd, list(antwoord.perioden)


def _gemeentecodes(ids: Iterable[int]) -> dict[int, str]:
    rows = Organisatie.objects.filter(pk__in=set(ids), type=OrganisatieType.GEMEENTE).values_list("pk", "gemeentecode")
    return {pk: code or "" for pk, code in rows}


def _met_code(periode: LksPeriode, code: str) -> LksPeriode:
    return LksPeriode(code, periode.begin, periode.einde)


def _all(per_bsn: dict[str, list[tuple[int, LksPeriode]]]) -> Iterable[tuple[int, LksPeriode]]:
    for rows in per_bsn.values():
        yield from rows
