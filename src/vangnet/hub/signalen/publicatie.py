"""The daily publication of the Re-integratie_signaalrapporten: one CSV per gemeente with new signals.

Rules (see docs/signaalrapport.md):

- A run for ``datum`` takes every signal that is not yet in a report and was made before the end
  of that day in Europe/Amsterdam, and writes one report per gemeente, rows ordered by
  ``aangemaakt_op`` then id.
- Each gemeente's report is written in one transaction together with the link from its signals
  to it: a crash leaves every report either whole (all its signals linked) or absent (its
  signals still pending for the next run).
- A signal is linked only while it has no report (``UPDATE ... WHERE rapport IS NULL``), and the
  transaction goes through only when every signal of the CSV was linked. So a repeated or
  concurrent run can never put a signal in two reports; running again publishes nothing when
  nothing new arrived.
- The file is named ``{Gemeentenaam}_LKSRi_rapport_{YYYYMMDD}.csv``. When the gemeente already
  has a report of that name (a second run on the same day that found new signals), the new one
  becomes ``..._{YYYYMMDD}_2.csv`` (then ``_3`` ...) and its title ends in `` (2)``; the first
  file is never replaced, because the gemeente may already have fetched it.

Speed: the pending signals of all gemeenten are read in one query; each group of gemeenten then
costs one INSERT of their reports, their UPDATEs in one round trip and a COMMIT. When an UPDATE
finds a signal already taken (another run got there first) or a file name is taken, the group's
transaction is rolled back and each of its gemeenten is done again the careful way: under a row
lock of the gemeente, reading its signals afresh.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from vangnet.domain import signaalrapport
from vangnet.domain.gemeenten import UnknownGemeenteError, by_code
from vangnet.hub.models import Signaal, Signaalrapport
from vangnet.hub.signalen import notificatie
from vangnet.organisations.models import Organisatie

AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")
UPDATE_BATCH: Final = 5000
"""Signal ids per UPDATE statement; well below SQLite's and PostgreSQL's parameter limits."""

_KOLOMMEN: Final = (
    "id",
    "bsn",
    "datum_einde_uitkeringsverhouding",
    "datum_einde_arbeidsverhouding",
    "datum_eerste_ao_dag",
)

Rij = tuple[int, str, date | None, date | None, date | None]


GEMEENTEN_PER_TRANSACTIE = 50


class PublicatieFout(RuntimeError):
    """The run cannot go on; nothing of the gemeente at hand was published."""


class _AlGenomen(Exception):
    """A signal of this CSV was linked by another run meanwhile: roll back and read afresh."""


def vandaag() -> date:
    """Today in Europe/Amsterdam, whatever the server's own time zone."""
    return timezone.now().astimezone(AMSTERDAM).date()


def einde_van(datum: date) -> datetime:
    """The first moment after ``datum`` in Europe/Amsterdam (midnight, summer or winter time)."""
    return datetime.combine(datum + timedelta(days=1), time.min, tzinfo=AMSTERDAM)


def gemeentenaam(gemeente: Organisatie) -> str:
    """The CBS name ("'s-Gravenhage"), or the organisation's own name for a code CBS does not list."""
    try:
        return by_code(gemeente.gemeentecode).naam if gemeente.gemeentecode else gemeente.naam
    except UnknownGemeenteError:
        return gemeente.naam


def publiceer_signaalrapporten(datum: date | None = None) -> list[Signaalrapport]:
    """Publish a report for every gemeente with pending signals made up to the end of ``datum``.

    ``datum`` (default: today in Europe/Amsterdam) is the publicatiedatum in the file name and may
    not lie in the future. Returns the reports written by this run, by gemeentecode; an empty
    list when there was nothing new. The e-mails and webhook messages about the committed reports
    go out at the end of the run, also when it stops with an error
    (:mod:`vangnet.hub.signalen.notificatie`).
    """
    datum = datum or vandaag()
    if datum > vandaag():
        raise ValueError(f"De publicatiedatum {datum:%d-%m-%Y} ligt in de toekomst.")
    grens = einde_van(datum)
    per_gemeente = _nieuwe_signalen(Signaal.objects.filter(rapport__isnull=True, aangemaakt_op__lt=grens))
    if not per_gemeente:
        return []
    gemeenten = list(Organisatie.objects.filter(pk__in=per_gemeente).order_by("gemeentecode", "pk"))
    bezet = _bezette_namen(datum)
    rapporten = []
    with notificatie.melder(list(per_gemeente)) as melder:
        for start in range(0, len(gemeenten), GEMEENTEN_PER_TRANSACTIE):
            groep = [(g, per_gemeente[g.pk]) for g in gemeenten[start : start + GEMEENTEN_PER_TRANSACTIE]]
            rapporten += _publiceer_groep(groep, datum, grens, bezet, melder)
    return rapporten


def _publiceer_groep(
    groep: list[tuple[Organisatie, list[Rij]]],
    datum: date,
    grens: datetime,
    bezet: set[tuple[int, str]],
    melder: notificatie.Melder,
) -> list[Signaalrapport]:
    """The reports of a group of gemeenten in one transaction: one INSERT of the reports, their
    signals linked in one round trip. When another run took a signal or a file name meanwhile, the
    group is rolled back and each of its gemeenten is published the careful way.

    Several gemeenten per commit: each gemeente's signals lie scattered among everyone else's, so
    one commit per gemeente would write the same pages again and again. A crash still leaves every
    report whole or absent.
    """
    try:
        with transaction.atomic():
            rapporten = _schrijf(groep, datum, set(bezet), melder)
    except (_AlGenomen, IntegrityError):
        return [r for gemeente, _rijen in groep if (r := _publiceer_voorzichtig(gemeente, datum, grens, melder))]
    bezet.update((rapport.gemeente_id, rapport.bestandsnaam) for rapport in rapporten)
    return rapporten


def _nieuwe_signalen(pending: QuerySet[Signaal]) -> dict[int, list[Rij]]:
    per_gemeente: defaultdict[int, list[Rij]] = defaultdict(list)
    for gemeente_id, *rij in pending.order_by("gemeente_id", "aangemaakt_op", "id").values_list(
        "gemeente_id", *_KOLOMMEN
    ):
        per_gemeente[gemeente_id].append(tuple(rij))
    return dict(per_gemeente)


def _bezette_namen(datum: date, gemeente: Organisatie | None = None) -> set[tuple[int, str]]:
    """(gemeente_id, bestandsnaam) of the reports that already carry this day's date in their name."""
    rapporten = Signaalrapport.objects.filter(bestandsnaam__contains=f"_LKSRi_rapport_{datum:%Y%m%d}")
    if gemeente is not None:
        rapporten = rapporten.filter(gemeente=gemeente)
    return set(rapporten.values_list("gemeente_id", "bestandsnaam"))


def _publiceer_voorzichtig(
    gemeente: Organisatie, datum: date, grens: datetime, melder: notificatie.Melder
) -> Signaalrapport | None:
    with transaction.atomic():
        # Publishers of one gemeente take turns here. FOR NO KEY UPDATE does not block the
        # meldingen service inserting new signals for this gemeente (they take FOR KEY SHARE).
        list(Organisatie.objects.select_for_update(no_key=True).filter(pk=gemeente.pk).values_list("pk"))
        # FOR UPDATE: a signal another run is linking right now is waited for, then left out.
        pending = Signaal.objects.select_for_update().filter(
            gemeente=gemeente, rapport__isnull=True, aangemaakt_op__lt=grens
        )
        rijen = _nieuwe_signalen(pending).get(gemeente.pk, [])
        if not rijen:
            return None
        try:
            [rapport] = _schrijf([(gemeente, rijen)], datum, _bezette_namen(datum, gemeente), melder)
        except _AlGenomen:
            raise PublicatieFout(
                f"Signalen van {gemeente} stonden intussen al in een ander rapport; er is voor deze gemeente "
                "niets gepubliceerd. Start de publicatie opnieuw."
            ) from None
        return rapport


def _schrijf(
    groep: list[tuple[Organisatie, list[Rij]]],
    datum: date,
    bezet: set[tuple[int, str]],
    melder: notificatie.Melder,
) -> list[Signaalrapport]:
    titel = signaalrapport.titel(datum)
    nu = timezone.now()
    rapporten = []
    for gemeente, rijen in groep:
        bestandsnaam, volgnummer = _vrije_bestandsnaam(gemeente, datum, bezet)
        rapporten.append(
            Signaalrapport(
                gemeente=gemeente,
                publicatiedatum=datum,
                gepubliceerd_op=nu,
                titel=titel if volgnummer == 1 else f"{titel} ({volgnummer})",
                bestandsnaam=bestandsnaam,
                inhoud=signaalrapport.csv_inhoud(signaalrapport.Signaalregel(*rij[1:]) for rij in rijen),
                aantal_signalen=len(rijen),
            )
        )
        bezet.add((gemeente.pk, bestandsnaam))
    Signaalrapport.objects.bulk_create(rapporten)
    koppel_signalen(
        [(rapport, [rij[0] for rij in rijen]) for rapport, (_g, rijen) in zip(rapporten, groep, strict=True)]
    )
    for rapport in rapporten:
        melder.na_publicatie(rapport)
    return rapporten


def _vrije_bestandsnaam(gemeente: Organisatie, datum: date, bezet: set[tuple[int, str]]) -> tuple[str, int]:
    """The day's file name, or the first free one with ``_2``, ``_3`` ... before ``.csv``."""
    naam = signaalrapport.bestandsnaam(gemeentenaam(gemeente), datum)
    if (gemeente.pk, naam) not in bezet:
        return naam, 1
    stam = naam.removesuffix(".csv")
    volgnummer = 2
    while (gemeente.pk, f"{stam}_{volgnummer}.csv") in bezet:
        volgnummer += 1
    return f"{stam}_{volgnummer}.csv", volgnummer


def koppel_signalen(koppelingen: Sequence[tuple[Signaalrapport, Sequence[int]]]) -> None:
    """Link each report's signals to it, only those still without one; all of them, or raise.

    Plain SQL: these are the statements that touch every signal, and the ORM's handling of a long
    ``IN`` list costs more than the update itself. The gemeente in the WHERE lets the planner use
    the small partial index of pending signals, even before the table has statistics. On
    PostgreSQL the statements go in one round trip (psycopg's pipeline), and the total of linked
    rows is what is checked.
    """
    q = connection.ops.quote_name
    basis = (
        f"UPDATE {q(Signaal._meta.db_table)} SET {q('rapport_id')} = %s "  # noqa: S608 - fixed names only
        f"WHERE {q('gemeente_id')} = %s AND {q('rapport_id')} IS NULL AND {q('id')} "
    )
    delen = [
        (rapport, list(ids[start : start + UPDATE_BATCH]))
        for rapport, ids in koppelingen
        for start in range(0, len(ids), UPDATE_BATCH)
    ]
    gekoppeld = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(basis + "= ANY(%s)", [[r.pk, r.gemeente_id, deel] for r, deel in delen])
            gekoppeld = cursor.rowcount
        else:
            for rapport, deel in delen:
                plaatsen = ", ".join(["%s"] * len(deel))
                cursor.execute(basis + f"IN ({plaatsen})", [rapport.pk, rapport.gemeente_id, *deel])
                gekoppeld += cursor.rowcount
    if gekoppeld != sum(len(ids) for _rapport, ids in koppelingen):
        raise _AlGenomen()
