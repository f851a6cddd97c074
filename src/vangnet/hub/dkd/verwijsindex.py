"""The verwijsindex: which gemeenten hold DKD data on a BSN, for which cluster, from which source.

Two sources answer together: the persons of each batch gemeente's current delivery
(DkdPersoon, replaced whole by every accepted delivery) and the entries a webservice gemeente
hands the hub (the Verwijsindex table).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max

from vangnet.hub.constants import Bronsoort
from vangnet.hub.models import DkdAanlevering, DkdPersoon, Verwijsindex

_CHUNK = 2_000


@dataclass(frozen=True)
class Verwijzing:
    bsn: str
    gemeente_id: int
    cluster: str
    bron: Bronsoort
    bijgewerkt_op: datetime | None


@dataclass(frozen=True)
class Omvang:
    aantal: int
    bijgewerkt_op: datetime | None


def verwijzingen(bsns: Sequence[str]) -> list[Verwijzing]:
    """Every entry for these BSNs, batch and webservice, ordered by BSN and gemeente."""
    gevonden: list[Verwijzing] = []
    uniek = sorted(set(bsns))
    for start in range(0, len(uniek), _CHUNK):
        deel = uniek[start : start + _CHUNK]
        personen = DkdPersoon.objects.filter(bsn__in=deel).values_list(
            "bsn", "gemeente_id", "cluster", "aanlevering_id"
        )
        rijen = list(personen)
        verwerkt_op = dict(DkdAanlevering.objects.filter(pk__in={r[3] for r in rijen}).values_list("pk", "verwerkt_op"))
        gevonden.extend(Verwijzing(b, g, c, Bronsoort.BATCH, verwerkt_op.get(a)) for b, g, c, a in rijen)
        gevonden.extend(
            Verwijzing(v.bsn, v.gemeente_id, v.cluster, Bronsoort(v.bron), v.bijgewerkt_op)
            for v in Verwijsindex.objects.filter(bsn__in=deel)
        )
    return sorted(gevonden, key=lambda v: (v.bsn, v.gemeente_id, v.cluster, v.bron))


def webservice_omvang(gemeente_ids: Iterable[int], cluster: str) -> dict[int, Omvang]:
    """Per gemeente that handed the hub entries: how many, and when they were last updated."""
    return {
        r["gemeente_id"]: Omvang(r["aantal"], r["bijgewerkt"])
        for r in Verwijsindex.objects.filter(gemeente_id__in=list(gemeente_ids), cluster=cluster)
        .values("gemeente_id")
        .annotate(aantal=Count("id"), bijgewerkt=Max("bijgewerkt_op"))
    }


def omvang(huidige_aanlevering: DkdAanlevering | None, webservice: Omvang | None) -> Omvang:
    """A gemeente's whole verwijsindex: the persons of its current delivery plus its webservice entries."""
    delen = [o for o in (_batch_omvang(huidige_aanlevering), webservice) if o is not None]
    momenten = [o.bijgewerkt_op for o in delen if o.bijgewerkt_op is not None]
    return Omvang(sum(o.aantal for o in delen), max(momenten, default=None))


def _batch_omvang(aanlevering: DkdAanlevering | None) -> Omvang | None:
    if aanlevering is None:
        return None
    return Omvang(aanlevering.aantal_geaccepteerd, aanlevering.verwerkt_op)
