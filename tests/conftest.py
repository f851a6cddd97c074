import pytest
from hypothesis import HealthCheck, settings

from rest_framework.test import APIClient

from vangnet.organisations import gemeentelijst
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.models import Gebruiker, Organisatie
from vangnet.organisations.services import create_api_key, create_user, ensure_organisatie, vergeet_api_keys

PASSWORD = "Test-wachtwoord-123"

# On a busy machine (the CI runs beside other work) slow input generation is no failure.
settings.register_profile("vangnet", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("vangnet")


@pytest.fixture(autouse=True)
def _vergeet_wat_in_het_geheugen_staat():
    """Each test's database has its own organisations and keys: forget what processes keep in memory."""
    gemeentelijst.vergeet()
    vergeet_api_keys()
    yield
    gemeentelijst.vergeet()
    vergeet_api_keys()


@pytest.fixture
def gemeente_a(db) -> Organisatie:
    return Organisatie.objects.create(naam="Utrecht", type=OrganisatieType.GEMEENTE, gemeentecode="GM0344")


@pytest.fixture
def gemeente_b(db) -> Organisatie:
    return Organisatie.objects.create(naam="Amsterdam", type=OrganisatieType.GEMEENTE, gemeentecode="GM0363")


@pytest.fixture
def hub(db) -> Organisatie:
    return ensure_organisatie("Inlichtingenbureau (hub)", OrganisatieType.HUB)


@pytest.fixture
def uwv(db) -> Organisatie:
    return ensure_organisatie("UWV", OrganisatieType.UWV)


@pytest.fixture
def make_user(db):
    def make(organisatie: Organisatie, username: str, machtigingen=(Product.CASEMANAGEMENT,)) -> Gebruiker:
        return create_user(organisatie, username, PASSWORD, machtigingen)

    return make


@pytest.fixture
def api_client_for(db):
    def client_for(organisatie: Organisatie, machtigingen=None) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_X_API_KEY=create_api_key(organisatie, "test", machtigingen).plain_key)
        return client

    return client_for
