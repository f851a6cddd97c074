"""voeg_in: many new rows in one statement, each value as Django would store it."""

from datetime import date
from decimal import Decimal

import pytest
from tests.gemeente.conftest import LHNR

from vangnet.core.bulk import voeg_in
from vangnet.domain.bsn import synthetic_bsn
from vangnet.gemeente.register.models import LksPeriode, LksPersoon, Werkgever

pytestmark = pytest.mark.django_db


def test_rows_get_their_own_values_defaults_and_one_moment(gemeente_a, gemeente_b):
    voeg_in(
        LksPersoon,
        [
            LksPersoon(gemeente=gemeente_a, bsn=synthetic_bsn(1), achternaam="Jansen", geboortedatum=date(1990, 1, 1)),
            LksPersoon(gemeente=gemeente_b, bsn=synthetic_bsn(2), achternaam="Jansen", geboortedatum=date(1990, 1, 1)),
            LksPersoon(gemeente=gemeente_a, bsn=synthetic_bsn(3), achternaam="de Vries", geboortedatum=None),
        ],
    )
    personen = list(LksPersoon.objects.order_by("bsn"))
    assert [(p.gemeente_id, p.bsn, p.achternaam, p.geboortedatum) for p in personen] == [
        (gemeente_a.pk, synthetic_bsn(1), "Jansen", date(1990, 1, 1)),
        (gemeente_b.pk, synthetic_bsn(2), "Jansen", date(1990, 1, 1)),
        (gemeente_a.pk, synthetic_bsn(3), "de Vries", None),
    ]
    assert len({p.uuid for p in personen}) == 3
    assert len({p.aangemaakt_op for p in personen}) == len({p.gewijzigd_op for p in personen}) == 1
    assert personen[0].aangemaakt_op is not None


def test_equal_values_of_another_type_are_converted_each_as_their_own(gemeente_a):
    werkgever = Werkgever.objects.create(gemeente=gemeente_a, naam="Bakkerij", loonheffingennummer=LHNR)
    persoon = LksPersoon.objects.create(gemeente=gemeente_a, bsn=synthetic_bsn(1), achternaam="Jansen")
    # 50 == Decimal("50") == 50.0: one converted value must not stand in for the other's.
    voeg_in(
        LksPeriode,
        [
            LksPeriode(persoon=persoon, werkgever=werkgever, begin=date(2024, 1, 1), einde=date(2024, 6, 30),
                       loonwaarde=Decimal("50.25")),
            LksPeriode(persoon=persoon, werkgever=werkgever, begin=date(2025, 1, 1), einde=date(2025, 6, 30),
                       loonwaarde=50),
            LksPeriode(persoon=persoon, werkgever=werkgever, begin=date(2026, 1, 1), loonwaarde=Decimal("50.25")),
        ],
    )  # fmt: skip
    assert list(LksPeriode.objects.order_by("begin").values_list("begin", "einde", "loonwaarde")) == [
        (date(2024, 1, 1), date(2024, 6, 30), Decimal("50.25")),
        (date(2025, 1, 1), date(2025, 6, 30), Decimal("50.00")),
        (date(2026, 1, 1), None, Decimal("50.25")),
    ]
