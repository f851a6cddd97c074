"""The same client in one process: httpx's WSGI transport instead of a socket (demo, simulation)."""

import httpx
import pytest
import time_machine
from tests.uwv.conftest import ziekmelding

from django.core.wsgi import get_wsgi_application

from vangnet.hub.models import Signaal
from vangnet.organisations.constants import Product
from vangnet.organisations.services import create_api_key
from vangnet.uwv.claims import registreer_ziekmelding
from vangnet.uwv.constants import Bron
from vangnet.uwv.hub_client import HubClient
from vangnet.uwv.verwerking import verwerk


@pytest.mark.django_db(transaction=True)
def test_the_daily_run_reaches_the_hub_in_process(lks_bij_utrecht, gemeente_a, uwv):
    sleutel = create_api_key(uwv, "UWV in-process", [Product.LKS_TOETS]).plain_key
    with time_machine.travel("2026-10-01 10:00 +02:00", tick=True):
        claim = registreer_ziekmelding(uwv, ziekmelding(), bron=Bron.API).claim
        transport = httpx.WSGITransport(app=get_wsgi_application())
        with HubClient("http://testserver", sleutel, transport=transport) as client:
            resultaat = verwerk(client)
    assert (resultaat.lks_ja, resultaat.verzonden) == (1, 1)
    claim.refresh_from_db()
    assert claim.lks_gemeentecode == "GM0344"
    assert Signaal.objects.get().gemeente_id == gemeente_a.pk
