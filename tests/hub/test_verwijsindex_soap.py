"""IBVerwijsindex-v0300: our schemas hold the examples, and the hub's SOAP endpoint feeds the verwijsindex."""

import copy
import time
import uuid
from pathlib import Path

import pytest
from lxml import etree

from django.test import Client

from vangnet.domain.bsn import synthetic_bsn
from vangnet.hub.dkd.verwijsindex import verwijzingen
from vangnet.hub.models import Verwijsindex, VerwijsindexLevering
from vangnet.organisations.services import create_api_key
from vangnet.suwiml.berichten import Adressering, bouw_envelop, naar_bytes
from vangnet.suwiml.verwijsindex import Clustering, IbVerwijzing, verzoek

from .test_verwijsindex_levering import webservice

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
VOORBEELDEN = SCHEMAS / "voorbeelden"
URL = "/soap/IBVerwijsindex-v0300"
NS = {
    "soapenv": "http://schemas.xmlsoap.org/soap/envelope/",
    "wsa": "http://www.w3.org/2005/08/addressing",
    "smls": "http://bkwi.nl/SuwiML/Diensten/IBVerwijsindex/v0300",
    "fwi": "http://bkwi.nl/SuwiML/FWI/v0205",
}
ACTION = "http://bkwi.nl/SuwiML/Diensten/IBVerwijsindex-v0300/IBVerwijsindex"
VOORBEELD_BSN = "999990019"


def xsd(naam: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / naam)))


def body_van(document: etree._Element) -> etree._Element:
    return document.find("soapenv:Body", NS)[0]


def geldig(element: etree._Element, naam: str = "IBVerwijsindex-v0300.xsd") -> bool:
    schema = xsd(naam)
    ok = schema.validate(etree.ElementTree(copy.deepcopy(element)))
    assert ok or not schema.error_log, schema.error_log
    return ok


# --- the schemas --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bestand", ["ibverwijsindex-verzoek.xml", "ibverwijsindex-antwoord.xml", "ibverwijsindex-antwoord-fwi.xml"]
)
def test_each_example_body_is_valid_against_our_schema(bestand):
    document = etree.parse(str(VOORBEELDEN / bestand)).getroot()
    assert geldig(body_van(document))


def test_the_fault_example_has_an_fwi_fout_detail_valid_against_the_fwi_schema():
    document = etree.parse(str(VOORBEELDEN / "ibverwijsindex-fout.xml")).getroot()
    fout = document.find("soapenv:Body/soapenv:Fault/detail/fwi:Fout", NS)
    assert fout is not None
    assert geldig(fout, "IBVerwijsindex-v0300-fwi.xsd")


@pytest.mark.parametrize(
    ("vervang", "door"),
    [
        ("<IndDkd>1</IndDkd>", "<IndDkd>J</IndDkd>"),  # StdIndJN is one digit
        ("<CdClusteringIb>01</CdClusteringIb>", "<CdClusteringIb>011</CdClusteringIb>"),
        (f"<Burgerservicenr>{VOORBEELD_BSN}</Burgerservicenr>", "<Burgerservicenr>99999001</Burgerservicenr>"),
        ("<CdPartijSuwi>0344</CdPartijSuwi>", "<CdPartijSuwi>GM0344</CdPartijSuwi>"),
        ("<Bron>", "<ClusteringIb><CdClusteringIb>02</CdClusteringIb></ClusteringIb><Bron>"),
    ],
)
def test_our_schema_refuses_what_the_public_one_refuses(vervang, door):
    tekst = (VOORBEELDEN / "ibverwijsindex-verzoek.xml").read_text()
    assert vervang in tekst
    document = etree.fromstring(tekst.replace(vervang, door).encode())
    assert not xsd("IBVerwijsindex-v0300.xsd").validate(etree.ElementTree(copy.deepcopy(body_van(document))))


def test_the_response_fwi_is_unqualified_and_an_empty_response_is_valid():
    qualified = etree.fromstring(
        f'<smls:IBVerwijsindexResponse xmlns:smls="{NS["smls"]}" xmlns:fwi="{NS["fwi"]}"><fwi:FWI><Fout>'
        "<Code>x</Code><Tekst>y</Tekst><Bron><DN>CN=x</DN></Bron></Fout></fwi:FWI></smls:IBVerwijsindexResponse>"
    )
    assert not xsd("IBVerwijsindex-v0300.xsd").validate(etree.ElementTree(qualified))
    assert geldig(etree.fromstring(f'<smls:IBVerwijsindexResponse xmlns:smls="{NS["smls"]}"/>'))


def test_zeep_reads_our_wsdl_with_the_public_operation_and_actions():
    import zeep

    client = zeep.Client(str(SCHEMAS / "IBVerwijsindex-v0300.wsdl"))
    operatie = client.service._binding._operations["IBVerwijsindex"]
    assert operatie.soapaction == ""
    assert operatie.abstract.wsa_action == ACTION
    assert [naam for naam, _ in operatie.input.body.type.elements] == ["Burgerservicenr", "ClusteringIb", "Bron"]


# --- the endpoint ---------------------------------------------------------------------------------------------


@pytest.fixture
def soap_a(gemeente_a):
    webservice(gemeente_a)
    client = Client()
    sleutel = create_api_key(gemeente_a, "verwijsindex", ["dkd_aanleveren"]).plain_key

    def post(body: bytes, key: str | None = sleutel):
        headers = {"HTTP_SOAPACTION": '""'}
        if key is not None:
            headers["HTTP_X_API_KEY"] = key
        return client.post(URL, data=body, content_type="text/xml; charset=utf-8", **headers)

    return post


def bericht(bsn: str, *clusteringen: tuple[str, str], partij: str = "0344", message_id: str | None = None) -> bytes:
    verwijzing = IbVerwijzing(bsn, tuple(Clustering(c, i) for c, i in clusteringen), 3, partij)
    adressering = Adressering(
        action=ACTION,
        message_id=message_id or f"urn:uuid:{uuid.uuid4()}",
        to="https://hub.vangnet.example/soap/IBVerwijsindex-v0300",
        van="https://dkd.utrecht.example/verwijsindex",
    )
    return naar_bytes(bouw_envelop(verzoek(verwijzing), adressering))


def antwoord(response) -> etree._Element:
    assert response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def fout_code(response) -> str:
    document = antwoord(response)
    detail = document.find("soapenv:Body/soapenv:Fault/detail/fwi:Fout", NS)
    assert detail is not None, response.content
    assert geldig(detail, "IBVerwijsindex-v0300-fwi.xsd")
    return detail.findtext("Code")


def test_the_example_request_is_acknowledged_and_the_bsn_lands_in_the_verwijsindex(gemeente_a, soap_a):
    response = soap_a((VOORBEELDEN / "ibverwijsindex-verzoek.xml").read_bytes())
    assert response.status_code == 200, response.content
    document = antwoord(response)
    body = body_van(document)
    assert geldig(body)
    assert [k.tag for k in body] == ["Acknowledgement"]
    assert document.findtext("soapenv:Header/wsa:Action", namespaces=NS).endswith("/IBVerwijsindexResponse")
    assert document.findtext("soapenv:Header/wsa:RelatesTo", namespaces=NS) == (
        "urn:uuid:0b9c6f1e-4d2a-4c3b-9e8f-000000000344"
    )
    assert document.findtext("soapenv:Header/wsa:To", namespaces=NS).startswith("https://dkd.utrecht.example/")
    assert [(v.gemeente_id, v.bron) for v in verwijzingen([VOORBEELD_BSN])] == [(gemeente_a.pk, "webservice")]
    levering = VerwijsindexLevering.objects.get()
    assert (levering.kanaal, levering.soort, levering.aantal_toegevoegd) == ("soap", "mutatie", 1)
    assert levering.bericht_id == "urn:uuid:0b9c6f1e-4d2a-4c3b-9e8f-000000000344"


def test_ind_dkd_nee_removes_and_the_same_message_id_again_is_answered_the_same(gemeente_a, soap_a):
    bsn, message_id = synthetic_bsn(4), "urn:uuid:11111111-2222-4333-8444-555555555555"
    assert soap_a(bericht(bsn, ("01", "1"))).status_code == 200
    weg = bericht(bsn, ("01", "2"), message_id=message_id)
    eerste = soap_a(weg)
    assert eerste.status_code == 200
    assert not Verwijsindex.objects.filter(bsn=bsn).exists()
    soap_a(bericht(bsn, ("01", "1")))  # added again, by a later message
    herhaald = soap_a(weg)
    assert herhaald.status_code == 200
    assert [k.tag for k in body_van(antwoord(herhaald))] == ["Acknowledgement"]
    assert Verwijsindex.objects.filter(bsn=bsn).exists()  # the repeat did not remove it again
    assert VerwijsindexLevering.objects.filter(bericht_id=message_id).count() == 1

    anders = bericht(synthetic_bsn(5), ("01", "1"), message_id=message_id)
    assert fout_code(soap_a(anders)) == "kenmerk_hergebruikt"


def test_a_rejected_bsn_and_an_unknown_clustering_are_answered_in_the_fwi(gemeente_a, soap_a):
    response = soap_a(bericht("999990018", ("01", "1"), ("99", "1")))
    assert response.status_code == 200
    body = body_van(antwoord(response))
    assert geldig(body)
    assert [k.tag for k in body] == ["FWI"]
    meldingen = [(m.tag, m.findtext("Code"), m.findtext("Tekst")) for m in body.find("FWI")]
    assert meldingen == [
        ("Waarschuwing", "onbekende_clustering", "Onbekende clustering 99 genegeerd."),
        ("Fout", "afgekeurd", "Dit BSN voldoet niet aan de elfproef."),
    ]
    levering = VerwijsindexLevering.objects.get()
    assert levering.afgekeurd == [
        {"lijst": "toevoegen", "positie": 1, "bsn": "999990018", "reden": "Dit BSN voldoet niet aan de elfproef."}
    ]
    assert not Verwijsindex.objects.exists()


HOSTILE = {
    "billion_laughs": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
        b"<x>&lol3;</x></soapenv:Body></soapenv:Envelope>"
    ),
    "external_entity": (
        b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
        b"<x>&xxe;</x></soapenv:Body></soapenv:Envelope>"
    ),
    "utf16_doctype": '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE e [<!ENTITY a "b">]><e>&a;</e>'.encode("utf-16"),
    "garbage": b"\x00\xff<<not xml",
    "not_soap": b"<IBVerwijsindex/>",
}


@pytest.mark.parametrize("naam", HOSTILE)
def test_a_hostile_or_broken_message_is_a_fault_and_changes_nothing(soap_a, naam):
    started = time.monotonic()
    response = soap_a(HOSTILE[naam])
    assert time.monotonic() - started < 2
    assert response.status_code == 500
    assert fout_code(response) == "ongeldig_bericht"
    assert b"passwd" not in response.content and b"lollol" not in response.content
    assert not Verwijsindex.objects.exists() and not VerwijsindexLevering.objects.exists()


def test_wrong_headers_are_a_fault_that_relates_to_the_request(soap_a):
    tekst = bericht(synthetic_bsn(1), ("01", "1"), message_id="urn:uuid:aaaaaaaa-0000-4000-8000-000000000001")
    verkeerde_action = soap_a(tekst.replace(ACTION.encode(), b"http://example.org/Anders"))
    assert fout_code(verkeerde_action) == "ongeldig_bericht"
    document = antwoord(verkeerde_action)
    assert document.findtext("soapenv:Header/wsa:RelatesTo", namespaces=NS) == (
        "urn:uuid:aaaaaaaa-0000-4000-8000-000000000001"
    )
    assert document.findtext("soapenv:Header/wsa:Action", namespaces=NS).endswith("/IBVerwijsindex-v0300/Fout")
    must = tekst.replace(b"<soapenv:Header>", b'<soapenv:Header><x:Eigen xmlns:x="urn:x" soapenv:mustUnderstand="1"/>')
    assert fout_code(soap_a(must)) == "niet_begrepen"


def test_refusals_authentication_gemeente_and_method(gemeente_a, gemeente_b, uwv, soap_a):
    tekst = bericht(synthetic_bsn(1), ("01", "1"))
    zonder = soap_a(tekst, key=None)
    assert (zonder.status_code, fout_code(zonder)) == (401, "niet_geauthenticeerd")
    assert soap_a(tekst, key="vn_onzin_onzin").status_code == 401
    uwv_sleutel = create_api_key(uwv, "uwv", ["lks_toets"]).plain_key
    assert (soap_a(tekst, key=uwv_sleutel).status_code, fout_code(soap_a(tekst, key=uwv_sleutel))) == (
        403, "geen_toegang",
    )  # fmt: skip
    assert fout_code(soap_a(bericht(synthetic_bsn(1), ("01", "1"), partij="0363"))) == "andere_gemeente"
    sleutel_b = create_api_key(gemeente_b, "b", ["dkd_aanleveren"]).plain_key
    batch = soap_a(bericht(synthetic_bsn(1), ("01", "1"), partij="0363"), key=sleutel_b)
    assert (batch.status_code, fout_code(batch)) == (500, "geen_webservice")
    assert VerwijsindexLevering.objects.get(gemeente=gemeente_b).status == "geweigerd"
    assert not Verwijsindex.objects.exists()
    assert Client().get(URL).status_code == 405


def test_the_wsdl_is_served_with_the_schemas_inlined(db):
    response = Client().get(URL + "?wsdl")
    assert response.status_code == 200
    wsdl = etree.fromstring(response.content)
    adres = wsdl.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address").get("location")
    assert adres == "http://testserver/soap/IBVerwijsindex-v0300"
    assert b"schemaLocation" not in response.content
    assert b'name="IBVerwijsindex"' in response.content


def test_a_plain_zeep_client_given_only_our_wsdl_feeds_the_hub_over_a_socket(live_server, gemeente_a):
    import requests
    import zeep

    webservice(gemeente_a)
    sessie = requests.Session()
    sessie.headers["X-Api-Key"] = create_api_key(gemeente_a, "zeep", ["dkd_aanleveren"]).plain_key
    # The WSDL's wsaw:UsingAddressing makes zeep send the WS-Addressing headers itself.
    client = zeep.Client(
        str(SCHEMAS / "IBVerwijsindex-v0300.wsdl"), transport=zeep.Transport(session=sessie, timeout=10)
    )
    service = client.create_service(f"{{{NS['smls']}}}IBVerwijsindexBinding", live_server.url + URL)
    bsn = synthetic_bsn(12)
    bron = {"CdKolomSuwi": 3, "CdPartijSuwi": "0344"}
    clusteringen = [{"CdClusteringIb": "01", "IndDkd": "1"}]
    with client.settings(raw_response=True):  # zeep reads an empty Acknowledgement as None: look at the XML
        response = service.IBVerwijsindex(Burgerservicenr=bsn, ClusteringIb=clusteringen, Bron=bron)
    assert response.status_code == 200
    body = body_van(etree.fromstring(response.content))
    assert geldig(body) and [k.tag for k in body] == ["Acknowledgement"]
    assert [(v.bsn, v.gemeente_id) for v in verwijzingen([bsn])] == [(bsn, gemeente_a.pk)]

    result = service.IBVerwijsindex(
        Burgerservicenr=bsn, ClusteringIb=[{"CdClusteringIb": "01", "IndDkd": "2"}], Bron=bron
    )
    assert result.FWI is None
    assert verwijzingen([bsn]) == []

    with pytest.raises(zeep.exceptions.Fault) as fout:
        service.IBVerwijsindex(Burgerservicenr=bsn, ClusteringIb=clusteringen, Bron={**bron, "CdPartijSuwi": "0363"})
    assert fout.value.detail.find(f"{{{NS['fwi']}}}Fout").findtext("Code") == "andere_gemeente"
