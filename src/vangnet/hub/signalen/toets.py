"""The LKS-toets: did a gemeente pay loonkostensubsidie in the two years before the end of employment?

UWV asks it for one person or for up to 10,000 at once. The answer combines the current
batch deliveries (DkdVoorziening rows marked LKS) with the webservice gemeenten that the
verwijsindex names for the BSN, which are asked one by one. When a webservice gemeente does
not answer, the toets cannot say ``nee`` and does not guess the gemeente: it answers
``onbekend`` with the reason and when to ask again, and reports the periods it did find.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

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


class Toetsvraag(NamedTuple):
    bsn: str
    datum_einde_arbeidsverhouding: date


class GevondenPeriode(NamedTuple):
    """An LKS period the toets found, with its source: a batch delivery or a gemeente's webservice.

    A tuple rather than an LksPeriode plus its source: a batch of 10,000 toetsen finds thousands.
    """

    gemeentecode: str
    begin: date
    einde: date | None
    bron: Bronsoort


class Toetsuitkomst(NamedTuple):
    venster: Toetsvenster
    lks_betaald: LksBetaald
    gemeentecode: str | None = None
    perioden: tuple[GevondenPeriode, ...] = ()
    reden: str = ""
    opnieuw_na: datetime | None = None


_BATCH, _WEBSERVICE = Bronsoort.BATCH, Bronsoort.WEBSERVICE  # enum member look-ups are slow in a hot loop
_JA, _NEE, _ONBEKEND = LksBetaald.JA, LksBetaald.NEE, LksBetaald.ONBEKEND


def toets(vragen: Sequence[Toetsvraag]) -> list[Toetsuitkomst]:
    """One uitkomst per vraag, in the same order; vragen with the same answer may share one uitkomst."""
    batch, webservice = _bronnen(sorted({bsn for bsn, _datum in vragen}))
    webservices = _Webservices()
    niets_gevonden = _NietsGevonden()
    uitkomsten = []
    for bsn, datum in vragen:
        gevonden = batch.get(bsn)
        if bsn in webservice:
            uitkomst = _uitkomst(datum, *webservices.vraag(bsn, webservice[bsn], gevonden or ()))
        elif gevonden is None:
            uitkomst = niets_gevonden[datum]
        elif len(gevonden) == 1:
            uitkomst = _een_periode(toetsvenster(datum), gevonden[0])
        else:
            uitkomst = _uitkomst(datum, gevonden, ())
        uitkomsten.append(uitkomst)
    return uitkomsten


class _NietsGevonden(dict[date, Toetsuitkomst]):
    """Per date the 'nee' of a BSN that no source knows, made once per call."""

    def __missing__(self, datum: date) -> Toetsuitkomst:
        uitkomst = self[datum] = Toetsuitkomst(toetsvenster(datum), _NEE)
        return uitkomst


def _uitkomst(datum: date, gevonden: Sequence[GevondenPeriode], onbereikbaar: Sequence[str]) -> Toetsuitkomst:
    venster = toetsvenster(datum)
    in_venster = tuple(g for g in gevonden if venster.overlaps(g))
    if len(in_venster) > 1:
        in_venster = tuple(sorted(in_venster, key=_volgorde))
    if onbereikbaar:
        return Toetsuitkomst(
            venster,
            _ONBEKEND,
            perioden=in_venster,
            reden=_("De webservice van %(gemeenten)s gaf geen antwoord.") % {"gemeenten": ", ".join(onbereikbaar)},
            opnieuw_na=timezone.now() + opnieuw_na(),
        )
    if not in_venster:
        return Toetsuitkomst(venster, _NEE)
    return Toetsuitkomst(venster, _JA, responsible_gemeente(in_venster, datum), in_venster)


def _een_periode(venster: Toetsvenster, gevonden: GevondenPeriode) -> Toetsuitkomst:
    """The common case, a BSN with one period: when it overlaps the window, its gemeente is responsible."""
    if venster.overlaps(gevonden):
        return Toetsuitkomst(venster, _JA, gevonden.gemeentecode, (gevonden,))
    return Toetsuitkomst(venster, _NEE)


def _volgorde(gevonden: GevondenPeriode) -> tuple[date, str]:
    return gevonden.begin, gevonden.gemeentecode


class _Webservices:
    """The webservice gemeenten of one toets call, each asked once per BSN."""

    def __init__(self) -> None:
        self._antwoorden: dict[tuple[str, int], tuple[bool, list[LksPeriode]]] = {}

    def vraag(
        self, bsn: str, gemeenten: list[int], gevonden: Sequence[GevondenPeriode]
    ) -> tuple[list[GevondenPeriode], list[str]]:
        """The batch periods with those of the webservices added, and the codes of the gemeenten that did not answer."""
        alle, onbereikbaar = list(gevonden), []
        for gemeente_id in gemeenten:
            key = (bsn, gemeente_id)
            if key not in self._antwoorden:
                self._antwoorden[key] = _vraag_gemeente(gemeente_id, bsn)
            geslaagd, perioden = self._antwoorden[key]
            code = gemeente_per_id(gemeente_id).code
            if not geslaagd:
                onbereikbaar.append(code)
            alle.extend(GevondenPeriode(code, p.begin, p.einde, _WEBSERVICE) for p in perioden)
        return alle, onbereikbaar


def _bronnen(bsns: list[str]) -> tuple[dict[str, list[GevondenPeriode]], dict[str, list[int]]]:
    """Per BSN: the LKS periods of the current batch deliveries, and the webservice gemeenten to ask.

    One query per chunk answers both: the persons' BSN index joined to their provisions, and the
    verwijsindex entries of webservice gemeenten (rows without dates).
    """
    perioden: dict[str, list[GevondenPeriode]] = defaultdict(list)
    webservice: dict[str, list[int]] = defaultdict(list)
    codes = _Gemeentecodes()
    datums = _Datums()
    with connection.cursor() as cursor:
        for start in range(0, len(bsns), _CHUNK):
            deel = bsns[start : start + _CHUNK]
            cursor.execute(_bronnen_sql(len(deel)), [*deel, *deel, _WEBSERVICE.value])
            for bsn, gemeente_id, begin, einde in cursor.fetchall():
                if begin is None:
                    webservice[bsn].append(gemeente_id)
                    continue
                if isinstance(begin, str):  # SQLite hands the dates back as text (see _bronnen_sql)
                    begin, einde = datums[begin], datums[einde]
                perioden[bsn].append(GevondenPeriode(codes[gemeente_id], begin, einde, _BATCH))
    return perioden, webservice


class _Gemeentecodes(dict[int, str]):
    """Gemeentecode per id, looked up in the gemeentelijst once per call."""

    def __missing__(self, gemeente_id: int) -> str:
        code = self[gemeente_id] = gemeente_per_id(gemeente_id).code
        return code


class _Datums(dict[str | None, date | None]):
    """Each date text of one call parsed once: a batch finds thousands of periods but few distinct dates."""

    def __missing__(self, tekst: str | None) -> date | None:
        datum = self[tekst] = None if tekst is None else date.fromisoformat(tekst)
        return datum


def _bronnen_sql(aantal: int) -> str:
    persoon, voorziening = DkdPersoon._meta.db_table, DkdVoorziening._meta.db_table
    verwijsindex = Verwijsindex._meta.db_table
    sqlite = connection.vendor == "sqlite"
    # SQLite's own placeholder: Django would otherwise rewrite the 4,001 '%s' of a chunk into '?'
    # with a regular expression, which costs more than a millisecond a chunk. Not while statements
    # are logged (DEBUG, tests counting queries): the log fills in the '%s' with the parameters.
    plaats = "?" if sqlite and not connection.queries_logged else "%s"
    plaatsen = ", ".join([plaats] * aantal)
    # On SQLite a cast hides the columns' declared type from Django's converters, which would parse
    # every date of the answer one by one; _bronnen parses each distinct date text once.
    begin, einde = ("CAST(v.begin AS TEXT)", "CAST(v.einde AS TEXT)") if sqlite else ("v.begin", "v.einde")
    return (
        f"SELECT v.bsn, v.gemeente_id, {begin}, {einde} FROM {persoon} p "  # noqa: S608 - names from the models
        f"JOIN {voorziening} v ON v.aanlevering_id = p.aanlevering_id AND v.bsn = p.bsn AND v.positie = p.positie "
        f"WHERE p.bsn IN ({plaatsen}) AND v.is_lks "
        f"UNION ALL SELECT w.bsn, w.gemeente_id, NULL, NULL FROM {verwijsindex} w "
        f"WHERE w.bsn IN ({plaatsen}) AND w.bron = {plaats}"
    )


def raadpleeg_webservices(bsn: str) -> list[tuple[str, WebserviceAntwoord]]:
    """Ask every webservice gemeente that the verwijsindex names for the BSN, as the toets does: (code, antwoord)."""
    _perioden, webservice = _bronnen([bsn])
    return [(gemeente_per_id(g).code, raadpleeg(g, bsn)) for g in webservice.get(bsn, [])]


def _vraag_gemeente(gemeente_id: int, bsn: str) -> tuple[bool, list[LksPeriode]]:
    antwoord = raadpleeg(gemeente_id, bsn)
    return antwoord.geslaagd, list(antwoord.perioden)
