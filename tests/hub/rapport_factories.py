"""Published signaalrapporten for tests, with content written by the domain's CSV rule."""

from datetime import UTC, date, datetime, time, timedelta

from vangnet.domain import signaalrapport
from vangnet.domain.bsn import synthetic_bsn
from vangnet.domain.signaalrapport import Signaalregel
from vangnet.hub.models import Signaalrapport
from vangnet.organisations.models import Organisatie


def regels(aantal: int, start: int = 0) -> list[Signaalregel]:
    """Alternately a ziek-uit-dienst row (no end of benefit) and an einde-uitkering row."""
    return [
        Signaalregel(
            bsn=synthetic_bsn(start + i),
            datum_einde_uitkeringsverhouding=date(2026, 11, 20) if i % 2 else None,
            datum_einde_arbeidsverhouding=date(2026, 9, 30) - timedelta(days=i),
            datum_eerste_ao_dag=date(2026, 9, 1) - timedelta(days=i),
        )
        for i in range(aantal)
    ]


def rapport(
    gemeente: Organisatie,
    publicatiedatum: date = date(2026, 11, 23),
    aantal: int = 2,
    start: int = 0,
    verwijderd: bool = False,
) -> Signaalrapport:
    return Signaalrapport.objects.create(
        gemeente=gemeente,
        publicatiedatum=publicatiedatum,
        gepubliceerd_op=datetime.combine(publicatiedatum, time(6, 0), tzinfo=UTC),
        titel=signaalrapport.titel(publicatiedatum),
        bestandsnaam=signaalrapport.bestandsnaam(gemeente.naam, publicatiedatum),
        inhoud=signaalrapport.csv_inhoud(regels(aantal, start)),
        aantal_signalen=aantal,
        verwijderd_op=datetime.combine(publicatiedatum, time(12, 0), tzinfo=UTC) if verwijderd else None,
    )


def rapporten(gemeente: Organisatie, aantal: int, eerste: date = date(2026, 1, 1)) -> list[Signaalrapport]:
    """One report per day from ``eerste`` on."""
    return [rapport(gemeente, eerste + timedelta(days=i), aantal=1, start=i) for i in range(aantal)]
