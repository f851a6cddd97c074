"""Fixtures of the LKS register, shared by the register's tests and those of the koppeling with the hub."""

from datetime import date
from decimal import Decimal

import pytest

from vangnet.domain.bsn import synthetic_bsn
from vangnet.gemeente.register.models import LksPeriode, LksPersoon, Werkgever
from vangnet.gemeente.register.services import (
    PeriodeGegevens,
    PersoonGegevens,
    WerkgeverGegevens,
    bewaar_periode,
    bewaar_persoon,
    bewaar_werkgever,
)
from vangnet.organisations.models import Organisatie

LHNR = "123456782L01"
LHNR_2 = "111222333L01"


@pytest.fixture
def werkgever(gemeente_a) -> Werkgever:
    return bewaar_werkgever(gemeente_a, WerkgeverGegevens("Bakkerij De Korrel", LHNR, "A. de Vries"))[0]


@pytest.fixture
def maak_persoon():
    def maak(
        gemeente: Organisatie,
        werkgever: Werkgever,
        n: int = 1,
        perioden: tuple[tuple[date, date | None], ...] = ((date(2025, 1, 1), None),),
        **gegevens,
    ) -> LksPersoon:
        persoon, _ = bewaar_persoon(
            gemeente,
            PersoonGegevens(
                bsn=synthetic_bsn(n),
                achternaam=gegevens.pop("achternaam", "Persoon" + "abcdefghij"[n % 10]),
                **gegevens,
            ),
        )
        for begin, einde in perioden:
            bewaar_periode(persoon, werkgever, PeriodeGegevens(begin, einde, Decimal("60")))
        return persoon

    return maak


@pytest.fixture
def register_gebruiker(gemeente_a, make_user):
    return make_user(gemeente_a, "lks.utrecht", ("dkd_aanleveren",))


@pytest.fixture
def portaal(client, register_gebruiker):
    client.force_login(register_gebruiker)
    return client


def perioden_van(persoon: LksPersoon) -> list[tuple]:
    return list(
        LksPeriode.objects.filter(persoon=persoon).order_by("begin").values_list("begin", "einde", "loonwaarde")
    )
