"""WS-Security signatures: what a valid one covers, and the tricks a verifier must not fall for."""

import copy
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from lxml import etree
from tests.suwiml.loopback import maak_pki

from vangnet.suwiml import reintegratie
from vangnet.suwiml.berichten import SOAP_ENV, WSA, WSU, Adressering, bouw_envelop, naar_bytes, parse_veilig
from vangnet.suwiml.ondertekening import OngeldigeHandtekening, Sleutelpaar, laad_sleutelpaar, onderteken, verifieer

BSN = "999000019"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return maak_pki(tmp_path_factory.mktemp("pki-ondertekening"))


def getekend(sleutelpaar, nu=None):
    adressering = Adressering(reintegratie.ACTION_VERZOEK, "urn:uuid:1", to="https://hub.example/soap", van="https://x")
    envelop = bouw_envelop(reintegratie.verzoek(BSN), adressering)
    onderteken(envelop, sleutelpaar, nu=nu)
    return parse_veilig(naar_bytes(envelop))


def test_a_signature_covers_every_header_the_timestamp_and_the_body(pki):
    paar = laad_sleutelpaar(str(pki.client.cert), str(pki.client.key))
    envelop = getekend(paar)
    ondertekening = verifieer(envelop, vertrouwd=[pki.ca.certificaat])
    ids = {e.get(f"{{{WSU}}}Id") for e in envelop.iter() if e.get(f"{{{WSU}}}Id")}
    token_ids = {e.get(f"{{{WSU}}}Id") for e in envelop.iter("{*}BinarySecurityToken")}
    assert ondertekening.ondertekend == ids - token_ids
    assert ondertekening.certificaat == pki.client.certificaat


def test_a_header_added_after_signing_is_refused(pki):
    envelop = getekend(laad_sleutelpaar(str(pki.client.cert), str(pki.client.key)))
    extra = etree.SubElement(envelop.find(f"{{{SOAP_ENV}}}Header"), f"{{{WSA}}}ReplyTo")
    etree.SubElement(extra, f"{{{WSA}}}Address").text = "https://aanvaller.example"
    with pytest.raises(OngeldigeHandtekening, match="dekt ReplyTo niet"):
        verifieer(envelop)


def test_a_wrapped_body_is_refused(pki):
    """The signed Body moved into a header and a new Body put in its place, with the same wsu:Id."""
    envelop = getekend(laad_sleutelpaar(str(pki.client.cert), str(pki.client.key)))
    body = envelop.find(f"{{{SOAP_ENV}}}Body")
    kopie = copy.deepcopy(body)
    envelop.find(f"{{{SOAP_ENV}}}Header").append(kopie)
    body.find(".//Burgerservicenr").text = "999000020"
    with pytest.raises(OngeldigeHandtekening):
        verifieer(envelop)


def test_a_second_signature_is_refused(pki):
    envelop = getekend(laad_sleutelpaar(str(pki.client.cert), str(pki.client.key)))
    handtekening = envelop.find(".//{http://www.w3.org/2000/09/xmldsig#}Signature")
    envelop.find(f"{{{SOAP_ENV}}}Body").append(copy.deepcopy(handtekening))
    with pytest.raises(OngeldigeHandtekening, match="precies één"):
        verifieer(envelop)


def test_time_and_trust(pki):
    paar = laad_sleutelpaar(str(pki.client.cert), str(pki.client.key))
    toekomst = getekend(paar, nu=datetime.now(UTC) + timedelta(hours=1))
    with pytest.raises(OngeldigeHandtekening, match="toekomst"):
        verifieer(toekomst)
    with pytest.raises(OngeldigeHandtekening, match="niet vertrouwd"):
        verifieer(getekend(paar), vertrouwd=[pki.vreemde_ca.certificaat])
    assert verifieer(getekend(paar), vertrouwd=[pki.client.certificaat])  # the signer's own certificate


def test_an_ec_key_signs_with_ecdsa_sha256():
    sleutel = ec.generate_private_key(ec.SECP256R1())
    naam = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ec")])
    nu = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(naam).issuer_name(naam).public_key(sleutel.public_key())
        .serial_number(1).not_valid_before(nu - timedelta(minutes=1)).not_valid_after(nu + timedelta(days=1))
        .sign(sleutel, hashes.SHA256())
    )  # fmt: skip
    envelop = getekend(Sleutelpaar(sleutel, cert))
    methode = envelop.find(".//{http://www.w3.org/2000/09/xmldsig#}SignatureMethod").get("Algorithm")
    assert methode.endswith("ecdsa-sha256")
    assert verifieer(envelop).certificaat == cert
