"""Meldingen with their signals, written straight to the tables (the meldingen service is tested elsewhere)."""

import hashlib
import itertools
from datetime import date, datetime

from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn, synthetic_bsns
from vangnet.hub.constants import MeldingType, RedenEindeUitkering
from vangnet.hub.models import Melding, Signaal
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie
from vangnet.organisations.services import ensure_organisatie

_volgnummer = itertools.count(1)


def uwv_afzender() -> Organisatie:
    return ensure_organisatie("UWV", OrganisatieType.UWV)


def ziek_uit_dienst(
    gemeente: Organisatie,
    n: int,
    *,
    einde_arbeidsverhouding: date = date(2026, 10, 31),
    eerste_ao_dag: date = date(2026, 10, 15),
    aangemaakt_op: datetime | None = None,
) -> Signaal:
    """A ziek-uit-dienst melding for synthetic person ``n`` and its signal (no einde uitkering yet)."""
    return _signaal(
        gemeente,
        synthetic_bsn(n),
        MeldingType.ZIEK_UIT_DIENST,
        aangemaakt_op,
        datum_einde_arbeidsverhouding=einde_arbeidsverhouding,
        datum_eerste_ao_dag=eerste_ao_dag,
    )


def einde_uitkering(
    gemeente: Organisatie, n: int, *, einde_uitkering: date = date(2026, 11, 20), aangemaakt_op: datetime | None = None
) -> Signaal:
    """An einde-uitkering melding (betermelding) for synthetic person ``n``: only that date applies."""
    return _signaal(
        gemeente,
        synthetic_bsn(n),
        MeldingType.EINDE_UITKERING,
        aangemaakt_op,
        datum_einde_uitkeringsverhouding=einde_uitkering,
        reden=RedenEindeUitkering.BETERMELDING,
    )


def _signaal(
    gemeente: Organisatie, bsn: str, type: str, aangemaakt_op: datetime | None, reden: str = "", **datums: date
) -> Signaal:
    moment = aangemaakt_op or timezone.now()
    kenmerk = f"UWV-{next(_volgnummer):08d}"
    melding = Melding.objects.create(
        afzender=uwv_afzender(),
        kenmerk=kenmerk,
        type=type,
        bsn=bsn,
        gemeente=gemeente,
        reden=reden,
        inhoud_sha256=hashlib.sha256(kenmerk.encode()).hexdigest(),
        ontvangen_op=moment,
        **datums,
    )
    return Signaal.objects.create(melding=melding, gemeente=gemeente, bsn=bsn, aangemaakt_op=moment, **datums)


def veel_signalen(gemeenten: list[Organisatie], aantal: int, aangemaakt_op: datetime, start: int = 0) -> None:
    """``aantal`` ziek-uit-dienst signals spread round-robin over the gemeenten, in bulk.

    The persons are synthetic BSNs ``start`` to ``start + aantal``; the test range holds 90,909.
    """
    afzender = uwv_afzender()
    reeks = next(_volgnummer)
    meldingen = []
    for i, bsn in enumerate(synthetic_bsns(aantal, start)):
        kenmerk = f"UWV-BULK-{reeks}-{i}"
        meldingen.append(
            Melding(
                afzender=afzender,
                kenmerk=kenmerk,
                type=MeldingType.ZIEK_UIT_DIENST,
                bsn=bsn,
                gemeente=gemeenten[i % len(gemeenten)],
                datum_einde_arbeidsverhouding=date(2026, 10, 31),
                datum_eerste_ao_dag=date(2026, 10, 15),
                inhoud_sha256=hashlib.sha256(kenmerk.encode()).hexdigest(),
                ontvangen_op=aangemaakt_op,
            )
        )
    Melding.objects.bulk_create(meldingen, batch_size=2000)
    bewaard = Melding.objects.filter(kenmerk__startswith=f"UWV-BULK-{reeks}-").values_list(
        "pk", "gemeente_id", "bsn", "datum_einde_arbeidsverhouding", "datum_eerste_ao_dag"
    )
    Signaal.objects.bulk_create(
        (
            Signaal(
                melding_id=pk,
                gemeente_id=gemeente_id,
                bsn=bsn,
                datum_einde_arbeidsverhouding=einde,
                datum_eerste_ao_dag=ao,
                aangemaakt_op=aangemaakt_op,
            )
            for pk, gemeente_id, bsn, einde, ao in bewaard
        ),
        batch_size=2000,
    )
