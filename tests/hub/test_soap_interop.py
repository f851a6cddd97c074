"""Interop over real sockets: a plain zeep client with only our WSDL asks the hub; the hub asks a gemeente
whose endpoint is made by zeep from the same WSDL.
"""

import io
from datetime import date
from pathlib import Path

import pytest
import requests
import zeep
from lxml import etree
from tests.hub.factories import persoon, verzamelbestand
from tests.suwiml.loopback import HttpAntwoord, Loopback, Verzoek, loopback
from zeep.plugins import HistoryPlugin
from zeep.transports import Transport

from django.conf import settings as django_settings
from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn
from vangnet.hub.constants import Aanlevermethode, Bronsoort, Cluster, Kanaal, Uitkomst
from vangnet.hub.dkd.ingest import Afzender, lever_aan
from vangnet.hub.dkd.webservice import raadpleeg
from vangnet.hub.models import DkdInstelling, Verwijsindex, WebserviceAanroep
from vangnet.organisations.services import create_api_key
from vangnet.suwiml import reintegratie
from vangnet.suwiml.berichten import FWI, naar_bytes, parse_veilig
from vangnet.suwiml.schemas import fouten

WSDL = Path(django_settings.CHECKOUT_DIR) / "schemas" / reintegratie.WSDL
BINDING = f"{{{reintegratie.NAMESPACE}}}GSDReintegratieBinding"
PAD = "/soap/GSDDossierReintegratie-v0200"
BIJ_GEMEENTE_B = synthetic_bsn(7)


def zeep_client(sleutel: str, history: HistoryPlugin) -> zeep.Client:
    """zeep as any consumer would set it up: our WSDL file and an API key.

    zeep adds the WS-Addressing headers (Action, MessageID, To) itself, because the WSDL's binding
    says wsaw:UsingAddressing.
    """
    session = requests.Session()
    session.headers["X-Api-Key"] = sleutel
    return zeep.Client(str(WSDL), transport=Transport(session=session, timeout=10), plugins=[history])


# --- the stub gemeente: requests read and answers written by zeep from our WSDL ---------------------


def zeep_gemeente(gezien: list):
    operatie = zeep.Client(str(WSDL)).wsdl.bindings[BINDING].get("GSDReintegratieInfo")

    def gedrag(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
        envelop = etree.fromstring(verzoek.body)
        bsn = operatie.input.deserialize(envelop)  # our client's request, as the WSDL describes it
        gezien.append(envelop)
        if bsn != BIJ_GEMEENTE_B:
            # zeep cannot write an empty element as the only choice (it drops it), so this one is literal.
            body = (
                '<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body>'
                f'<s:GSDReintegratieInfoResponse xmlns:s="{reintegratie.NAMESPACE}" xmlns:fwi="{FWI}">'
                "<fwi:NietsGevonden/></s:GSDReintegratieInfoResponse></soap-env:Body></soap-env:Envelope>"
            )
            return HttpAntwoord(200, body.encode())
        bericht = operatie.output.serialize(
            ClientSuwi={
                "Burgerservicenr": bsn,
                "SignificantDeelVanDeAchternaam": "Webservicepersoon",
                "AtlRelatie": [
                    {
                        "ReIntegratievoorziening": [
                            {
                                "DatBRv": "20250301",
                                "CdTypeRvGsd": "05",
                                "Loonkostensubsidie": {"PercLoonwaardeTovWml": {"CdPositiefNegatief": "+",
                                                                                "Percentage": "05000"}},
                            },
                            {"DatBRv": "20250101", "DatERv": "20250228", "OmsRv": "Scholing"},
                        ],
                        "Bron": {"CdKolomSuwi": 3, "CdPartijSuwi": "0363"},
                    }
                ],
            }
        )  # fmt: skip
        antwoord = bericht.content.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")[0]
        assert fouten(antwoord, reintegratie.XSD) == []
        return HttpAntwoord(200, etree.tostring(bericht.content))

    return gedrag


@pytest.fixture
def gemeente_b_webservice(gemeente_b, settings):
    settings.VANGNET_DKD_WEBSERVICE_CLIENT = "vangnet.hub.dkd.soap_client.SoapWebserviceClient"
    settings.VANGNET_WEBSERVICE_HTTPS_VERPLICHT = False
    settings.VANGNET_SOAP_ONDERTEKENEN = False
    settings.VANGNET_SOAP_TLS_CERT = settings.VANGNET_SOAP_TLS_KEY = settings.VANGNET_SOAP_TLS_CA = ""
    settings.VANGNET_DKD_WEBSERVICE_BUDGET = 5
    gezien: list = []
    with loopback(zeep_gemeente(gezien)) as lb:
        DkdInstelling.objects.create(
            gemeente=gemeente_b, aanlevermethode=Aanlevermethode.WEBSERVICE, endpoint_url=lb.url
        )
        Verwijsindex.objects.create(
            bsn=BIJ_GEMEENTE_B, gemeente=gemeente_b, cluster=Cluster.REINTEGRATIE, bron=Bronsoort.WEBSERVICE,
            bijgewerkt_op=timezone.now(),
        )  # fmt: skip
        lb.gezien = gezien
        yield lb


def test_the_hubs_client_reads_a_gemeente_endpoint_made_from_our_wsdl(gemeente_b_webservice, gemeente_b):
    antwoord = raadpleeg(gemeente_b.pk, BIJ_GEMEENTE_B)
    assert antwoord.uitkomst == Uitkomst.OK, antwoord.melding
    assert [(p.begin, p.einde) for p in antwoord.perioden] == [(date(2025, 3, 1), None)]
    assert raadpleeg(gemeente_b.pk, synthetic_bsn(8)).uitkomst == Uitkomst.NIETS_GEVONDEN
    assert len(gemeente_b_webservice.gezien) == 2
    assert list(WebserviceAanroep.objects.order_by("id").values_list("uitkomst", flat=True)) == ["ok", "niets_gevonden"]


# --- zeep asks the hub ------------------------------------------------------------------------------


def test_a_plain_zeep_client_asks_the_hub_over_a_socket(request, live_server, gemeente_a, gemeente_b_webservice, uwv):
    bestand = verzamelbestand("GM0344", 1, [persoon(1, perioden=((date(2024, 1, 1), date(2025, 6, 30)),))])
    lever_aan(Afzender(gemeente_a, Kanaal.CLI), io.BytesIO(bestand))
    history = HistoryPlugin()
    client = zeep_client(create_api_key(uwv, "zeep", ["lks_toets"]).plain_key, history)
    # A kept-alive connection would outlive the test and its live server thread the database.
    request.addfinalizer(client.transport.session.close)
    dienst = client.create_service(BINDING, live_server.url + PAD)

    # A batch person: ClientSuwi from the hub's own data.
    resultaat = dienst.GSDReintegratieInfo(Burgerservicenr=synthetic_bsn(1))
    client_suwi = resultaat.ClientSuwi
    assert client_suwi.Burgerservicenr == synthetic_bsn(1)
    (relatie,) = client_suwi.AtlRelatie
    assert relatie.Bron.CdPartijSuwi == "0344"
    (voorziening,) = relatie.ReIntegratievoorziening
    assert (voorziening.DatBRv, voorziening.DatERv) == ("20240101", "20250630")
    assert voorziening.Loonkostensubsidie.PercLoonwaardeTovWml.Percentage == "06000"
    header = history.last_received["envelope"].find("{http://schemas.xmlsoap.org/soap/envelope/}Header")
    assert header.findtext("{http://www.w3.org/2005/08/addressing}Action") == reintegratie.ACTION_ANTWOORD

    # A person of the webservice gemeente: the hub asks its endpoint (zeep-made) and answers zeep.
    resultaat = dienst.GSDReintegratieInfo(Burgerservicenr=BIJ_GEMEENTE_B)
    assert resultaat.ClientSuwi.SignificantDeelVanDeAchternaam == "Webservicepersoon"
    assert resultaat.ClientSuwi.AtlRelatie[0].Bron.CdPartijSuwi == "0363"

    # An unknown person: fwi:NietsGevonden. zeep renders a response with only an empty element as None.
    resultaat = dienst.GSDReintegratieInfo(Burgerservicenr=synthetic_bsn(5))
    assert resultaat is None
    body = history.last_received["envelope"].find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    assert [k.tag for k in body[0]] == [f"{{{FWI}}}NietsGevonden"]
    assert fouten(body[0], reintegratie.XSD) == []

    # A request the hub refuses: zeep raises the AanvraagNietOk fault with its fwi:Fout detail.
    with pytest.raises(zeep.exceptions.Fault) as fout:
        dienst.GSDReintegratieInfo(Burgerservicenr="123456789")
    assert fout.value.message == "Het verzoek is ongeldig."
    assert fout.value.detail.find(f"{{{FWI}}}Fout/Code").text == "VN-ONGELDIG"


def test_zeep_reads_the_wsdl_the_hub_serves(live_server, transactional_db):
    with requests.Session() as session:
        client = zeep.Client(live_server.url + PAD + "?wsdl", transport=Transport(session=session))
    (dienst,) = client.wsdl.services.values()
    (poort,) = dienst.ports.values()
    assert poort.binding_options["address"] == live_server.url + PAD
    operatie = poort.binding.get("GSDReintegratieInfo")
    assert operatie.abstract.wsa_action == reintegratie.ACTION_VERZOEK
    envelop = parse_veilig(naar_bytes(operatie.input.serialize(Burgerservicenr=synthetic_bsn(1)).content))
    assert fouten(envelop[-1][0], reintegratie.XSD) == []
