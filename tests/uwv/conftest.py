"""UWV's side against a real hub: the live server answers the hub's API with UWV's own API key."""

import io
from datetime import date

import pytest
from tests.conftest import PASSWORD
from tests.hub.factories import persoon, verzamelbestand

from vangnet.domain.bsn import synthetic_bsn
from vangnet.hub.constants import Kanaal
from vangnet.hub.dkd.ingest import Afzender, lever_aan
from vangnet.organisations.constants import Product
from vangnet.organisations.services import create_api_key
from vangnet.uwv.claims import Ziekmelding

MET_LKS = synthetic_bsn(1)  # Utrecht paid LKS from 1 January 2025, still running
ZONDER_LKS = synthetic_bsn(2)  # unknown to the DKD
LOONHEFFINGENNUMMER = "123456782L01"


@pytest.fixture(autouse=True)
def geen_hub(settings):
    """Without the live server UWV's client finds nothing listening (never a stray local server)."""
    settings.VANGNET_HUB_URL = "http://127.0.0.1:9"
    settings.VANGNET_UWV_HUB_API_KEY = "vn_geen_sleutel"


@pytest.fixture
def hub_api(geen_hub, live_server, uwv, settings):
    """The hub's API on the live server, reached by UWV's client with a real key (machtiging lks_toets)."""
    settings.VANGNET_HUB_URL = live_server.url
    settings.VANGNET_UWV_HUB_API_KEY = create_api_key(uwv, "UWV naar de hub", [Product.LKS_TOETS]).plain_key
    return live_server


@pytest.fixture
def lks_bij_utrecht(gemeente_a):
    bestand = verzamelbestand("GM0344", 1, [persoon(1, perioden=((date(2025, 1, 1), None),))])
    lever_aan(Afzender(gemeente_a, Kanaal.CLI), io.BytesIO(bestand))


@pytest.fixture
def uwv_client(uwv, api_client_for):
    return api_client_for(uwv, [Product.LKS_TOETS])


@pytest.fixture
def medewerker(uwv, make_user, client):
    make_user(uwv, "uwv.medewerker", (Product.LKS_TOETS,))
    client.login(username="uwv.medewerker", password=PASSWORD)
    return client


def ziekmelding(
    bsn: str = MET_LKS,
    *,
    einde: date = date(2026, 9, 30),
    eerste_ao_dag: date = date(2026, 9, 14),
    melding: date = date(2026, 10, 1),
    werkgever: str = "Bakkerij De Korenschoof",
) -> Ziekmelding:
    return Ziekmelding(bsn, werkgever, LOONHEFFINGENNUMMER, einde, eerste_ao_dag, melding)


def api_body(bsn: str = MET_LKS, **anders) -> dict:
    body = {
        "bsn": bsn,
        "werkgever": {"naam": "Bakkerij De Korenschoof", "loonheffingennummer": "1234.56.782.L01"},
        "datum_einde_arbeidsverhouding": "2026-09-30",
        "datum_eerste_ao_dag": "2026-09-14",
    }
    body.update(anders)
    return body
