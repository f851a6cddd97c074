"""The gemeente module as a GSDReintegratieInfo provider, over real sockets (pytest-django's live_server).

The hub's own SoapWebserviceClient calls the gemeente endpoint, signed with WS-Security by a
self-made certificate the gemeente trusts; and a gemeente switches from verzamelbestand to
webservice, pushes its verwijsindex, and stays visible to the LKS-toets.
"""

from datetime import date, timedelta

import httpx
import pytest
from lxml import etree
from tests.suwiml.loopback import maak_pki

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn
from vangnet.gemeente.koppeling.models import GemeenteKoppeling
from vangnet.gemeente.koppeling.verwijsindex import lever_verwijsindex_aan, verwijsindex_bsns
from vangnet.gemeente.register.models import LksPersoon
from vangnet.hub.constants import Aanlevermethode, Bronsoort, Cluster, Uitkomst
from vangnet.hub.dkd.soap_client import SoapWebserviceClient
from vangnet.hub.models import DkdInstelling, DkdPersoon, Verwijsindex, VerwijsindexLevering, WebserviceAanroep
from vangnet.organisations.services import create_api_key
from vangnet.suwiml import reintegratie
from vangnet.suwiml.berichten import (
    Adressering,
    bouw_envelop,
    lees_envelop,
    naar_bytes,
    nieuw_message_id,
    parse_veilig,
)
from vangnet.suwiml.schemas import fouten

PAD = "/gemeente/GM0344/soap/GSDDossierReintegratie-v0200"
SOAP_HEADERS = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return maak_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def hub_ondertekent(settings, pki):
    """The hub's SOAP client signs with a certificate of the test CA; the gemeente trusts that CA."""
    settings.VANGNET_DKD_WEBSERVICE_CLIENT = "vangnet.hub.dkd.soap_client.SoapWebserviceClient"
    settings.VANGNET_WEBSERVICE_HTTPS_VERPLICHT = False
    settings.VANGNET_SOAP_TLS_CERT = settings.VANGNET_SOAP_TLS_KEY = settings.VANGNET_SOAP_TLS_CA = ""
    settings.VANGNET_SOAP_ONDERTEKENEN = True
    settings.VANGNET_SOAP_ONDERTEKEN_CERT, settings.VANGNET_SOAP_ONDERTEKEN_KEY = (
        str(pki.client.cert),
        str(pki.client.key),
    )
    settings.VANGNET_SOAP_VERTROUWD = str(pki.ca.cert)
    settings.VANGNET_DKD_WEBSERVICE_BUDGET = 10
    settings.VANGNET_DKD_WEBSERVICE_READ_TIMEOUT = 8
    return settings


def webservice(gemeente, url: str) -> DkdInstelling:
    instelling, _ = DkdInstelling.objects.update_or_create(
        gemeente=gemeente,
        cluster=Cluster.REINTEGRATIE,
        defaults={"aanlevermethode": Aanlevermethode.WEBSERVICE, "endpoint_url": url},
    )
    return instelling


def verzoek_bytes(bsn: str, to: str, *, action: str = reintegratie.ACTION_VERZOEK) -> bytes:
    adressering = Adressering(action=action, message_id=nieuw_message_id(), to=to, van="urn:test")
    return naar_bytes(bouw_envelop(reintegratie.verzoek(bsn), adressering))


def fwi_code(inhoud: bytes) -> str:
    envelop = lees_envelop(parse_veilig(inhoud))
    assert envelop.fout is not None and envelop.fout.melding is not None
    return envelop.fout.melding.code


# --- the hub's client asks the gemeente endpoint ------------------------------------------------------------


def test_the_hubs_client_gets_the_lks_periods_from_the_gemeente_endpoint(
    live_server, transactional_db, hub_ondertekent, gemeente_a, gemeente_b, werkgever, maak_persoon
):
    maak_persoon(
        gemeente_a,
        werkgever,
        1,
        perioden=((date(2023, 1, 1), date(2023, 12, 31)), (date(2025, 3, 1), None)),
        voorletters="JP",
    )
    maak_persoon(gemeente_a, werkgever, 2, perioden=())
    instelling = webservice(gemeente_a, live_server.url + PAD)
    client = SoapWebserviceClient()

    antwoord = client.vraag(instelling, synthetic_bsn(1))
    assert antwoord.uitkomst == Uitkomst.OK, antwoord.melding
    assert [(p.begin, p.einde) for p in antwoord.perioden] == [
        (date(2023, 1, 1), date(2023, 12, 31)),
        (date(2025, 3, 1), None),
    ]
    persoon = antwoord.persoon
    assert persoon.bsn == synthetic_bsn(1) and persoon.achternaam == "Persoonb" and persoon.voorletters == "JP"
    assert [r.bron.cd_partij for r in persoon.relaties] == ["0344"]

    # A person without a period, and a BSN the register does not know: NietsGevonden.
    assert client.vraag(instelling, synthetic_bsn(2)).uitkomst == Uitkomst.NIETS_GEVONDEN
    assert client.vraag(instelling, synthetic_bsn(3)).uitkomst == Uitkomst.NIETS_GEVONDEN
    # Another gemeente's endpoint answers from its own register only.
    amsterdam = webservice(gemeente_b, live_server.url + "/gemeente/GM0363/soap/GSDDossierReintegratie-v0200")
    assert client.vraag(amsterdam, synthetic_bsn(1)).uitkomst == Uitkomst.NIETS_GEVONDEN


def test_the_answer_is_valid_against_our_schema_and_the_wsdl_is_served(
    live_server, transactional_db, hub_ondertekent, gemeente_a, hub, werkgever, maak_persoon
):
    maak_persoon(gemeente_a, werkgever, 1)
    sleutel = create_api_key(hub, "hub-test", []).plain_key
    antwoord = httpx.post(
        live_server.url + PAD,
        content=verzoek_bytes(synthetic_bsn(1), live_server.url + PAD),
        headers={**SOAP_HEADERS, "X-Api-Key": sleutel},
    )
    assert antwoord.status_code == 200, antwoord.text
    envelop = lees_envelop(parse_veilig(antwoord.content))
    assert fouten(envelop.inhoud, reintegratie.XSD) == []
    assert envelop.adressering.action == reintegratie.ACTION_ANTWOORD and envelop.adressering.to == "urn:test"
    assert envelop.inhoud.find("ClientSuwi/Burgerservicenr").text == synthetic_bsn(1)

    wsdl = httpx.get(live_server.url + PAD + "?wsdl")
    assert wsdl.status_code == 200
    adressen = etree.fromstring(wsdl.content).findall(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert [a.get("location") for a in adressen] == [live_server.url + PAD]


def test_only_the_hub_may_ask_and_a_bad_request_gets_an_fwi_fault(
    live_server, transactional_db, hub_ondertekent, gemeente_a, hub, werkgever, maak_persoon, pki
):
    maak_persoon(gemeente_a, werkgever, 1)
    url = live_server.url + PAD
    verzoek = verzoek_bytes(synthetic_bsn(1), url)

    # Unsigned and without a key: refused.
    geen = httpx.post(url, content=verzoek, headers=SOAP_HEADERS)
    assert geen.status_code == 401 and fwi_code(geen.content) == "VN-AUTH"
    assert synthetic_bsn(1).encode() not in geen.content.split(b"Body")[1]
    # Signed by a certificate of another CA: refused; the hub's client records it as geweigerd.
    hub_ondertekent.VANGNET_SOAP_ONDERTEKEN_CERT = str(pki.vreemde_client.cert)
    hub_ondertekent.VANGNET_SOAP_ONDERTEKEN_KEY = str(pki.vreemde_client.key)
    vreemd = SoapWebserviceClient().vraag(webservice(gemeente_a, url), synthetic_bsn(1))
    assert vreemd.uitkomst == Uitkomst.GEWEIGERD
    hub_ondertekent.VANGNET_SOAP_ONDERTEKENEN = False
    # A key of the gemeente itself is not the hub's.
    gemeente_sleutel = create_api_key(gemeente_a, "eigen", ["dkd_aanleveren"]).plain_key
    eigen = httpx.post(url, content=verzoek, headers={**SOAP_HEADERS, "X-Api-Key": gemeente_sleutel})
    assert eigen.status_code == 403 and fwi_code(eigen.content) == "VN-MACHTIGING"
    onbekend = httpx.post(url, content=verzoek, headers={**SOAP_HEADERS, "X-Api-Key": "vn_onbekend"})
    assert onbekend.status_code == 401

    hub_sleutel = create_api_key(hub, "hub-test", []).plain_key
    als_hub = {**SOAP_HEADERS, "X-Api-Key": hub_sleutel}
    assert httpx.post(url, content=verzoek, headers=als_hub).status_code == 200
    # Bad requests: an invalid BSN, a wrong Action, no SOAP at all.
    ongeldig = verzoek.replace(synthetic_bsn(1).encode(), b"123456789")
    for inhoud in (ongeldig, verzoek_bytes(synthetic_bsn(1), url, action="urn:iets-anders"), b"<geen-soap/>"):
        fout = httpx.post(url, content=inhoud, headers=als_hub)
        assert fout.status_code == 500 and fwi_code(fout.content) == "VN-ONGELDIG"
    onbekende_gemeente = httpx.post(live_server.url + "/gemeente/GM9999/soap/GSDDossierReintegratie-v0200",
                                    content=verzoek, headers=als_hub)  # fmt: skip
    assert onbekende_gemeente.status_code == 404 and fwi_code(onbekende_gemeente.content) == "VN-ONBEKEND"


# --- the verwijsindex ---------------------------------------------------------------------------------------


@pytest.fixture
def koppeling(live_server, transactional_db, gemeente_a):
    sleutel = create_api_key(gemeente_a, "gemeente-systeem", ["dkd_aanleveren"])
    return GemeenteKoppeling.objects.create(gemeente=gemeente_a, hub_url=live_server.url, api_sleutel=sleutel.plain_key)


def test_the_verwijsindex_holds_current_and_recent_periods_only(gemeente_a, werkgever, maak_persoon):
    vandaag = date(2026, 11, 29)
    maak_persoon(gemeente_a, werkgever, 1, perioden=((date(2025, 1, 1), None),))
    maak_persoon(gemeente_a, werkgever, 2, perioden=((date(2022, 1, 1), date(2024, 6, 30)),))
    maak_persoon(gemeente_a, werkgever, 3, perioden=((date(2015, 1, 1), date(2016, 12, 31)),))
    maak_persoon(gemeente_a, werkgever, 4, perioden=((date(2015, 1, 1), date(2016, 12, 31)), (date(2026, 1, 1), None)))
    maak_persoon(gemeente_a, werkgever, 5, perioden=())
    assert verwijsindex_bsns(gemeente_a, vandaag) == sorted([synthetic_bsn(1), synthetic_bsn(2), synthetic_bsn(4)])


def test_the_push_takes_the_next_volgnummer_and_replaces_the_whole_index(
    live_server, koppeling, gemeente_a, werkgever, maak_persoon, capsys
):
    webservice(gemeente_a, "http://gemeente.invalid/soap")
    with pytest.raises(CommandError, match="geen personen"):
        call_command("gemeente-verwijsindex-aanleveren", "--organisatie", "GM0344")
    maak_persoon(gemeente_a, werkgever, 1)
    maak_persoon(gemeente_a, werkgever, 2)

    call_command("gemeente-verwijsindex-aanleveren", "--organisatie", "GM0344")
    assert "volgnummer 1: 2 BSN's verstuurd" in capsys.readouterr().out
    index = Verwijsindex.objects.filter(gemeente=gemeente_a, bron=Bronsoort.WEBSERVICE)
    assert sorted(index.values_list("bsn", flat=True)) == [synthetic_bsn(1), synthetic_bsn(2)]

    maak_persoon(gemeente_a, werkgever, 3)
    LksPersoon.objects.get(bsn=synthetic_bsn(1)).perioden.all().delete()
    resultaat = lever_verwijsindex_aan(gemeente_a)
    assert (resultaat.geslaagd, resultaat.volgnummer, resultaat.aantal_bsns) == (True, 2, 2)
    assert sorted(index.values_list("bsn", flat=True)) == [synthetic_bsn(2), synthetic_bsn(3)]
    assert list(VerwijsindexLevering.objects.order_by("volgnummer").values_list("volgnummer", "status")) == [
        (1, "verwerkt"),
        (2, "verwerkt"),
    ]


def test_a_push_for_a_batch_gemeente_is_refused_by_the_hub(live_server, koppeling, gemeente_a, werkgever, maak_persoon):
    maak_persoon(gemeente_a, werkgever, 1)
    resultaat = lever_verwijsindex_aan(gemeente_a)
    assert not resultaat.geslaagd and resultaat.http_status == 409
    assert "verzamelbestand" in resultaat.melding
    with pytest.raises(CommandError, match="niet aangeleverd"):
        call_command("gemeente-verwijsindex-aanleveren", "--organisatie", "GM0344")


# --- the switch ---------------------------------------------------------------------------------------------


def lks_toets(live_server, sleutel: str, bsn: str, datum: date) -> dict:
    antwoord = httpx.post(
        f"{live_server.url}/api/v1/lks-toetsen",
        json={"bsn": bsn, "datum_einde_arbeidsverhouding": datum.isoformat()},
        headers={"X-Api-Key": sleutel},
        timeout=30,
    )
    assert antwoord.status_code == 200, antwoord.text
    return antwoord.json()


def test_a_gemeente_switches_from_verzamelbestand_to_webservice_without_losing_a_person(
    live_server, koppeling, hub_ondertekent, gemeente_a, uwv, werkgever, maak_persoon
):
    vandaag = timezone.localdate()
    begin = vandaag - timedelta(days=400)
    maak_persoon(gemeente_a, werkgever, 1, perioden=((begin, None),))
    maak_persoon(gemeente_a, werkgever, 2, perioden=((vandaag - timedelta(days=900), vandaag - timedelta(days=200)),))
    uwv_sleutel = create_api_key(uwv, "uwv-test", ["lks_toets"]).plain_key

    # 1. By verzamelbestand: the hub answers from the file.
    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")
    assert DkdPersoon.objects.filter(gemeente=gemeente_a).count() == 2
    voor = lks_toets(live_server, uwv_sleutel, synthetic_bsn(1), vandaag)
    assert voor["lks_betaald"] == "ja" and voor["gemeente"]["code"] == "GM0344"
    assert [(p["begin"], p["bron"]) for p in voor["perioden"]] == [(begin.isoformat(), "batch")]

    # 2. The switch: the hub's DKD-instelling points at the gemeente's own endpoint; nothing is lost meanwhile.
    webservice(gemeente_a, live_server.url + PAD)
    assert lks_toets(live_server, uwv_sleutel, synthetic_bsn(1), vandaag)["lks_betaald"] == "ja"

    # 3. The verwijsindex push replaces the file's persons; the toets now asks the gemeente endpoint.
    call_command("gemeente-verwijsindex-aanleveren", "--organisatie", "GM0344")
    levering = VerwijsindexLevering.objects.get()
    assert (levering.status, levering.aantal_na, levering.batch_vervangen) == ("verwerkt", 2, 2)
    assert not DkdPersoon.objects.filter(gemeente=gemeente_a).exists()

    for n in (1, 2):
        na = lks_toets(live_server, uwv_sleutel, synthetic_bsn(n), vandaag)
        assert na["lks_betaald"] == "ja", na
        assert na["gemeente"]["code"] == "GM0344"
        assert {p["bron"] for p in na["perioden"]} == {"webservice"}
    na = lks_toets(live_server, uwv_sleutel, synthetic_bsn(1), vandaag)
    assert [(p["begin"], p["einde"], p["bron"]) for p in na["perioden"]] == [(begin.isoformat(), None, "webservice")]
    assert set(WebserviceAanroep.objects.filter(gemeente=gemeente_a).values_list("uitkomst", flat=True)) == {"ok"}
    # A person the gemeente never registered stays nee.
    assert lks_toets(live_server, uwv_sleutel, synthetic_bsn(7), vandaag)["lks_betaald"] == "nee"
