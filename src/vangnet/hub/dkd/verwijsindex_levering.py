"""A webservice gemeente hands the hub its verwijsindex: a full replacement or mutations per BSN.

One service behind the JSON API (``PUT``/``PATCH /api/v1/dkd/verwijsindex``) and the SOAP
endpoint (IBVerwijsindex-v0300). The rules, written out for gemeenten in
``docs/webservice-verwijsindex.md``:

- Only a gemeente whose DKD-instelling for the cluster is *webservice* may deliver; any
  other is refused with a Dutch message.
- Each BSN is checked on its own (``vangnet.domain.verwijsindex``): a bad entry is rejected
  with its list, position and reason, the good ones are kept. A fault of the message as a
  whole refuses it; the refused attempt is recorded for the history.
- One database transaction per message: a reader sees the old index or the new one, never
  a mix, and a failure halfway leaves the old one.
- Idempotent: the same volgnummer (JSON) or message id (SOAP) again answers with the first
  result; the same key with other content, or a volgnummer lower than the last processed
  one, is refused (409).
- Switching from verzamelbestand to webservice: the persons of the gemeente's last
  verzamelbestand stay in the verwijsindex until its first full replacement, which takes
  their place in the same transaction.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.core.bulk import BulkWriter, uses_copy
from vangnet.domain.verwijsindex import BSNS, AfgekeurdeVerwijzing, controleer_lijst, controleer_mutaties
from vangnet.hub.constants import AanleveringStatus, Aanlevermethode, Bronsoort, Cluster
from vangnet.hub.dkd.ingest import verwijder_huidige_gegevens
from vangnet.hub.dkd.verwijsindex import Omvang, omvang
from vangnet.hub.dkd.weigering import Weigering
from vangnet.hub.models import DkdAanlevering, DkdInstelling, DkdPersoon, Verwijsindex, VerwijsindexLevering
from vangnet.hub.models.verwijsindex import LeveringKanaal, LeveringSoort
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie

MAX_BSNS = 2_000_000  # entries per message, all lists together
MAX_VOLGNUMMER = 2_147_483_647  # what the database column holds
MAX_BERICHT_ID = 200
_CHUNK = 2_000  # BSNs per IN (...) query: well below SQLite's limit on parameters
_SCHRIJF_CHUNK = 50_000  # rows per COPY / executemany
INDEX_COLUMNS = ("bsn", "gemeente_id", "cluster", "bron", "bijgewerkt_op")

# HTTP status per refusal; 400 for the rest.
STATUS_BY_CODE = {
    "geen_gemeente": 403,
    "geen_webservice": 409,
    "volgnummer_te_laag": 409,
    "kenmerk_hergebruikt": 409,
    "te_groot": 413,
}


@dataclass(frozen=True)
class Indiener:
    """Who delivers: the gemeente, and the user or API key acting for it, through which channel."""

    organisatie: Organisatie
    kanaal: LeveringKanaal
    gebruiker: Gebruiker | None = None
    api_sleutel: ApiSleutel | None = None


@dataclass(frozen=True)
class Bericht:
    """One verwijsindex message: ``bsns`` for a full replacement, ``toevoegen``/``verwijderen`` for mutations.

    The entries are as delivered (not yet checked). A message carries a ``volgnummer`` (JSON)
    or a ``bericht_id`` (SOAP: the wsa:MessageID) as its idempotency key.
    """

    soort: LeveringSoort
    cluster: str = Cluster.REINTEGRATIE
    volgnummer: int | None = None
    bericht_id: str = ""
    bsns: Sequence[object] = ()
    toevoegen: Sequence[object] = ()
    verwijderen: Sequence[object] = ()

    @property
    def aantal(self) -> int:
        return len(self.bsns) + len(self.toevoegen) + len(self.verwijderen)

    def sha256(self) -> str:
        """The digest of what the message asks, to tell a repeat from another message with the same key."""
        inhoud = [self.soort, self.cluster, list(self.bsns), list(self.toevoegen), list(self.verwijderen)]
        tekst = json.dumps(inhoud, separators=(",", ":"), ensure_ascii=True, default=repr)
        return hashlib.sha256(tekst.encode()).hexdigest()


@dataclass(frozen=True)
class Resultaat:
    levering: VerwijsindexLevering
    herhaald: bool  # True: this message was already processed; the first result is returned unchanged


class LeveringGeweigerd(Weigering[VerwijsindexLevering]):
    """The whole message is refused; the verwijsindex is untouched."""

    statussen = STATUS_BY_CODE


def vervang(
    indiener: Indiener, bsns: Sequence[object], *, volgnummer: int, cluster: str = Cluster.REINTEGRATIE
) -> Resultaat:
    """A full replacement: afterwards the gemeente's verwijsindex for the cluster is exactly the valid ``bsns``."""
    return lever(indiener, Bericht(LeveringSoort.VOLLEDIG, cluster, volgnummer=volgnummer, bsns=bsns))


def muteer(
    indiener: Indiener,
    *,
    toevoegen: Sequence[object] = (),
    verwijderen: Sequence[object] = (),
    volgnummer: int | None = None,
    bericht_id: str = "",
    cluster: str = Cluster.REINTEGRATIE,
) -> Resultaat:
    """Mutations: add and remove single BSNs; the rest of the verwijsindex stays as it is."""
    bericht = Bericht(
        LeveringSoort.MUTATIE,
        cluster,
        volgnummer=volgnummer,
        bericht_id=bericht_id,
        toevoegen=toevoegen,
        verwijderen=verwijderen,
    )
    return lever(indiener, bericht)


def lever(indiener: Indiener, bericht: Bericht) -> Resultaat:
    """Process one message; raises LeveringGeweigerd when it is refused as a whole."""
    ontvangen_op = timezone.now()
    gemeente = indiener.organisatie
    try:
        _controleer_bericht(gemeente, bericht)
        with transaction.atomic():
            _controleer_instelling(gemeente, bericht.cluster)
            eerder = _eerder_verwerkt(gemeente, bericht)
            if eerder is not None:
                return Resultaat(eerder, herhaald=True)
            _controleer_volgorde(gemeente, bericht)
            levering = _verwerk(indiener, bericht, ontvangen_op)
        return Resultaat(levering, herhaald=False)
    except LeveringGeweigerd as weigering:
        raise _weiger(indiener, bericht, ontvangen_op, weigering) from weigering
    except IntegrityError:
        # A concurrent message with the same key won the race: answer with its result.
        eerder = _eerder_verwerkt(gemeente, bericht)
        if eerder is None:
            raise
        return Resultaat(eerder, herhaald=True)


def _controleer_bericht(gemeente: Organisatie, bericht: Bericht) -> None:
    if gemeente.type != OrganisatieType.GEMEENTE:
        raise LeveringGeweigerd("geen_gemeente", _("Alleen een gemeente levert een verwijsindex aan."))
    if bericht.cluster not in Cluster.values:
        raise LeveringGeweigerd(
            "onbekend_cluster", _("Cluster %(cluster)s wordt niet ondersteund.") % {"cluster": bericht.cluster}
        )
    if bericht.volgnummer is None and not bericht.bericht_id:
        raise LeveringGeweigerd("geen_kenmerk", _("Het bericht heeft geen volgnummer en geen bericht-id."))
    if bericht.volgnummer is not None and not 1 <= bericht.volgnummer <= MAX_VOLGNUMMER:
        raise LeveringGeweigerd(
            "ongeldig_volgnummer",
            _("Het volgnummer moet een geheel getal van 1 tot en met %(max)s zijn.") % {"max": MAX_VOLGNUMMER},
        )
    if len(bericht.bericht_id) > MAX_BERICHT_ID:
        raise LeveringGeweigerd(
            "ongeldig_bericht_id",
            _("Het bericht-id is langer dan %(max)s tekens.") % {"max": MAX_BERICHT_ID},
        )
    if bericht.aantal > MAX_BSNS:
        raise LeveringGeweigerd(
            "te_groot",
            _("Het bericht bevat %(aantal)s BSN's; het maximum is %(max)s.")
            % {"aantal": bericht.aantal, "max": MAX_BSNS},
        )
    if bericht.soort == LeveringSoort.MUTATIE and not (bericht.toevoegen or bericht.verwijderen):
        raise LeveringGeweigerd("leeg_bericht", _("Het bericht bevat geen BSN om toe te voegen of te verwijderen."))


def _controleer_instelling(gemeente: Organisatie, cluster: str) -> None:
    """The gemeente must deliver by webservice. Locks its instelling: one message per gemeente at a time."""
    instelling = DkdInstelling.objects.select_for_update().filter(gemeente=gemeente, cluster=cluster).first()
    if instelling is None or instelling.aanlevermethode != Aanlevermethode.WEBSERVICE:
        raise LeveringGeweigerd(
            "geen_webservice",
            _(
                "%(gemeente)s levert voor dit cluster aan met een verzamelbestand, niet met een webservice. Alleen "
                "een gemeente met aanlevermethode webservice levert een verwijsindex aan; wijzig eerst de "
                "DKD-instellingen."
            )
            % {"gemeente": gemeente},
        )


def _verwerkte(gemeente: Organisatie, cluster: str) -> QuerySet[VerwijsindexLevering]:
    return VerwijsindexLevering.objects.filter(gemeente=gemeente, cluster=cluster, status=AanleveringStatus.VERWERKT)


def _eerder_verwerkt(gemeente: Organisatie, bericht: Bericht) -> VerwijsindexLevering | None:
    verwerkte = _verwerkte(gemeente, bericht.cluster)
    if bericht.volgnummer is not None:
        eerder = verwerkte.filter(volgnummer=bericht.volgnummer).first()
        kenmerk = _("volgnummer %(kenmerk)s") % {"kenmerk": bericht.volgnummer}
    else:
        eerder = verwerkte.filter(bericht_id=bericht.bericht_id).first()
        kenmerk = _("bericht-id %(kenmerk)s") % {"kenmerk": bericht.bericht_id}
    if eerder is not None and eerder.inhoud_sha256 != bericht.sha256():
        raise LeveringGeweigerd(
            "kenmerk_hergebruikt",
            _("Er is al een ander bericht met %(kenmerk)s verwerkt; geef een nieuw bericht een nieuw kenmerk.")
            % {"kenmerk": kenmerk},
        )
    return eerder


def _controleer_volgorde(gemeente: Organisatie, bericht: Bericht) -> None:
    if bericht.volgnummer is None:
        return
    laatste = _verwerkte(gemeente, bericht.cluster).aggregate(m=Max("volgnummer"))["m"]
    if laatste is not None and bericht.volgnummer < laatste:
        raise LeveringGeweigerd(
            "volgnummer_te_laag",
            _("Volgnummer %(nummer)s is lager dan het laatst verwerkte volgnummer %(laatste)s.")
            % {"nummer": bericht.volgnummer, "laatste": laatste},
        )


@dataclass
class _Telling:
    toegevoegd: int = 0
    verwijderd: int = 0
    voor: int = 0
    na: int = 0
    batch_vervangen: int = 0
    afgekeurd: list[AfgekeurdeVerwijzing] = field(default_factory=list)


def _verwerk(indiener: Indiener, bericht: Bericht, ontvangen_op: datetime) -> VerwijsindexLevering:
    gemeente_id = indiener.organisatie.pk
    nu = timezone.now()
    if bericht.soort == LeveringSoort.VOLLEDIG:
        telling = _vervang(gemeente_id, bericht, nu)
    else:
        telling = _muteer(gemeente_id, bericht, nu)
    return VerwijsindexLevering.objects.create(
        gemeente=indiener.organisatie,
        cluster=bericht.cluster,
        soort=bericht.soort,
        kanaal=indiener.kanaal,
        status=AanleveringStatus.VERWERKT,
        volgnummer=bericht.volgnummer,
        bericht_id=bericht.bericht_id,
        inhoud_sha256=bericht.sha256(),
        ontvangen_op=ontvangen_op,
        verwerkt_op=nu,
        ingediend_door=indiener.gebruiker,
        api_sleutel=indiener.api_sleutel,
        aantal_in_bericht=bericht.aantal,
        aantal_toegevoegd=telling.toegevoegd,
        aantal_verwijderd=telling.verwijderd,
        aantal_afgekeurd=len(telling.afgekeurd),
        aantal_voor=telling.voor,
        aantal_na=telling.na,
        batch_vervangen=telling.batch_vervangen,
        afgekeurd=[a.as_json() for a in telling.afgekeurd],
    )


def _vervang(gemeente_id: int, bericht: Bericht, nu: datetime) -> _Telling:
    controle = controleer_lijst(BSNS, bericht.bsns)
    entries = _entries(gemeente_id, bericht.cluster)
    bestaand = set(entries.values_list("bsn", flat=True))
    batch = _batch_personen(gemeente_id, bericht.cluster)
    if batch:
        # The switch from verzamelbestand: the full verwijsindex takes the place of the file's persons.
        verwijder_huidige_gegevens(gemeente_id, bericht.cluster)
    nieuw = set(controle.geldig)
    weg = sorted(bestaand - nieuw)
    erbij = [bsn for bsn in controle.geldig if bsn not in bestaand]
    if len(weg) * 2 > len(bestaand):
        # Most entries go: emptying and refilling is cheaper than deleting them one chunk at a time.
        entries.delete()
        erbij = list(controle.geldig)
    else:
        _verwijder(entries, weg)
        entries.update(bijgewerkt_op=nu)  # the kept entries are confirmed by this replacement
    _voeg_toe(gemeente_id, bericht.cluster, erbij, nu)
    return _Telling(
        toegevoegd=len(nieuw - bestaand),
        verwijderd=len(weg),
        voor=len(bestaand) + batch,
        na=len(nieuw),
        batch_vervangen=batch,
        afgekeurd=list(controle.afgekeurd),
    )


def _muteer(gemeente_id: int, bericht: Bericht, nu: datetime) -> _Telling:
    erbij, eraf = controleer_mutaties(bericht.toevoegen, bericht.verwijderen)
    entries = _entries(gemeente_id, bericht.cluster)
    voor = entries.count() + _batch_personen(gemeente_id, bericht.cluster)
    aanwezig: set[str] = set()
    for deel in _delen(erbij.geldig):
        gevonden = list(entries.filter(bsn__in=deel).values_list("bsn", flat=True))
        aanwezig.update(gevonden)
        if gevonden:
            entries.filter(bsn__in=gevonden).update(bijgewerkt_op=nu)  # confirmed again
    nieuw = [bsn for bsn in erbij.geldig if bsn not in aanwezig]
    verwijderd = _verwijder(entries, eraf.geldig)
    _voeg_toe(gemeente_id, bericht.cluster, nieuw, nu)
    afgekeurd = sorted((*erbij.afgekeurd, *eraf.afgekeurd), key=lambda a: (a.lijst != "toevoegen", a.positie))
    return _Telling(
        toegevoegd=len(nieuw),
        verwijderd=verwijderd,
        voor=voor,
        na=voor + len(nieuw) - verwijderd,
        afgekeurd=afgekeurd,
    )


def _entries(gemeente_id: int, cluster: str) -> QuerySet[Verwijsindex]:
    return Verwijsindex.objects.filter(gemeente_id=gemeente_id, cluster=cluster)


def _batch_personen(gemeente_id: int, cluster: str) -> int:
    """How many persons of the gemeente's last verzamelbestand are still in the verwijsindex."""
    huidige = list(
        DkdAanlevering.objects.filter(
            gemeente_id=gemeente_id, cluster=cluster, status=AanleveringStatus.VERWERKT
        ).values_list("pk", flat=True)
    )
    return DkdPersoon.objects.filter(aanlevering_id__in=huidige).count() if huidige else 0


def _delen(bsns: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(bsns), _CHUNK):
        yield bsns[start : start + _CHUNK]


def _verwijder(entries: QuerySet[Verwijsindex], bsns: Sequence[str]) -> int:
    return sum(entries.filter(bsn__in=deel).delete()[0] for deel in _delen(bsns))


def _voeg_toe(gemeente_id: int, cluster: str, bsns: Sequence[str], nu: datetime) -> None:
    """Insert new entries in bulk: COPY on PostgreSQL, one executemany per chunk on SQLite."""
    schrijver = BulkWriter(Verwijsindex, INDEX_COLUMNS)
    bron = Bronsoort.WEBSERVICE.value
    if uses_copy():
        staart = f"\t{gemeente_id}\t{cluster}\t{bron}\t{nu.isoformat()}\n"
        for start in range(0, len(bsns), _SCHRIJF_CHUNK):
            deel = bsns[start : start + _SCHRIJF_CHUNK]
            schrijver.write("".join(bsn + staart for bsn in deel).encode(), len(deel))
        return
    moment = connection.ops.adapt_datetimefield_value(nu)
    for start in range(0, len(bsns), _SCHRIJF_CHUNK):
        deel = bsns[start : start + _SCHRIJF_CHUNK]
        schrijver.write([(bsn, gemeente_id, cluster, bron, moment) for bsn in deel], len(deel))


def _weiger(
    indiener: Indiener, bericht: Bericht, ontvangen_op: datetime, weigering: LeveringGeweigerd
) -> LeveringGeweigerd:
    """Record the refused attempt (history) and return the exception to raise."""
    gemeente = indiener.organisatie
    levering = None
    if gemeente.type == OrganisatieType.GEMEENTE:
        levering = VerwijsindexLevering.objects.create(
            gemeente=gemeente,
            cluster=bericht.cluster if bericht.cluster in Cluster.values else Cluster.REINTEGRATIE,
            soort=bericht.soort,
            kanaal=indiener.kanaal,
            status=AanleveringStatus.GEWEIGERD,
            volgnummer=bericht.volgnummer if bericht.volgnummer and 1 <= bericht.volgnummer <= MAX_VOLGNUMMER else None,
            bericht_id=bericht.bericht_id[:MAX_BERICHT_ID],
            ontvangen_op=ontvangen_op,
            verwerkt_op=timezone.now(),
            ingediend_door=indiener.gebruiker,
            api_sleutel=indiener.api_sleutel,
            aantal_in_bericht=bericht.aantal,
            fout_code=weigering.code,
            fout_melding=weigering.melding,
        )
    return LeveringGeweigerd(weigering.code, weigering.melding, levering)


# --- For the aanlevermonitor ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leveringsstand:
    """What the history says about one gemeente's verwijsindex."""

    laatst_verwerkt_op: datetime  # the newest processed message, of either kind
    volledig_verwerkt_op: datetime | None = None  # the newest full replacement
    volledig_voor: int | None = None  # the size of the verwijsindex just before it


def leveringsstand(gemeente_ids: Iterable[int], cluster: str) -> dict[int, Leveringsstand]:
    """Per gemeente with at least one processed message; two queries whatever the number of gemeenten."""
    verwerkt = VerwijsindexLevering.objects.filter(
        gemeente_id__in=list(gemeente_ids), cluster=cluster, status=AanleveringStatus.VERWERKT
    )
    laatst = dict(
        verwerkt.values("gemeente_id").annotate(m=Max("verwerkt_op")).values_list("gemeente_id", "m").order_by()
    )
    volledig = {
        gemeente_id: (verwerkt_op, voor)
        for gemeente_id, verwerkt_op, voor in verwerkt.filter(soort=LeveringSoort.VOLLEDIG)
        .annotate(
            rang=Window(
                RowNumber(), partition_by=[F("gemeente_id")], order_by=[F("verwerkt_op").desc(), F("id").desc()]
            )
        )
        .filter(rang=1)
        .values_list("gemeente_id", "verwerkt_op", "aantal_voor")
    }
    return {
        gemeente_id: Leveringsstand(moment, *volledig.get(gemeente_id, (None, None)))
        for gemeente_id, moment in laatst.items()
    }


def index_voor_monitor(
    batch: DkdAanlevering | None, webservice: Omvang | None, stand: Leveringsstand | None
) -> tuple[Omvang, int | None]:
    """The gemeente's whole verwijsindex as the monitor counts it, and its size before the last full replacement.

    The persons of a verzamelbestand count only while they are there: a full replacement after
    a switch to webservice takes their place (one index probe, only for a gemeente that both
    delivered a file and replaced its verwijsindex). A message that only removed entries still
    counts as an update.
    """
    if stand is None:
        return omvang(batch, webservice), None
    vervangen = stand.volledig_verwerkt_op is not None
    if batch is not None and vervangen and not DkdPersoon.objects.filter(aanlevering_id=batch.pk).exists():
        batch = None
    momenten = [m for m in (webservice.bijgewerkt_op if webservice else None, stand.laatst_verwerkt_op) if m]
    eigen = Omvang(webservice.aantal if webservice else 0, max(momenten))
    return omvang(batch, eigen), stand.volledig_voor
