"""Our GSDDossierReintegratie-v0200 schemas and WSDL, against captured-style example messages."""

import copy
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zeep
from lxml import etree

from django.conf import settings

from vangnet.suwiml import reintegratie
from vangnet.suwiml.berichten import FWI, SOAP_ENV, WSA, lees_envelop, parse_veilig
from vangnet.suwiml.ondertekening import OngeldigeHandtekening, verifieer
from vangnet.suwiml.schemas import fouten

SCHEMAS = Path(settings.CHECKOUT_DIR) / "schemas"
VOORBEELDEN = SCHEMAS / "voorbeelden"
BSN = "999000019"
VERZOEK_ID = "urn:uuid:6f1d2c3b-1c2d-4e5f-8a9b-000000000001"
ONDERTEKEND_OP = datetime(2026, 3, 2, 9, 31, tzinfo=UTC)
FWI_XSD = "GSDDossierReintegratie-v0200-fwi.xsd"


def voorbeeld(naam: str):
    return lees_envelop(parse_veilig((VOORBEELDEN / naam).read_bytes()))


@pytest.mark.parametrize(
    ("naam", "action", "ondertekend"),
    [
        ("gsd-reintegratieinfo-verzoek.xml", reintegratie.ACTION_VERZOEK, True),
        ("gsd-reintegratieinfo-antwoord-clientsuwi.xml", reintegratie.ACTION_ANTWOORD, True),
        ("gsd-reintegratieinfo-antwoord-nietsgevonden.xml", reintegratie.ACTION_ANTWOORD, False),
        ("gsd-reintegratieinfo-antwoord-fwi.xml", reintegratie.ACTION_ANTWOORD, False),
        ("gsd-reintegratieinfo-fout.xml", reintegratie.ACTION_FOUT, False),
    ],
)
def test_every_example_is_a_valid_message(naam, action, ondertekend):
    envelop = voorbeeld(naam)
    adressering = envelop.adressering
    assert adressering.action == action
    assert adressering.message_id.startswith("urn:uuid:")
    assert "?oin=" in adressering.to and "?oin=" in adressering.van
    if action != reintegratie.ACTION_VERZOEK:
        assert adressering.relates_to == VERZOEK_ID
    # No custom headers: only WS-Addressing and WS-Security.
    assert {etree.QName(h).namespace for h in envelop.header} <= {
        WSA,
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    }
    if envelop.fout is not None:
        assert envelop.fout.faultcode == "soapenv:Client"
        detail = envelop.inhoud.find(f"detail/{{{FWI}}}Fout")
        assert fouten(detail, FWI_XSD) == []
    else:
        assert fouten(envelop.inhoud, reintegratie.XSD) == []
    if ondertekend:
        ondertekening = verifieer(envelop.root, nu=ONDERTEKEND_OP)
        assert len(ondertekening.ondertekend) == len(envelop.header) - 1 + 2  # headers, Timestamp, Body


def test_the_examples_read_as_vangnet_reads_them():
    assert reintegratie.lees_verzoek(voorbeeld("gsd-reintegratieinfo-verzoek.xml").inhoud) == BSN
    antwoord = reintegratie.lees_antwoord(voorbeeld("gsd-reintegratieinfo-antwoord-clientsuwi.xml").inhoud, BSN)
    assert [(p.begin.isoformat(), p.einde) for p in reintegratie.lks_perioden(antwoord.persoon)] == [
        ("2023-01-01", datetime(2024, 6, 30).date()),
        ("2024-07-01", None),
    ]
    assert reintegratie.lees_antwoord(
        voorbeeld("gsd-reintegratieinfo-antwoord-nietsgevonden.xml").inhoud, BSN
    ).niets_gevonden
    fwi = reintegratie.lees_antwoord(voorbeeld("gsd-reintegratieinfo-antwoord-fwi.xml").inhoud, BSN)
    assert [m.code for m in fwi.meldingen] == ["VN-NIET-BESCHIKBAAR"]
    fout = voorbeeld("gsd-reintegratieinfo-fout.xml").fout
    assert (fout.melding.code, fout.melding.details) == (
        "VN-ONGELDIG",
        ("Burgerservicenr moet uit precies 9 cijfers bestaan.",),
    )


def test_a_changed_signed_example_no_longer_verifies():
    data = (VOORBEELDEN / "gsd-reintegratieinfo-antwoord-clientsuwi.xml").read_bytes()
    vervalst = lees_envelop(parse_veilig(data.replace(b"<Percentage>05500", b"<Percentage>09900")))
    with pytest.raises(OngeldigeHandtekening):
        verifieer(vervalst.root, nu=ONDERTEKEND_OP)
    with pytest.raises(OngeldigeHandtekening, match="verlopen"):
        verifieer(voorbeeld("gsd-reintegratieinfo-verzoek.xml").root, nu=datetime(2026, 3, 3, tzinfo=UTC))


# --- the schema is as strict as SuwiML, no stricter ---------------------------------------------------

SMLS = reintegratie.NAMESPACE


def antwoord(binnen: str) -> etree._Element:
    return etree.fromstring(
        f'<smls:GSDReintegratieInfoResponse xmlns:smls="{SMLS}" xmlns:fwi="{FWI}">{binnen}'
        "</smls:GSDReintegratieInfoResponse>"
    )


def client_suwi(*, bsn=BSN, voor="", dat_b="20240101", perc="<Percentage>06000</Percentage>", kolom="3") -> str:
    return (
        f"<ClientSuwi><Burgerservicenr>{bsn}</Burgerservicenr>{voor}<AtlRelatie><ReIntegratievoorziening>"
        f"<DatBRv>{dat_b}</DatBRv><Loonkostensubsidie><PercLoonwaardeTovWml>{perc}</PercLoonwaardeTovWml>"
        f"</Loonkostensubsidie></ReIntegratievoorziening><Bron><CdKolomSuwi>{kolom}</CdKolomSuwi>"
        "<CdPartijSuwi>0344</CdPartijSuwi></Bron></AtlRelatie></ClientSuwi>"
    )


FWI_FOUT = "<fwi:FWI><Fout><Code>X</Code><Tekst>t</Tekst><Bron><DN>CN=x</DN></Bron></Fout></fwi:FWI>"


@pytest.mark.parametrize(
    ("binnen", "geldig"),
    [
        (client_suwi(), True),
        (client_suwi() + FWI_FOUT, True),
        (FWI_FOUT, True),
        ("<fwi:NietsGevonden/>", True),
        ("", False),
        ("<NietsGevonden/>", False),
        ("<fwi:NietsGevonden/>" + FWI_FOUT, False),
        (FWI_FOUT + client_suwi(), False),
        ("<fwi:FWI/>", False),
        (client_suwi(dat_b="2024-01-01"), False),
        (client_suwi(dat_b="20240000"), True),  # unknown month and day: a Datum, not a calendar date
        (client_suwi(dat_b="20240231"), True),  # no calendar check in the schema
        (client_suwi(bsn="12345678"), False),
        (client_suwi(bsn="123456789"), True),  # no elfproef in the schema
        (client_suwi(voor="<Voorletters>J.P.</Voorletters>"), False),
        (client_suwi(voor="<Voorletters>JP</Voorletters>"), True),
        (client_suwi(voor="<Geslacht>M</Geslacht>"), False),
        (client_suwi(voor="<Voornamen>Jan2</Voornamen>"), False),
        (client_suwi(voor="<Geboortedat>19850312</Geboortedat><Voornamen>Jan</Voornamen>"), False),  # order
        (client_suwi(perc="<Percentage>6000</Percentage>"), False),
        (client_suwi(perc="<CdPositiefNegatief>x</CdPositiefNegatief>"), False),
        (client_suwi(perc=""), True),
        (client_suwi(kolom="03"), True),
        (client_suwi(kolom="100"), False),
    ],
)
def test_the_answer_schema(binnen, geldig):
    assert (fouten(antwoord(binnen), reintegratie.XSD) == []) is geldig


@pytest.mark.parametrize(
    ("bsn", "geldig"), [(BSN, True), ("12345678", False), ("1234567890", False), ("12345678a", False)]
)
def test_the_request_schema(bsn, geldig):
    verzoek = etree.fromstring(
        f'<smls:GSDReintegratieInfo xmlns:smls="{SMLS}"><Burgerservicenr>{bsn}</Burgerservicenr>'
        "</smls:GSDReintegratieInfo>"
    )
    assert (fouten(verzoek, reintegratie.XSD) == []) is geldig
    gekwalificeerd = copy.deepcopy(verzoek)
    gekwalificeerd[0].tag = f"{{{SMLS}}}Burgerservicenr"
    assert fouten(gekwalificeerd, reintegratie.XSD) != []  # elementFormDefault="unqualified"


# --- the WSDL ------------------------------------------------------------------------------------------

WSDL_NS = {
    "wsdl": "http://schemas.xmlsoap.org/wsdl/",
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
    "wsaw": "http://www.w3.org/2006/05/addressing/wsdl",
}


def test_the_wsdl_is_soap_1_1_document_literal_with_required_addressing():
    wsdl = etree.parse(str(SCHEMAS / reintegratie.WSDL)).getroot()
    assert wsdl.get("targetNamespace") == SMLS
    binding = wsdl.find("wsdl:binding", WSDL_NS)
    assert binding.find("soap:binding", WSDL_NS).get("style") == "document"
    assert binding.find("soap:binding", WSDL_NS).get("transport") == "http://schemas.xmlsoap.org/soap/http"
    assert binding.find("wsaw:UsingAddressing", WSDL_NS).get(f"{{{WSDL_NS['wsdl']}}}required") == "true"
    assert binding.find("wsdl:operation/soap:operation", WSDL_NS).get("soapAction") == ""
    assert {b.get("use") for b in binding.iterfind(".//soap:body", WSDL_NS)} == {"literal"}
    operatie = wsdl.find("wsdl:portType/wsdl:operation", WSDL_NS)
    acties = {kind.tag.split("}")[1]: kind.get(f"{{{WSDL_NS['wsaw']}}}Action") for kind in operatie}
    assert acties == {
        "input": reintegratie.ACTION_VERZOEK,
        "output": reintegratie.ACTION_ANTWOORD,
        "fault": reintegratie.ACTION_FOUT,
    }
    delen = {m.get("name"): m.find("wsdl:part", WSDL_NS).attrib for m in wsdl.iterfind("wsdl:message", WSDL_NS)}
    assert {naam: (d["name"], d["element"]) for naam, d in delen.items()} == {
        "GSDReintegratieInfo": ("parameters", "smls:GSDReintegratieInfo"),
        "GSDReintegratieInfoResponse": ("parameters", "smls:GSDReintegratieInfoResponse"),
        "AanvraagNietOk": ("parameters", "fwi:Fout"),
    }


def test_zeep_reads_the_wsdl_file_and_finds_the_operation():
    client = zeep.Client(str(SCHEMAS / reintegratie.WSDL))
    binding = client.wsdl.bindings[f"{{{SMLS}}}GSDReintegratieBinding"]
    operatie = binding.get("GSDReintegratieInfo")
    assert operatie.soapaction == ""
    assert operatie.abstract.wsa_action == reintegratie.ACTION_VERZOEK
    envelop = operatie.input.serialize(Burgerservicenr=BSN).content
    body = envelop.find(f"{{{SOAP_ENV}}}Body")[0]
    assert fouten(body, reintegratie.XSD) == []
