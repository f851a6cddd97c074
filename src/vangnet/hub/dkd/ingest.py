"""Receiving a verzamelbestand: one service behind the API, the portal upload and the CLI.

A delivery replaces the gemeente's earlier data for the cluster in one database
transaction: readers see the old set or the new one, never a mix, and a process killed
halfway leaves the old set as it was (the transaction is rolled back). A file-level
fault refuses the whole file; a bad record is rejected on its own and listed in the
terugmelding, and the good records are kept.
"""

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.core.bulk import BulkWriter, uses_copy
from vangnet.domain.verzamelbestand import BestandFout, Kop, Persoon, Relatie
from vangnet.hub.constants import SUPPORTED_BERICHTVERSIES, AanleveringStatus, Cluster, Kanaal
from vangnet.hub.dkd.pipeline import ParallelLezer, SequentieleLezer
from vangnet.hub.dkd.weigering import Weigering
from vangnet.hub.models import AfgekeurdRecord, DkdAanlevering, DkdPersoon, DkdVoorziening
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie

KLEIN_BESTAND = 1 << 20
"""Up to this size (about 3,000 persons) a file is read in the process itself, not in a forked reader."""

PERSOON_COLUMNS = (
    "gemeente_id", "cluster", "aanlevering_id", "positie", "bsn", "voornamen", "voorletters", "voorvoegsel",
    "achternaam", "geslacht", "geboortedat", "bron_kolom", "bron_partij", "bron_vestiging", "relaties",
)  # fmt: skip
VOORZIENING_COLUMNS = (
    "gemeente_id", "cluster", "aanlevering_id", "positie", "bsn", "relatie", "registratienr", "begin", "einde",
    "cd_type", "omschrijving", "perc_loonwaarde", "is_lks",
)  # fmt: skip
AFKEURING_COLUMNS = ("aanlevering_id", "positie", "bsn", "veld", "reden")

# HTTP status per file-level fault: 413 too large, 403 not the sender, 409 out of order, 400 the rest.
STATUS_BY_CODE = {"te_groot": 413, "andere_gemeente": 403, "volgnummer_te_laag": 409, "geen_gemeente": 403}


@dataclass(frozen=True)
class Afzender:
    """Who delivers: the gemeente, and the user or API key acting for it, through which channel."""

    organisatie: Organisatie
    kanaal: Kanaal
    gebruiker: Gebruiker | None = None
    api_sleutel: ApiSleutel | None = None


@dataclass(frozen=True)
class Resultaat:
    aanlevering: DkdAanlevering
    herhaald: bool  # True: this file was already processed; the first result is returned unchanged


class AanleveringGeweigerd(Weigering[DkdAanlevering]):
    """The whole verzamelbestand is refused; the data stored before is untouched."""

    statussen = STATUS_BY_CODE


class _HashingReader:
    """Passes bytes through while computing the SHA-256 and size of the whole file."""

    def __init__(self, raw: BinaryIO, voortgang: Callable[[int], None] | None) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.voortgang = voortgang

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.sha256.update(chunk)
        self.size += len(chunk)
        if self.voortgang is not None and chunk:
            self.voortgang(len(chunk))
        return chunk


def max_bestandsgrootte() -> int:
    return int(settings.VANGNET_DKD_MAX_BYTES)


def lever_aan(
    afzender: Afzender,
    bestand: BinaryIO,
    *,
    voortgang: Callable[[int], None] | None = None,
    grootte: int | None = None,
) -> Resultaat:
    """Process one verzamelbestand; raises AanleveringGeweigerd when the whole file is refused.

    ``grootte`` is the announced size in bytes, when known: a small file is read without a child process.
    """
    ontvangen_op = timezone.now()
    if afzender.organisatie.type != OrganisatieType.GEMEENTE:
        raise AanleveringGeweigerd("geen_gemeente", _("Alleen een gemeente levert DKD-gegevens aan."))
    reader = _HashingReader(bestand, voortgang)
    kop: Kop | None = None
    try:
        soort = SequentieleLezer if grootte is not None and grootte <= KLEIN_BESTAND else ParallelLezer
        with soort(reader, max_bestandsgrootte(), _rijen) as lezer:  # type: ignore[arg-type]
            kop = lezer.kop()
            _controleer_kop(afzender.organisatie, kop)
            eerder = _herhaling_of_te_laag(afzender.organisatie, kop)
            if eerder is not None:
                return Resultaat(eerder, herhaald=True)
            with transaction.atomic():
                aanlevering = _verwerk(afzender, kop, lezer, reader, ontvangen_op)
            return Resultaat(aanlevering, herhaald=False)
    except BestandFout as fout:
        raise _weiger(afzender, kop, reader, ontvangen_op, fout.code, str(fout)) from fout
    except AanleveringGeweigerd as weigering:
        raise _weiger(afzender, kop, reader, ontvangen_op, weigering.code, weigering.melding) from weigering
    except IntegrityError:
        # A concurrent delivery of the same volgnummer won the race: answer with its result.
        assert kop is not None
        eerder = _eerder_verwerkt(afzender.organisatie, kop)
        if eerder is None:
            raise
        return Resultaat(eerder, herhaald=True)


def _controleer_kop(gemeente: Organisatie, kop: Kop) -> None:
    if kop.gemeentecode != gemeente.gemeentecode:
        raise AanleveringGeweigerd(
            "andere_gemeente",
            _("Het bestand is van gemeente %(kop)s, maar wordt aangeleverd door %(afzender)s.")
            % {"kop": kop.gemeentecode, "afzender": gemeente},
        )
    if kop.berichtversie not in SUPPORTED_BERICHTVERSIES or kop.cluster != Cluster.REINTEGRATIE:
        raise AanleveringGeweigerd(
            "onbekende_versie",
            _("Berichtversie %(versie)s of cluster %(cluster)s wordt niet ondersteund.")
            % {"versie": kop.berichtversie, "cluster": kop.cluster},
        )


def _verwerkte(gemeente: Organisatie, cluster: str) -> QuerySet[DkdAanlevering]:
    return DkdAanlevering.objects.filter(gemeente=gemeente, cluster=cluster, status=AanleveringStatus.VERWERKT)


def _eerder_verwerkt(gemeente: Organisatie, kop: Kop) -> DkdAanlevering | None:
    return _verwerkte(gemeente, kop.cluster).filter(volgnummer=kop.volgnummer).first()


def _herhaling_of_te_laag(gemeente: Organisatie, kop: Kop) -> DkdAanlevering | None:
    """The delivery processed before with this volgnummer (to answer again), or None for a new one above
    every processed volgnummer; refused when a higher one was processed already."""
    laatste = _verwerkte(gemeente, kop.cluster).order_by("-volgnummer").values_list("volgnummer", flat=True).first()
    if laatste is None or kop.volgnummer > laatste:
        return None  # the usual case, in one query
    eerder = _eerder_verwerkt(gemeente, kop)
    if eerder is None:
        raise AanleveringGeweigerd(
            "volgnummer_te_laag",
            _("Volgnummer %(nummer)s is lager dan het laatst verwerkte volgnummer %(laatste)s.")
            % {"nummer": kop.volgnummer, "laatste": laatste},
        )
    return eerder


def _verwerk(
    afzender: Afzender,
    kop: Kop,
    lezer: ParallelLezer | SequentieleLezer,
    reader: _HashingReader,
    ontvangen_op: datetime,
) -> DkdAanlevering:
    gemeente = afzender.organisatie
    verwijder_huidige_gegevens(gemeente.pk, kop.cluster)
    aanlevering = DkdAanlevering.objects.create(
        gemeente=gemeente,
        cluster=kop.cluster,
        kanaal=afzender.kanaal,
        status=AanleveringStatus.VERWERKT,
        volgnummer=kop.volgnummer,
        aanmaakdatum=kop.aanmaakdatum,
        berichtversie=kop.berichtversie,
        ontvangen_op=ontvangen_op,
        ingediend_door=afzender.gebruiker,
        api_sleutel=afzender.api_sleutel,
    )
    personen = BulkWriter(DkdPersoon, PERSOON_COLUMNS)
    voorzieningen = BulkWriter(DkdVoorziening, VOORZIENING_COLUMNS)
    afkeuringen = BulkWriter(AfgekeurdRecord, AFKEURING_COLUMNS)
    for batch in lezer.records((gemeente.pk, kop.cluster, aanlevering.pk), copy_text=uses_copy()):
        personen.write(batch.personen, batch.aantal_personen)
        voorzieningen.write(batch.voorzieningen, batch.aantal_voorzieningen)
        afkeuringen.write([(aanlevering.pk, *rij) for rij in batch.afkeuringen], len(batch.afkeuringen))
    sluitstuk = lezer.sluitstuk()
    _werk_statistieken_bij()
    dubbel = _wijs_dubbele_bsns_af(aanlevering.pk)
    aanlevering.aantal_personen = sluitstuk.aantal_personen
    aanlevering.aantal_geaccepteerd = personen.written - dubbel
    aanlevering.aantal_afgekeurd = afkeuringen.written + dubbel
    aanlevering.aantal_voorzieningen = (
        DkdVoorziening.objects.filter(aanlevering=aanlevering).count() if dubbel else voorzieningen.written
    )
    aanlevering.bestand_sha256 = reader.sha256.hexdigest()
    aanlevering.bestandsgrootte = reader.size
    aanlevering.verwerkt_op = timezone.now()
    aanlevering.save()
    return aanlevering


def _rijen(persoon: Persoon) -> tuple[tuple[Any, ...], tuple[tuple[Any, ...], ...]]:
    """The DkdPersoon row and the DkdVoorziening rows of a person, without the fixed leading columns."""
    bron = persoon.bron
    persoon_rij = (
        persoon.positie,
        persoon.bsn,
        persoon.voornamen or "",
        persoon.voorletters or "",
        persoon.voorvoegsel or "",
        persoon.achternaam or "",
        persoon.geslacht or "",
        persoon.geboortedat or "",
        bron.cd_kolom if bron else None,
        bron.cd_partij if bron else "",
        (bron.cd_vestiging or "") if bron else "",
        _relaties_json(persoon.relaties),
    )
    voorziening_rijen = tuple(
        (
            persoon.positie,
            persoon.bsn,
            v.relatie,
            v.registratienr or "",
            v.begin,
            v.einde,
            v.cd_type or "",
            v.omschrijving or "",
            v.perc_loonwaarde or "",
            v.is_lks,
        )
        for v in persoon.voorzieningen
    )
    return persoon_rij, voorziening_rijen


@functools.lru_cache(maxsize=4096)
def _relaties_json(relaties: tuple[Relatie, ...]) -> str:
    # Most persons of one gemeente share the same relaties (same Bron): serialise each once.
    return json.dumps(
        [
            {
                "bron": {
                    "cd_kolom": r.bron.cd_kolom,
                    "cd_partij": r.bron.cd_partij,
                    "cd_vestiging": r.bron.cd_vestiging,
                },
                "cd_arbeidsvermogen": r.cd_arbeidsvermogen,
                "cd_doel_rv": r.cd_doel_rv,
            }
            for r in relaties
        ]
    )


def _execute(sql: str, params: tuple[Any, ...]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _werk_statistieken_bij() -> None:
    """Refresh PostgreSQL's statistics of the tables this delivery has just replaced wholesale.

    Run inside the delivery's transaction, after the rows are written: ANALYZE counts the
    transaction's own new rows, so the duplicate check below is planned for the rows really
    there, and the statistics commit together with the delivery. Without it the planner works
    from stale or missing statistics: statistics of the previous delivery estimate the new
    ``aanlevering_id`` at one row and turn the duplicate check into a nested loop over all new
    persons (minutes for 30,000), and missing statistics make the LKS-toets scan every person
    instead of using the BSN index (8 s instead of 0.17 s for 10,000 BSNs against a million).
    ANALYZE samples a fixed number of rows, so it stays under a second for a million.
    """
    if connection.vendor != "postgresql":
        return
    tabellen = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (DkdPersoon, DkdVoorziening))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tabellen}")


def verwijder_huidige_gegevens(gemeente_id: int, cluster: str) -> None:
    """Remove the rows of the gemeente's current delivery (found through the aanlevering index)."""
    huidige = list(
        DkdAanlevering.objects.filter(
            gemeente_id=gemeente_id, cluster=cluster, status=AanleveringStatus.VERWERKT
        ).values_list("pk", flat=True)
    )
    if not huidige:
        return
    # Plain DELETEs: the ORM would first load a million rows to look for cascades.
    lijst = ", ".join(["%s"] * len(huidige))
    for model in (DkdVoorziening, DkdPersoon):
        _execute(f"DELETE FROM {model._meta.db_table} WHERE aanlevering_id IN ({lijst})", tuple(huidige))  # noqa: S608


def _wijs_dubbele_bsns_af(aanlevering_id: int) -> int:
    """No BSN twice in one file: every occurrence after the first is rejected. Returns how many."""
    persoon_tabel = DkdPersoon._meta.db_table
    dubbel = list(
        DkdPersoon.objects.raw(
            f"SELECT p.id, p.positie, p.bsn, eerste.positie AS eerste_positie FROM {persoon_tabel} p "  # noqa: S608
            f"JOIN (SELECT bsn, MIN(positie) AS positie FROM {persoon_tabel} WHERE aanlevering_id = %s "
            "GROUP BY bsn HAVING COUNT(*) > 1) eerste ON eerste.bsn = p.bsn "
            "WHERE p.aanlevering_id = %s AND p.positie > eerste.positie",
            [aanlevering_id, aanlevering_id],
        )
    )
    if not dubbel:
        return 0
    AfgekeurdRecord.objects.bulk_create(
        AfgekeurdRecord(
            aanlevering_id=aanlevering_id,
            positie=p.positie,
            bsn=p.bsn,
            veld="Burgerservicenr",
            reden=_("Dit BSN staat al in het bestand, op positie %(positie)s.") % {"positie": p.eerste_positie},  # type: ignore[attr-defined]
        )
        for p in dubbel
    )
    posities = [p.positie for p in dubbel]
    for start in range(0, len(posities), 500):
        deel = posities[start : start + 500]
        DkdVoorziening.objects.filter(aanlevering_id=aanlevering_id, positie__in=deel).delete()
        DkdPersoon.objects.filter(aanlevering_id=aanlevering_id, positie__in=deel).delete()
    return len(dubbel)


def _weiger(
    afzender: Afzender, kop: Kop | None, reader: _HashingReader, ontvangen_op: datetime, code: str, melding: str
) -> AanleveringGeweigerd:
    """Record the refused attempt (history) and return the exception to raise."""
    gemeente = afzender.organisatie
    aanlevering = None
    if gemeente.type == OrganisatieType.GEMEENTE:
        aanlevering = DkdAanlevering.objects.create(
            gemeente=gemeente,
            cluster=kop.cluster if kop and kop.cluster in Cluster.values else Cluster.REINTEGRATIE,
            kanaal=afzender.kanaal,
            status=AanleveringStatus.GEWEIGERD,
            volgnummer=kop.volgnummer if kop else None,
            aanmaakdatum=kop.aanmaakdatum if kop else None,
            berichtversie=(kop.berichtversie if kop else "")[:40],
            bestand_sha256=reader.sha256.hexdigest() if code != "te_groot" else "",
            bestandsgrootte=reader.size,
            ontvangen_op=ontvangen_op,
            verwerkt_op=timezone.now(),
            ingediend_door=afzender.gebruiker,
            api_sleutel=afzender.api_sleutel,
            fout_code=code,
            fout_melding=melding,
        )
    return AanleveringGeweigerd(code, melding, aanlevering)
