"""A row shared with a second organisation (gedeeld_met_field): a gemeente's dossier assigned to a leverancier."""

from datetime import date

import pytest

from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn
from vangnet.gemeente.dossiers.models import Dossier, Taak
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Gebruiker
from vangnet.organisations.scoping import Caller, scope
from vangnet.organisations.services import ensure_organisatie


def caller(organisatie) -> Caller:
    return Caller(organisatie=organisatie, machtigingen=frozenset({"casemanagement"}))


def dossier(gemeente, n: int, leverancier=None) -> Dossier:
    gevonden = Dossier.objects.create(
        gemeente=gemeente,
        bsn=synthetic_bsn(n),
        datum_einde_arbeidsverhouding=date(2026, 3, 10),
        datum_eerste_ao_dag=date(2026, 3, 2),
        geopend_op=timezone.now(),
        leverancier=leverancier,
    )
    Taak.objects.create(
        dossier=gevonden, stap="probleemanalyse", omschrijving="Probleemanalyse", uiterlijk=date(2026, 4, 12)
    )
    return gevonden


@pytest.fixture
def arbodienst(db):
    return ensure_organisatie("Arbodienst", OrganisatieType.LEVERANCIER)


@pytest.fixture
def reintegratiebedrijf(db):
    return ensure_organisatie("Re-integratiebedrijf", OrganisatieType.LEVERANCIER)


def test_a_leverancier_sees_only_what_was_shared_with_it(gemeente_a, gemeente_b, arbodienst, reintegratiebedrijf):
    gedeeld_a = dossier(gemeente_a, 1, arbodienst)
    gedeeld_b = dossier(gemeente_b, 2, arbodienst)
    dossier(gemeente_a, 3)
    dossier(gemeente_a, 4, reintegratiebedrijf)
    assert set(scope(Dossier.objects.all(), caller(arbodienst))) == {gedeeld_a, gedeeld_b}
    assert {t.dossier for t in scope(Taak.objects.all(), caller(arbodienst))} == {gedeeld_a, gedeeld_b}


def test_the_owner_still_sees_its_own_rows_shared_or_not(gemeente_a, gemeente_b, arbodienst):
    eigen = {dossier(gemeente_a, 1, arbodienst), dossier(gemeente_a, 2)}
    dossier(gemeente_b, 3, arbodienst)
    assert set(scope(Dossier.objects.all(), caller(gemeente_a))) == eigen
    assert scope(Taak.objects.all(), caller(gemeente_a)).count() == 2


def test_sharing_with_a_leverancier_does_not_share_with_another_gemeente(gemeente_a, gemeente_b, arbodienst):
    dossier(gemeente_a, 1, arbodienst)
    assert not scope(Dossier.objects.all(), caller(gemeente_b)).exists()
    assert not scope(Taak.objects.all(), caller(gemeente_b)).exists()


def test_the_hub_sees_no_shared_case_files(gemeente_a, arbodienst, hub):
    dossier(gemeente_a, 1, arbodienst)
    assert not scope(Dossier.objects.all(), caller(hub)).exists()


def test_models_without_a_second_owner_are_scoped_as_before(gemeente_a, arbodienst, make_user):
    make_user(gemeente_a, "km")
    assert not scope(Gebruiker.objects.all(), caller(arbodienst)).exists()
    assert not hasattr(Gebruiker, "gedeeld_met_field")
