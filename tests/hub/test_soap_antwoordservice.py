"""The hub answers GSDReintegratieInfo at /soap/GSDDossierReintegratie-v0200: from batch data, or via a gemeente."""

import io
import json
from datetime import date

import pytest
from lxml import etree
from tests.hub.factories import persoon, verzamelbestand
from tests.suwiml.loopback import maak_pki, soap_persoon

from django.test import Client
from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn
from vangnet.domain.lks import LksPeriode
from vangnet.hub.constants import Aanlevermethode, Bronsoort, Cluster, Kanaal, Uitkomst
from vangnet.hub.dkd.ingest import Afzender, lever_aan
from vangnet.hub.dkd.soap_client import GsdAntwoord
from vangnet.hub.dkd.webservice import WebserviceAntwoord
from vangnet.hub.models import DkdInstelling, Verwijsindex, WebserviceAanroep
from vangnet.organisations.services import create_api_key
from vangnet.suwiml import reintegratie
from vangnet.suwiml.berichten import (
    FWI,
    Adressering,
    bouw_envelop,
    lees_envelop,
    naar_bytes,
    parse_veilig,
)
from vangnet.suwiml.ondertekening import laad_sleutelpaar, onderteken, verifieer
from vangnet.suwiml.schemas import fouten

URL = "/soap/GSDDossierReintegratie-v0200"
UWV_ADRES = "https://uwv.example/lks?oin=00000009000000000002"
SMLS = reintegratie.NAMESPACE


def lever(gemeente, volgnummer, *mensen):
    bestand = verzamelbestand(gemeente.gemeentecode, volgnummer, list(mensen))
    return lever_aan(Afzender(gemeente, Kanaal.CLI), io.BytesIO(bestand))


def verzoek(bsn: str, *, action: str = reintegratie.ACTION_VERZOEK, message_id: str = "urn:uuid:verzoek-1") -> bytes:
    adressering = Adressering(action, message_id, to="https://hub.example" + URL, van=UWV_ADRES)
    return naar_bytes(bouw_envelop(reintegratie.verzoek(bsn), adressering))


@pytest.fixture
def uwv_sleutel(uwv):
    return create_api_key(uwv, "soap", ["lks_toets"]).plain_key


@pytest.fixture
def soap(uwv_sleutel):
    client = Client(enforce_csrf_checks=True)

    def post(body: bytes, sleutel: str | None = uwv_sleutel, **headers):
        if sleutel is not None:
            headers["HTTP_X_API_KEY"] = sleutel
        return client.post(URL, data=body, content_type="text/xml; charset=utf-8", **headers)

    return post


def inhoud(response):
    envelop = lees_envelop(parse_veilig(response.content))
    return envelop


def fwi_fout(response) -> dict[str, str]:
    envelop = inhoud(response)
    assert envelop.fout is not None, response.content
    melding = envelop.fout.melding
    return {"code": melding.code, "tekst": melding.tekst, "detail": " ".join(melding.details)}


# --- answers -------------------------------------------------------------------------------------


def test_a_batch_person_is_answered_with_clientsuwi(gemeente_a, soap):
    lever(gemeente_a, 1, persoon(1, perioden=((date(2024, 1, 1), date(2025, 6, 30)), (date(2025, 9, 1), None))))
    response = soap(verzoek(synthetic_bsn(1)))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    envelop = inhoud(response)
    assert fouten(envelop.inhoud, reintegratie.XSD) == []
    antwoord = reintegratie.lees_antwoord(envelop.inhoud, synthetic_bsn(1))
    assert antwoord.persoon.achternaam.startswith("Testpersoon")
    assert [(p.begin, p.einde) for p in reintegratie.lks_perioden(antwoord.persoon)] == [
        (date(2024, 1, 1), date(2025, 6, 30)),
        (date(2025, 9, 1), None),
    ]
    assert envelop.inhoud.find("ClientSuwi/AtlRelatie/Bron/CdPartijSuwi").text == "0344"
    # WS-Addressing of the answer: its own MessageID, related to the request, sent to its From.
    adressering = envelop.adressering
    assert adressering.action == reintegratie.ACTION_ANTWOORD
    assert adressering.relates_to == "urn:uuid:verzoek-1"
    assert adressering.to == UWV_ADRES
    assert adressering.message_id.startswith("urn:uuid:") and adressering.message_id != "urn:uuid:verzoek-1"


def test_an_unknown_person_is_niets_gevonden(gemeente_a, soap):
    lever(gemeente_a, 1, persoon(1))
    response = soap(verzoek(synthetic_bsn(5)))
    assert response.status_code == 200
    envelop = inhoud(response)
    assert [k.tag for k in envelop.inhoud] == [f"{{{FWI}}}NietsGevonden"]
    assert fouten(envelop.inhoud, reintegratie.XSD) == []


class GemeenteBAntwoordt:
    """A webservice gemeente that answers with a full ClientSuwi (as the SOAP client reads it)."""

    def vraag(self, instelling, bsn):
        gelezen = soap_persoon(bsn)
        return GsdAntwoord(Uitkomst.OK, reintegratie.lks_perioden(gelezen), persoon=gelezen)


class GemeenteBGeeftPerioden:
    """A client that gives only periods (like a test double): the hub still answers a ClientSuwi."""

    def vraag(self, instelling, bsn):
        return WebserviceAntwoord(Uitkomst.OK, (LksPeriode("", date(2025, 3, 1), None),))


class GemeenteBZwijgt:
    def vraag(self, instelling, bsn):
        return WebserviceAntwoord(Uitkomst.TIMEOUT, melding="Geen antwoord binnen 8 seconden.")


@pytest.fixture
def webservice_gemeente_b(gemeente_b):
    DkdInstelling.objects.create(
        gemeente=gemeente_b, aanlevermethode=Aanlevermethode.WEBSERVICE, endpoint_url="https://gm0363.example/dkd"
    )
    Verwijsindex.objects.create(
        bsn=synthetic_bsn(1), gemeente=gemeente_b, cluster=Cluster.REINTEGRATIE, bron=Bronsoort.WEBSERVICE,
        bijgewerkt_op=timezone.now(),
    )  # fmt: skip
    return gemeente_b


def test_a_person_at_a_batch_and_a_webservice_gemeente_is_one_clientsuwi(
    gemeente_a, webservice_gemeente_b, soap, settings
):
    settings.VANGNET_DKD_WEBSERVICE_CLIENT = "tests.hub.test_soap_antwoordservice.GemeenteBAntwoordt"
    lever(gemeente_a, 1, persoon(1, perioden=((date(2022, 1, 1), date(2023, 6, 30)),)))
    envelop = inhoud(soap(verzoek(synthetic_bsn(1))))
    assert fouten(envelop.inhoud, reintegratie.XSD) == []
    partijen = [e.text for e in envelop.inhoud.iterfind("ClientSuwi/AtlRelatie/Bron/CdPartijSuwi")]
    assert partijen == ["0344", "0344"]  # batch (Utrecht) first, then what gemeente B answered for itself
    lks = envelop.inhoud.xpath("ClientSuwi/AtlRelatie/ReIntegratievoorziening[Loonkostensubsidie]/DatBRv/text()")
    assert lks == ["20220101", "20240101", "20250301"]
    assert WebserviceAanroep.objects.get().uitkomst == "ok"  # routed through the recorded call


def test_periods_alone_from_a_webservice_gemeente_become_its_atlrelatie(webservice_gemeente_b, soap, settings):
    settings.VANGNET_DKD_WEBSERVICE_CLIENT = "tests.hub.test_soap_antwoordservice.GemeenteBGeeftPerioden"
    envelop = inhoud(soap(verzoek(synthetic_bsn(1))))
    assert fouten(envelop.inhoud, reintegratie.XSD) == []
    assert envelop.inhoud.findtext("ClientSuwi/AtlRelatie/Bron/CdPartijSuwi") == "0363"
    assert envelop.inhoud.findtext("ClientSuwi/AtlRelatie/ReIntegratievoorziening/DatBRv") == "20250301"


def test_a_silent_webservice_gemeente_gives_a_warning_with_the_data_or_an_fwi_without(
    gemeente_a, webservice_gemeente_b, soap, settings
):
    settings.VANGNET_DKD_WEBSERVICE_CLIENT = "tests.hub.test_soap_antwoordservice.GemeenteBZwijgt"
    envelop = inhoud(soap(verzoek(synthetic_bsn(1))))
    assert [k.tag for k in envelop.inhoud] == [f"{{{FWI}}}FWI"]  # nothing found, but no NietsGevonden either
    assert fouten(envelop.inhoud, reintegratie.XSD) == []
    assert "GM0363" in envelop.inhoud.findtext(f"{{{FWI}}}FWI/Fout/Tekst")

    lever(gemeente_a, 1, persoon(1))
    envelop = inhoud(soap(verzoek(synthetic_bsn(1))))
    assert [k.tag for k in envelop.inhoud] == ["ClientSuwi", f"{{{FWI}}}FWI"]
    assert envelop.inhoud.find(f"{{{FWI}}}FWI/Waarschuwing") is not None
    assert fouten(envelop.inhoud, reintegratie.XSD) == []


def test_the_soap_answer_has_the_lks_periods_the_rest_toets_finds(
    gemeente_a, webservice_gemeente_b, soap, settings, uwv, api_client_for
):
    settings.VANGNET_DKD_WEBSERVICE_CLIENT = "tests.hub.test_soap_antwoordservice.GemeenteBGeeftPerioden"
    lever(gemeente_a, 1, persoon(1, perioden=((date(2024, 6, 1), date(2025, 2, 28)),)))
    envelop = inhoud(soap(verzoek(synthetic_bsn(1))))
    soap_perioden = sorted(
        (p.begin.isoformat(), p.einde.isoformat() if p.einde else None)
        for p in reintegratie.lks_perioden(reintegratie.lees_antwoord(envelop.inhoud, synthetic_bsn(1)).persoon)
    )
    body = (
        api_client_for(uwv, ["lks_toets"])
        .post("/api/v1/lks-toetsen", {"bsn": synthetic_bsn(1), "datum_einde_arbeidsverhouding": "2026-01-31"},
              format="json")
        .json()
    )  # fmt: skip
    rest_perioden = sorted((p["begin"], p["einde"]) for p in body["perioden"])
    assert soap_perioden == rest_perioden == [("2024-06-01", "2025-02-28"), ("2025-03-01", None)]


# --- who may ask ---------------------------------------------------------------------------------


def test_without_a_key_the_answer_is_a_401_fault(soap, gemeente_a):
    response = soap(verzoek(synthetic_bsn(1)), sleutel=None)
    assert response.status_code == 401
    assert "X-Api-Key" in fwi_fout(response)["tekst"]


def test_an_unknown_key_is_a_401_fault(soap):
    assert soap(verzoek(synthetic_bsn(1)), sleutel="vn_onbekend_sleutel").status_code == 401


@pytest.mark.parametrize("wie", ["gemeente", "uwv-zonder-machtiging"])
def test_only_uwv_with_lks_toets_may_ask(soap, gemeente_a, uwv, wie):
    if wie == "gemeente":
        sleutel = create_api_key(gemeente_a, "x", ["dkd_aanleveren", "beheer"]).plain_key
    else:
        sleutel = create_api_key(uwv, "x", ["beheer"]).plain_key
    response = soap(verzoek(synthetic_bsn(1)), sleutel=sleutel)
    assert response.status_code == 403
    assert fwi_fout(response)["code"] == "VN-MACHTIGING"


def test_a_client_certificate_mapped_to_uwv_may_ask(soap, uwv, gemeente_a, settings):
    settings.VANGNET_SOAP_CLIENTCERT_HEADER = "X-SSL-Client-S-DN"
    settings.VANGNET_SOAP_CERTIFICAAT_ORGANISATIES = json.dumps({"CN=uwv-keten,O=UWV,C=NL": str(uwv.uuid)})
    lever(gemeente_a, 1, persoon(1))
    response = soap(verzoek(synthetic_bsn(1)), sleutel=None, HTTP_X_SSL_CLIENT_S_DN="CN=uwv-keten, O=UWV, C=NL")
    assert response.status_code == 200, response.content
    assert inhoud(response).inhoud.find("ClientSuwi") is not None
    onbekend = soap(verzoek(synthetic_bsn(1)), sleutel=None, HTTP_X_SSL_CLIENT_S_DN="CN=iemand,O=X,C=NL")
    assert onbekend.status_code == 401


def test_the_certificate_header_counts_only_when_configured(soap, uwv, settings):
    settings.VANGNET_SOAP_CLIENTCERT_HEADER = ""
    settings.VANGNET_SOAP_CERTIFICAAT_ORGANISATIES = json.dumps({"CN=uwv-keten,O=UWV,C=NL": str(uwv.uuid)})
    response = soap(verzoek(synthetic_bsn(1)), sleutel=None, HTTP_X_SSL_CLIENT_S_DN="CN=uwv-keten,O=UWV,C=NL")
    assert response.status_code == 401


def test_a_gemeente_certificate_is_refused(soap, gemeente_a, settings):
    settings.VANGNET_SOAP_CLIENTCERT_HEADER = "X-SSL-Client-S-DN"
    settings.VANGNET_SOAP_CERTIFICAAT_ORGANISATIES = json.dumps({"CN=utrecht": str(gemeente_a.uuid)})
    response = soap(verzoek(synthetic_bsn(1)), sleutel=None, HTTP_X_SSL_CLIENT_S_DN="CN=utrecht")
    assert response.status_code == 403


# --- bad requests --------------------------------------------------------------------------------

ENVELOP = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">{}</soapenv:Envelope>'


@pytest.mark.parametrize(
    ("body", "in_detail"),
    [
        pytest.param(b"geen xml", "goedgevormde XML", id="not-xml"),
        pytest.param(
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            + ENVELOP.format("<soapenv:Body>&e;</soapenv:Body>").encode(),
            "DOCTYPE",
            id="external-entity",
        ),
        pytest.param(
            b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>',
            "SOAP 1.1",
            id="soap-1.2",
        ),
        pytest.param(
            ENVELOP.format(
                f'<soapenv:Body><smls:GSDReintegratieInfo xmlns:smls="{SMLS}"><Burgerservicenr>'
                f"{synthetic_bsn(1)}</Burgerservicenr></smls:GSDReintegratieInfo></soapenv:Body>"
            ).encode(),
            "Action ontbreekt",
            id="no-ws-addressing",
        ),
        pytest.param(verzoek(synthetic_bsn(1), action="urn:iets-anders"), "Action", id="wrong-action"),
        pytest.param(verzoek("123456789"), "Burgerservicenr is ongeldig", id="elfproef"),
        pytest.param(verzoek("12345"), "9 cijfers", id="short-bsn"),
        pytest.param(
            ENVELOP.format(
                '<soapenv:Header><x:Geheim xmlns:x="urn:x" soapenv:mustUnderstand="1"/></soapenv:Header>'
                "<soapenv:Body><a/></soapenv:Body>"
            ).encode(),
            "Geheim",
            id="must-understand",
        ),
        pytest.param(ENVELOP.format("<soapenv:Body><a/><b/></soapenv:Body>").encode(), "precies één", id="two-in-body"),
    ],
)
def test_a_bad_request_is_an_fwi_fault_without_the_bsn(soap, body, in_detail):
    response = soap(body)
    assert response.status_code == 500
    fout = fwi_fout(response)
    assert fout["code"] == "VN-ONGELDIG"
    assert in_detail in fout["detail"]
    assert "123456789" not in response.content.decode() and synthetic_bsn(1) not in response.content.decode()
    fault = inhoud(response).inhoud
    assert fault.findtext("faultcode") == "soapenv:Client"
    detail = fault.find(f"detail/{{{FWI}}}Fout")
    assert fouten(detail, "GSDDossierReintegratie-v0200-fwi.xsd") == []


def test_a_fault_to_an_addressed_request_is_addressed_back(soap):
    response = soap(verzoek("123456789", message_id="urn:uuid:fout-1"))
    adressering = inhoud(response).adressering
    assert (adressering.action, adressering.relates_to, adressering.to) == (
        reintegratie.ACTION_FOUT,
        "urn:uuid:fout-1",
        UWV_ADRES,
    )


# --- WSDL and signatures ---------------------------------------------------------------------------


def test_get_wsdl_serves_one_document_with_this_address(client):
    response = client.get(URL + "?wsdl")
    assert response.status_code == 200
    wsdl = etree.fromstring(response.content)
    adres = wsdl.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address").get("location")
    assert adres == "http://testserver" + URL
    schemas = wsdl.findall("{http://schemas.xmlsoap.org/wsdl/}types/{http://www.w3.org/2001/XMLSchema}schema")
    assert {s.get("targetNamespace") for s in schemas} == {
        SMLS,
        FWI,
        "http://bkwi.nl/SuwiML/Basisschema/v0801",
    }
    assert not wsdl.xpath("//*[@schemaLocation]")
    assert client.get(URL).status_code == 405


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return maak_pki(tmp_path_factory.mktemp("pki-antwoordservice"))


def test_a_required_signature_is_checked_and_the_answer_signed(soap, gemeente_a, settings, pki):
    settings.VANGNET_SOAP_HANDTEKENING_VERPLICHT = True
    settings.VANGNET_SOAP_VERTROUWD = str(pki.ca.cert)
    settings.VANGNET_SOAP_ONDERTEKENEN = True
    settings.VANGNET_SOAP_ONDERTEKEN_CERT, settings.VANGNET_SOAP_ONDERTEKEN_KEY = (
        str(pki.server.cert),
        str(pki.server.key),
    )
    lever(gemeente_a, 1, persoon(1))

    ongetekend = soap(verzoek(synthetic_bsn(1)))
    assert ongetekend.status_code == 500
    assert "ondertekend" in fwi_fout(ongetekend)["detail"]

    def getekend(paar) -> bytes:
        envelop = parse_veilig(verzoek(synthetic_bsn(1)))
        onderteken(envelop, laad_sleutelpaar(str(paar.cert), str(paar.key)))
        return naar_bytes(envelop)

    vreemd = soap(getekend(pki.vreemde_client))
    assert vreemd.status_code == 500
    assert "niet vertrouwd" in fwi_fout(vreemd)["detail"]

    response = soap(getekend(pki.client))
    assert response.status_code == 200, response.content
    ondertekening = verifieer(parse_veilig(response.content), vertrouwd=[pki.ca.certificaat])
    assert "CN=gemeente-server" in ondertekening.onderwerp
    assert inhoud(response).inhoud.find("ClientSuwi") is not None
