"""Real servers on loopback for the SOAP tests, and self-made certificates (CA, server, client)."""

import datetime as dt
import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from vangnet.domain.verzamelbestand import Bron, Persoon, Relatie, Voorziening

UTC = dt.UTC

# --- certificates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pem:
    cert: Path
    key: Path
    certificaat: x509.Certificate


def _naam(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "vangnet test"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def maak_certificaat(
    map_: Path, naam: str, *, uitgever: "Pem | None" = None, ca: bool = False, server: bool = False
) -> Pem:
    """A key and certificate in ``map_``: self-signed when ``uitgever`` is None, else issued by it."""
    sleutel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    nu = dt.datetime.now(UTC)
    onderwerp = _naam(naam)
    if uitgever is None:
        uitgever_naam, uitgever_sleutel = onderwerp, sleutel
    else:
        uitgever_naam = uitgever.certificaat.subject
        uitgever_sleutel = serialization.load_pem_private_key(uitgever.key.read_bytes(), password=None)
    bouwer = (
        x509.CertificateBuilder()
        .subject_name(onderwerp)
        .issuer_name(uitgever_naam)
        .public_key(sleutel.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(nu - dt.timedelta(minutes=5))
        .not_valid_after(nu + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        bouwer = bouwer.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        ).add_extension(x509.SubjectKeyIdentifier.from_public_key(sleutel.public_key()), critical=False)
    else:
        gebruik = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
        bouwer = bouwer.add_extension(x509.ExtendedKeyUsage([gebruik]), critical=False)
    if server:
        bouwer = bouwer.add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
    if uitgever is not None:
        bouwer = bouwer.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(uitgever.certificaat.public_key()), critical=False
        )
    certificaat = bouwer.sign(uitgever_sleutel, hashes.SHA256())
    cert_pad, key_pad = map_ / f"{naam}.crt", map_ / f"{naam}.key"
    cert_pad.write_bytes(certificaat.public_bytes(serialization.Encoding.PEM))
    key_pad.write_bytes(
        sleutel.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return Pem(cert_pad, key_pad, certificaat)


@dataclass(frozen=True)
class Pki:
    ca: Pem
    server: Pem
    client: Pem
    vreemde_ca: Pem
    vreemde_client: Pem


def maak_pki(map_: Path) -> Pki:
    ca = maak_certificaat(map_, "test-ca", ca=True)
    vreemde_ca = maak_certificaat(map_, "vreemde-ca", ca=True)
    return Pki(
        ca=ca,
        server=maak_certificaat(map_, "gemeente-server", uitgever=ca, server=True),
        client=maak_certificaat(map_, "hub-client", uitgever=ca),
        vreemde_ca=vreemde_ca,
        vreemde_client=maak_certificaat(map_, "vreemde-client", uitgever=vreemde_ca),
    )


# --- a person as a gemeente answers it -----------------------------------------------------------


def soap_persoon(bsn: str) -> Persoon:
    """Two LKS periods and one provision without LKS, at Utrecht (0344)."""
    return Persoon(
        1,
        bsn,
        achternaam="Testpersoon",
        relaties=(Relatie(Bron(3, "0344")),),
        voorzieningen=(
            Voorziening(
                0, dt.date(2024, 1, 1), dt.date(2024, 12, 31), cd_type="05", perc_loonwaarde="+06000", is_lks=True
            ),
            Voorziening(0, dt.date(2024, 2, 1), None, cd_type="02", omschrijving="Jobcoaching"),
            Voorziening(0, dt.date(2025, 3, 1), None, cd_type="05", perc_loonwaarde="", is_lks=True),
        ),
    )


# --- servers ------------------------------------------------------------------------------------


@dataclass
class Verzoek:
    pad: str
    headers: dict[str, str]
    body: bytes
    client_certificaat: dict | None = None


@dataclass
class HttpAntwoord:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/xml; charset=utf-8"


Gedrag = Callable[["Loopback", Verzoek], "HttpAntwoord | None"]
"""Answers a request; None means the handler wrote (or withheld) the response itself."""


@dataclass
class Loopback:
    url: str
    verzoeken: list[Verzoek] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    handler: BaseHTTPRequestHandler | None = None


class _StilleServer(ThreadingHTTPServer):
    """Threads die with the test; a failed TLS handshake or a dropped connection is expected, not printed."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        return None


@contextmanager
def loopback(gedrag: Gedrag, *, tls: ssl.SSLContext | None = None, pad: str = "/dkd") -> Iterator[Loopback]:
    """A ThreadingHTTPServer on 127.0.0.1 in a thread, answering every POST with ``gedrag``."""
    toestand = Loopback(url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return None

        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            lengte = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(lengte)
            certificaat = self.connection.getpeercert() if isinstance(self.connection, ssl.SSLSocket) else None
            verzoek = Verzoek(self.path, dict(self.headers.items()), body, certificaat)
            toestand.verzoeken.append(verzoek)
            toestand.handler = self
            antwoord = gedrag(toestand, verzoek)
            if antwoord is None:
                return
            self.send_response(antwoord.status)
            self.send_header("Content-Type", antwoord.content_type)
            self.send_header("Content-Length", str(len(antwoord.body)))
            self.end_headers()
            self.wfile.write(antwoord.body)

    server = _StilleServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        # The handshake happens in the handler thread (on first read), so a failing one never blocks accept().
    schema = "https" if tls is not None else "http"
    toestand.url = f"{schema}://127.0.0.1:{server.server_address[1]}{pad}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield toestand
    finally:
        toestand.stop.set()
        server.shutdown()
        server.server_close()


def vrije_poort() -> int:
    """A port on loopback where nobody listens (bound and released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_tls(pki: Pki, *, client_verplicht: bool = True) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki.server.cert, pki.server.key)
    if client_verplicht:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(pki.ca.cert)
    return context
