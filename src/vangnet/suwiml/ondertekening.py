"""WS-Security 1.0 signatures on SOAP messages, as the Digikoppeling WUS profile asks them.

A signed message carries in ``soapenv:Header`` a ``wsse:Security`` (mustUnderstand) with:

- a ``wsu:Timestamp`` (Created, Expires);
- the signer's X.509 certificate as a ``wsse:BinarySecurityToken`` (base64 DER);
- a ``ds:Signature`` over the Timestamp, every other header element and the Body, each
  referenced by its ``wsu:Id``: exclusive C14N, SHA-256 digests, RSA-SHA256 (or
  ECDSA-SHA256 for an EC key), and a KeyInfo that points at the token
  (SecurityTokenReference, the "direct reference" of WB010).

:func:`onderteken` adds this to an envelope built with ``berichten.bouw_envelop``;
:func:`verifieer` checks it on a received one and answers with the signer's certificate.
Signing and verifying use signxml.
"""

import base64
import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from cryptography import x509
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from signxml import XMLSigner, XMLVerifier, methods  # type: ignore[attr-defined, unused-ignore]
from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.exceptions import InvalidInput, InvalidSignature
from signxml.verifier import SignatureConfiguration

from vangnet.suwiml.berichten import DS, SOAP_ENV, WSSE, WSU, Element, OngeldigBericht

X509_TOKEN: Final = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"  # noqa: S105 - a URI
BASE64: Final = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
GELDIGHEID: Final = timedelta(minutes=5)
KLOKVERSCHIL: Final = timedelta(minutes=5)

_ID = f"{{{WSU}}}Id"
_HEADER = f"{{{SOAP_ENV}}}Header"
_BODY = f"{{{SOAP_ENV}}}Body"
_SECURITY = f"{{{WSSE}}}Security"
_TIJD = "%Y-%m-%dT%H:%M:%SZ"


class OngeldigeHandtekening(OngeldigBericht):
    """The signature is absent where required, broken, or does not cover what it must."""


SigningKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class Sleutelpaar:
    """A private key and the certificate that goes with it."""

    sleutel: SigningKey
    certificaat: x509.Certificate


@functools.lru_cache(maxsize=8)
def laad_sleutelpaar(certificaat_pad: str, sleutel_pad: str) -> Sleutelpaar:
    """The key pair in two PEM files (the key unencrypted); read once per process."""
    certificaat = x509.load_pem_x509_certificate(Path(certificaat_pad).read_bytes())
    sleutel = serialization.load_pem_private_key(Path(sleutel_pad).read_bytes(), password=None)
    if not isinstance(sleutel, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError("Alleen RSA- en EC-sleutels kunnen ondertekenen.")
    return Sleutelpaar(sleutel, certificaat)


@functools.lru_cache(maxsize=8)
def laad_certificaten(pad: str) -> tuple[x509.Certificate, ...]:
    """Every certificate in a PEM file (a trust list); read once per process."""
    return tuple(x509.load_pem_x509_certificates(Path(pad).read_bytes()))


def onderteken(envelop: Element, sleutelpaar: Sleutelpaar, *, nu: datetime | None = None) -> Element:
    """Add a wsse:Security header with Timestamp, token and a signature over all headers and the Body."""
    header = envelop.find(_HEADER)
    if header is None:
        header = etree.Element(_HEADER)
        envelop.insert(0, header)
    if header.find(_SECURITY) is not None:
        raise ValueError("Het bericht is al ondertekend.")
    te_tekenen = [kind for kind in header if isinstance(kind.tag, str)]
    security = etree.SubElement(header, _SECURITY, nsmap={"wsse": WSSE, "wsu": WSU})
    security.set(f"{{{SOAP_ENV}}}mustUnderstand", "1")
    moment = (nu or datetime.now(UTC)).astimezone(UTC)
    timestamp = etree.SubElement(security, f"{{{WSU}}}Timestamp", {_ID: _nieuw_id("TS")})
    etree.SubElement(timestamp, f"{{{WSU}}}Created").text = moment.strftime(_TIJD)
    etree.SubElement(timestamp, f"{{{WSU}}}Expires").text = (moment + GELDIGHEID).strftime(_TIJD)
    token_id = _nieuw_id("X509")
    token = etree.SubElement(
        security, f"{{{WSSE}}}BinarySecurityToken", {_ID: token_id, "ValueType": X509_TOKEN, "EncodingType": BASE64}
    )
    token.text = base64.b64encode(sleutelpaar.certificaat.public_bytes(serialization.Encoding.DER)).decode("ascii")
    body = envelop.find(_BODY)
    ids = [_id_van(element) for element in [*te_tekenen, timestamp, body]]
    key_info = etree.Element(f"{{{DS}}}KeyInfo", nsmap={"ds": DS})
    referentie = etree.SubElement(key_info, f"{{{WSSE}}}SecurityTokenReference", nsmap={"wsse": WSSE})
    etree.SubElement(referentie, f"{{{WSSE}}}Reference", URI=f"#{token_id}", ValueType=X509_TOKEN)
    signer = XMLSigner(
        method=methods.detached,
        signature_algorithm=(
            SignatureMethod.ECDSA_SHA256
            if isinstance(sleutelpaar.sleutel, ec.EllipticCurvePrivateKey)
            else SignatureMethod.RSA_SHA256
        ),
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    handtekening = signer.sign(
        envelop, key=sleutelpaar.sleutel, reference_uri=[f"#{i}" for i in ids], key_info=key_info, id_attribute="Id"
    )
    security.append(handtekening)
    return envelop


def _nieuw_id(voorvoegsel: str) -> str:
    return f"{voorvoegsel}-{uuid.uuid4().hex}"


def _id_van(element: Element) -> str:
    bestaand: str | None = element.get(_ID)
    if bestaand:
        return bestaand
    nieuw = _nieuw_id("id")
    element.set(_ID, nieuw)
    return nieuw


@dataclass(frozen=True)
class Ondertekening:
    """A verified signature: who signed (the certificate of the token) and the ids it covers."""

    certificaat: x509.Certificate
    ondertekend: frozenset[str]

    @property
    def onderwerp(self) -> str:
        return self.certificaat.subject.rfc4514_string()


def verifieer(
    envelop: Element,
    *,
    vertrouwd: Sequence[x509.Certificate] = (),
    nu: datetime | None = None,
) -> Ondertekening:
    """Check the WS-Security signature of a received envelope; raises OngeldigeHandtekening.

    Required: exactly one ds:Signature, inside wsse:Security; its references cover the
    Timestamp, every other header element and the Body, each by a unique wsu:Id; the
    Timestamp is current (five minutes' clock skew allowed); the key is that of the
    BinarySecurityToken the KeyInfo points at. With ``vertrouwd`` (certificates of trusted
    signers or of the CAs that issue them) the signing certificate must be one of them or
    issued directly by one, and valid now.
    """
    moment = (nu or datetime.now(UTC)).astimezone(UTC)
    header = envelop.find(_HEADER)
    security = header.find(_SECURITY) if header is not None else None
    if security is None:
        raise OngeldigeHandtekening("Het bericht is niet ondertekend (wsse:Security ontbreekt).")
    handtekeningen = envelop.findall(f".//{{{DS}}}Signature")
    if len(handtekeningen) != 1 or handtekeningen[0].getparent() is not security:
        raise OngeldigeHandtekening("Het bericht moet precies één handtekening bevatten, in wsse:Security.")
    handtekening = handtekeningen[0]
    alle_ids = [e.get(_ID) for e in envelop.iter() if isinstance(e.tag, str) and e.get(_ID) is not None]
    if len(alle_ids) != len(set(alle_ids)):
        raise OngeldigeHandtekening("Een wsu:Id komt meer dan eens voor.")
    certificaat = _certificaat_van(security, handtekening)
    uris = [r.get("URI") or "" for r in handtekening.findall(f"{{{DS}}}SignedInfo/{{{DS}}}Reference")]
    try:
        XMLVerifier().verify(
            envelop,
            x509_cert=certificaat,
            id_attribute="Id",
            expect_config=SignatureConfiguration(expect_references=len(uris) or 1),
        )
    except (InvalidSignature, InvalidInput) as fout:
        raise OngeldigeHandtekening(f"De handtekening is ongeldig ({type(fout).__name__}).") from None
    ondertekend = frozenset(u[1:] for u in uris if u.startswith("#"))
    timestamp = security.find(f"{{{WSU}}}Timestamp")
    if timestamp is None:
        raise OngeldigeHandtekening("De wsu:Timestamp ontbreekt.")
    body = envelop.find(_BODY)
    verplicht = [k for k in header if isinstance(k.tag, str) and k is not security] + [timestamp, body]
    for element in verplicht:
        if element.get(_ID) not in ondertekend:
            naam = etree.QName(element).localname
            raise OngeldigeHandtekening(f"De handtekening dekt {naam} niet.")
    _controleer_tijdstempel(timestamp, moment)
    if vertrouwd:
        _controleer_vertrouwen(certificaat, vertrouwd, moment)
    return Ondertekening(certificaat, ondertekend)


def _certificaat_van(security: Element, handtekening: Element) -> x509.Certificate:
    referentie = handtekening.find(f"{{{DS}}}KeyInfo/{{{WSSE}}}SecurityTokenReference/{{{WSSE}}}Reference")
    if referentie is None or not (referentie.get("URI") or "").startswith("#"):
        raise OngeldigeHandtekening("De KeyInfo moet direct naar een BinarySecurityToken verwijzen.")
    token_id = referentie.get("URI")[1:]
    for token in security.findall(f"{{{WSSE}}}BinarySecurityToken"):
        if token.get(_ID) == token_id:
            try:
                return x509.load_der_x509_certificate(base64.b64decode(token.text or "", validate=True))
            except ValueError:
                raise OngeldigeHandtekening("Het BinarySecurityToken is geen X.509-certificaat.") from None
    raise OngeldigeHandtekening("Het BinarySecurityToken waarnaar de KeyInfo verwijst, ontbreekt.")


def _controleer_tijdstempel(timestamp: Element, moment: datetime) -> None:
    try:
        created = _tijd(timestamp.find(f"{{{WSU}}}Created"))
        expires_element = timestamp.find(f"{{{WSU}}}Expires")
        expires = _tijd(expires_element) if expires_element is not None else None
    except ValueError:
        raise OngeldigeHandtekening("De wsu:Timestamp is geen geldige tijd.") from None
    if created > moment + KLOKVERSCHIL:
        raise OngeldigeHandtekening("De wsu:Timestamp ligt in de toekomst.")
    if expires is not None and expires < moment - KLOKVERSCHIL:
        raise OngeldigeHandtekening("Het bericht is verlopen (wsu:Expires).")


def _tijd(element: Element | None) -> datetime:
    if element is None or not element.text:
        raise ValueError("geen tijd")
    return datetime.fromisoformat(element.text.strip().replace("Z", "+00:00")).astimezone(UTC)


def _controleer_vertrouwen(
    certificaat: x509.Certificate, vertrouwd: Sequence[x509.Certificate], moment: datetime
) -> None:
    if not certificaat.not_valid_before_utc <= moment <= certificaat.not_valid_after_utc:
        raise OngeldigeHandtekening("Het certificaat van de ondertekenaar is niet (meer) geldig.")
    vingerafdruk = certificaat.fingerprint(hashes.SHA256())
    for bekend in vertrouwd:
        if bekend.fingerprint(hashes.SHA256()) == vingerafdruk:
            return
        if bekend.subject == certificaat.issuer:
            try:
                certificaat.verify_directly_issued_by(bekend)
            except (ValueError, TypeError, CryptoInvalidSignature):
                continue
            return
    raise OngeldigeHandtekening("De ondertekenaar wordt niet vertrouwd.")
