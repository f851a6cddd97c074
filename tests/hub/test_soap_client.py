"""The hub's SOAP client against real servers on loopback: good, slow, silent, failing, garbled, hostile."""

import time
from datetime import date, timedelta

import pytest
from lxml import etree
from tests.suwiml.loopback import (
    HttpAntwoord,
    Loopback,
    Verzoek,
    loopback,
    maak_pki,
    server_tls,
    soap_persoon,
    vrije_poort,
)

from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn
from vangnet.hub.constants import Aanlevermethode, Bronsoort, Cluster, Uitkomst
from vangnet.hub.dkd import soap_client
from vangnet.hub.dkd.soap_client import CIRCUIT_OPEN, circuit_open_tot
from vangnet.hub.dkd.webservice import raadpleeg
from vangnet.hub.models import DkdInstelling, Verwijsindex, WebserviceAanroep
from vangnet.suwiml import reintegratie
from vangnet.suwiml.berichten import (
    SOAP_ENV,
    WSA,
    WSSE,
    WSU,
    Adressering,
    Fout,
    FwiMelding,
    antwoord_adressering,
    bouw_envelop,
    bouw_fout,
    lees_envelop,
    naar_bytes,
    parse_veilig,
)
from vangnet.suwiml.ondertekening import laad_sleutelpaar, onderteken, verifieer
from vangnet.suwiml.schemas import fouten

BSN = synthetic_bsn(1)
BUDGET = 0.8
GEMEENTE_ADRES = "https://gemeente.example/dkd?oin=00000001001234567000"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return maak_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def snel(settings):
    """Small time-outs, two attempts, a circuit that opens after three failures."""
    settings.VANGNET_DKD_WEBSERVICE_CLIENT = "vangnet.hub.dkd.soap_client.SoapWebserviceClient"
    settings.VANGNET_DKD_WEBSERVICE_CONNECT_TIMEOUT = 0.5
    settings.VANGNET_DKD_WEBSERVICE_READ_TIMEOUT = 0.4
    settings.VANGNET_DKD_WEBSERVICE_BUDGET = BUDGET
    settings.VANGNET_DKD_WEBSERVICE_POGINGEN = 2
    settings.VANGNET_DKD_WEBSERVICE_BACKOFF = 0.05
    settings.VANGNET_DKD_WEBSERVICE_MAX_BYTES = 64 * 1024
    settings.VANGNET_DKD_CIRCUIT_DREMPEL = 3
    settings.VANGNET_DKD_CIRCUIT_AFKOELING = 60
    settings.VANGNET_WEBSERVICE_HTTPS_VERPLICHT = False
    settings.VANGNET_SOAP_TLS_CERT = settings.VANGNET_SOAP_TLS_KEY = settings.VANGNET_SOAP_TLS_CA = ""
    settings.VANGNET_SOAP_ONDERTEKENEN = False
    return settings


def webservice(gemeente, url: str) -> DkdInstelling:
    return DkdInstelling.objects.create(gemeente=gemeente, aanlevermethode=Aanlevermethode.WEBSERVICE, endpoint_url=url)


def soap(verzoek: Verzoek, inhoud, *, status: int = 200, relates_to: str | None = None) -> HttpAntwoord:
    """An answer to ``verzoek`` as a gemeente sends it: addressed back, RelatesTo its MessageID."""
    adressering = lees_envelop(parse_veilig(verzoek.body)).adressering
    terug = antwoord_adressering(adressering, reintegratie.ACTION_ANTWOORD, GEMEENTE_ADRES)
    if relates_to is not None:
        terug = Adressering(terug.action, terug.message_id, terug.to, terug.van, relates_to)
    return HttpAntwoord(status, naar_bytes(bouw_envelop(inhoud, terug)))


def goed(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
    bsn = reintegratie.lees_verzoek(lees_envelop(parse_veilig(verzoek.body)).inhoud)
    if bsn != BSN:
        return soap(verzoek, reintegratie.antwoord(reintegratie.Antwoord(niets_gevonden=True)))
    return soap(verzoek, reintegratie.antwoord(reintegratie.Antwoord(persoon=soap_persoon(BSN))))


def gevraagd(url: str, gemeente) -> tuple:
    webservice(gemeente, url)
    start = time.monotonic()
    antwoord = raadpleeg(gemeente.pk, BSN)
    return antwoord, time.monotonic() - start


# --- answers that are answers -------------------------------------------------------------------


def test_a_clientsuwi_gives_a_period_per_provision_with_loonkostensubsidie(snel, gemeente_a):
    with loopback(goed) as lb:
        antwoord, _ = gevraagd(lb.url, gemeente_a)
    assert antwoord.uitkomst == Uitkomst.OK, antwoord.melding
    assert [(p.begin, p.einde) for p in antwoord.perioden] == [
        (date(2024, 1, 1), date(2024, 12, 31)),
        (date(2025, 3, 1), None),
    ]
    assert antwoord.persoon.achternaam == "Testpersoon"
    aanroep = WebserviceAanroep.objects.get()
    assert (aanroep.gemeente_id, aanroep.uitkomst) == (gemeente_a.pk, "ok")

    # What the gemeente received: SOAP 1.1 with the WS-Addressing headers, a body valid against our schema.
    (verzoek,) = lb.verzoeken
    assert verzoek.headers["Content-Type"].startswith("text/xml")
    assert verzoek.headers["SOAPAction"] == '""'
    envelop = lees_envelop(parse_veilig(verzoek.body))
    assert envelop.adressering.action == reintegratie.ACTION_VERZOEK
    assert envelop.adressering.message_id.startswith("urn:uuid:")
    assert envelop.adressering.to == lb.url
    assert envelop.adressering.van.endswith("/GSDDossierReintegratie-v0200")
    assert fouten(envelop.inhoud, reintegratie.XSD) == []
    assert reintegratie.lees_verzoek(envelop.inhoud) == BSN


def test_niets_gevonden(snel, gemeente_a):
    with loopback(goed) as lb:
        webservice(gemeente_a, lb.url)
        antwoord = raadpleeg(gemeente_a.pk, synthetic_bsn(2))
    assert (antwoord.uitkomst, antwoord.perioden) == (Uitkomst.NIETS_GEVONDEN, ())
    assert WebserviceAanroep.objects.get().uitkomst == "niets_gevonden"


# --- answers that are not -----------------------------------------------------------------------


def traag(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
    lb.stop.wait(BUDGET + 1)
    return goed(lb, verzoek)


def nooit(lb: Loopback, verzoek: Verzoek) -> None:
    lb.stop.wait(30)


def fwi_fout(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
    melding = FwiMelding("X002", f"Persoon {BSN} is geblokkeerd", "CN=gemeente,O=Test,C=NL", ("Neem contact op",))
    return soap(verzoek, bouw_fout(Fout(melding, client=False)), status=500)


def alleen_fwi(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
    melding = FwiMelding("X001", "Bron tijdelijk niet beschikbaar", "CN=gemeente,O=Test,C=NL")
    return soap(verzoek, reintegratie.antwoord(reintegratie.Antwoord(meldingen=(melding,))))


def vast(status: int, body: bytes, content_type: str = "text/xml; charset=utf-8"):
    def gedrag(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
        return HttpAntwoord(status, body, content_type)

    return gedrag


def met_inhoud(xml: bytes, status: int = 200):
    """A well-formed envelope around ``xml`` (a body element), addressed as an answer to the request."""

    def gedrag(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
        return soap(verzoek, parse_veilig(xml), status=status)

    return gedrag


def andere_persoon(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
    return soap(verzoek, reintegratie.antwoord(reintegratie.Antwoord(persoon=soap_persoon(synthetic_bsn(3)))))


def ander_verzoek(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
    return soap(verzoek, reintegratie.antwoord(reintegratie.Antwoord(niets_gevonden=True)), relates_to="urn:uuid:x")


SMLS = reintegratie.NAMESPACE
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>&lol9;</soapenv:Body></soapenv:Envelope>'
)
EXTERNE_ENTITEIT = (
    b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>&x;</soapenv:Body>'
    b"</soapenv:Envelope>"
)
UTF16_DOCTYPE = (
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE e [<!ENTITY x "y">]>'
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>&x;</soapenv:Body>'
    "</soapenv:Envelope>"
).encode("utf-16")
DIEP = (
    b'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
    + b"<a>" * 5000
    + b"</a>" * 5000
    + b"</soapenv:Body></soapenv:Envelope>"
)
TE_GROOT = b"<x>" + b" " * (128 * 1024) + b"</x>"


class GeenHttp:
    """Sends bytes that are not HTTP at all, then closes."""

    def __call__(self, lb: Loopback, verzoek: Verzoek) -> None:
        lb.handler.wfile.write(b"\x00\x01 dit is geen HTTP\r\n\r\n")
        lb.handler.close_connection = True


@pytest.mark.parametrize(
    ("gedrag", "uitkomst", "in_melding"),
    [
        pytest.param(traag, Uitkomst.TIMEOUT, "Geen antwoord", id="slow"),
        pytest.param(nooit, Uitkomst.TIMEOUT, "Geen antwoord", id="never"),
        pytest.param(fwi_fout, Uitkomst.FOUT, "X002", id="fwi-fault"),
        pytest.param(alleen_fwi, Uitkomst.FOUT, "Bron tijdelijk niet beschikbaar", id="fwi-without-data"),
        pytest.param(vast(200, b"<<< geen xml"), Uitkomst.ONGELDIG_ANTWOORD, "goedgevormde XML", id="garbage"),
        pytest.param(vast(200, b""), Uitkomst.ONGELDIG_ANTWOORD, "leeg", id="empty"),
        pytest.param(vast(200, b"<html><body>Onderhoud</body></html>"), Uitkomst.ONGELDIG_ANTWOORD, "SOAP", id="html"),
        pytest.param(
            vast(500, b"Internal Server Error", "text/plain"), Uitkomst.ONGELDIG_ANTWOORD, "XML", id="500-text"
        ),
        pytest.param(vast(503, b"bezet", "text/plain"), Uitkomst.FOUT, "HTTP 503", id="503"),
        pytest.param(vast(403, b"nee", "text/plain"), Uitkomst.GEWEIGERD, "HTTP 403", id="403"),
        pytest.param(vast(200, LAUGHS), Uitkomst.ONGELDIG_ANTWOORD, "DOCTYPE", id="billion-laughs"),
        pytest.param(vast(200, EXTERNE_ENTITEIT), Uitkomst.ONGELDIG_ANTWOORD, "DOCTYPE", id="external-entity"),
        pytest.param(vast(200, UTF16_DOCTYPE), Uitkomst.ONGELDIG_ANTWOORD, "DOCTYPE", id="utf16-doctype"),
        pytest.param(vast(200, DIEP), Uitkomst.ONGELDIG_ANTWOORD, "XML", id="deep-nesting"),
        pytest.param(vast(200, TE_GROOT), Uitkomst.ONGELDIG_ANTWOORD, "groter dan", id="too-large"),
        pytest.param(
            met_inhoud(f'<smls:Iets xmlns:smls="{SMLS}"/>'.encode()),
            Uitkomst.ONGELDIG_ANTWOORD,
            "GSDReintegratieInfoResponse",
            id="wrong-element",
        ),
        pytest.param(
            met_inhoud(
                f'<smls:GSDReintegratieInfoResponse xmlns:smls="{SMLS}"><NietsGevonden/>'
                "</smls:GSDReintegratieInfoResponse>".encode()
            ),
            Uitkomst.ONGELDIG_ANTWOORD,
            "NietsGevonden",
            id="unqualified-nietsgevonden",
        ),
        pytest.param(
            met_inhoud(
                f'<smls:GSDReintegratieInfoResponse xmlns:smls="{SMLS}"><ClientSuwi><Burgerservicenr>{BSN}'
                "</Burgerservicenr><AtlRelatie><ReIntegratievoorziening><DatBRv>2024-01-01</DatBRv>"
                "</ReIntegratievoorziening><Bron><CdKolomSuwi>3</CdKolomSuwi><CdPartijSuwi>0344</CdPartijSuwi>"
                "</Bron></AtlRelatie></ClientSuwi></smls:GSDReintegratieInfoResponse>".encode()
            ),
            Uitkomst.ONGELDIG_ANTWOORD,
            "DatBRv",
            id="date-not-ccyymmdd",
        ),
        pytest.param(andere_persoon, Uitkomst.ONGELDIG_ANTWOORD, "andere persoon", id="another-person"),
        pytest.param(ander_verzoek, Uitkomst.ONGELDIG_ANTWOORD, "RelatesTo", id="relates-to-another-request"),
        pytest.param(GeenHttp(), Uitkomst.ONGELDIG_ANTWOORD, "HTTP", id="not-http"),
    ],
)
def test_every_failure_has_its_outcome_in_bounded_time_and_is_recorded(snel, gemeente_a, gedrag, uitkomst, in_melding):
    with loopback(gedrag) as lb:
        antwoord, duur = gevraagd(lb.url, gemeente_a)
    assert antwoord.uitkomst == uitkomst, antwoord.melding
    assert in_melding in antwoord.melding
    assert BSN not in antwoord.melding
    assert antwoord.perioden == ()
    assert duur < BUDGET + 0.5
    aanroep = WebserviceAanroep.objects.get()
    assert aanroep.uitkomst == uitkomst
    assert BSN not in aanroep.melding


def test_a_server_that_trickles_its_answer_is_cut_off_at_the_budget(snel, gemeente_a):
    def druppel(lb: Loopback, verzoek: Verzoek) -> None:
        body = goed(lb, verzoek).body
        h = lb.handler
        h.send_response(200)
        h.send_header("Content-Type", "text/xml")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        for byte in body:
            if lb.stop.wait(0.1):
                return
            h.wfile.write(bytes([byte]))
            h.wfile.flush()

    with loopback(druppel) as lb:
        antwoord, duur = gevraagd(lb.url, gemeente_a)
    assert antwoord.uitkomst == Uitkomst.TIMEOUT
    assert duur < BUDGET + 0.5


def test_a_refused_connection_is_geweigerd_after_a_retry(snel, gemeente_a):
    antwoord, duur = gevraagd(f"http://127.0.0.1:{vrije_poort()}/dkd", gemeente_a)
    assert antwoord.uitkomst == Uitkomst.GEWEIGERD
    assert "geweigerd" in antwoord.melding
    assert duur < BUDGET
    assert WebserviceAanroep.objects.get().uitkomst == "geweigerd"


def test_a_time_out_is_retried_within_the_budget(snel, gemeente_a):
    snel.VANGNET_DKD_WEBSERVICE_BUDGET = 2.0

    def eerst_stil(lb: Loopback, verzoek: Verzoek):
        if len(lb.verzoeken) == 1:
            lb.stop.wait(1.0)
            return None
        return goed(lb, verzoek)

    with loopback(eerst_stil) as lb:
        antwoord, duur = gevraagd(lb.url, gemeente_a)
        assert len(lb.verzoeken) == 2
    assert antwoord.uitkomst == Uitkomst.OK
    assert duur < 2.0


def test_a_garbled_answer_is_not_retried(snel, gemeente_a):
    with loopback(vast(200, b"<<<")) as lb:
        antwoord, _ = gevraagd(lb.url, gemeente_a)
        assert len(lb.verzoeken) == 1
    assert antwoord.uitkomst == Uitkomst.ONGELDIG_ANTWOORD


def test_http_is_refused_when_https_is_required(snel, gemeente_a):
    snel.VANGNET_WEBSERVICE_HTTPS_VERPLICHT = True
    with loopback(goed) as lb:
        antwoord, _ = gevraagd(lb.url, gemeente_a)
        assert lb.verzoeken == []
    assert antwoord.uitkomst == Uitkomst.FOUT
    assert "https" in antwoord.melding


def test_the_client_never_raises(snel, gemeente_a, monkeypatch):
    def kapot(*args, **kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr(soap_client, "bouw_envelop", kapot)
    antwoord, _ = gevraagd("http://127.0.0.1:9/dkd", gemeente_a)
    assert antwoord.uitkomst == Uitkomst.FOUT
    assert "RuntimeError" in antwoord.melding


# --- circuit breaker ----------------------------------------------------------------------------


def test_the_circuit_opens_after_repeated_failures_and_the_toets_answers_onbekend_at_once(
    snel, gemeente_b, uwv, api_client_for
):
    snel.VANGNET_DKD_WEBSERVICE_BUDGET = 0.5
    snel.VANGNET_DKD_WEBSERVICE_POGINGEN = 1
    Verwijsindex.objects.create(
        bsn=BSN,
        gemeente=gemeente_b,
        cluster=Cluster.REINTEGRATIE,
        bron=Bronsoort.WEBSERVICE,
        bijgewerkt_op=timezone.now(),
    )
    client = api_client_for(uwv, ["lks_toets"])
    with loopback(nooit) as lb:
        webservice(gemeente_b, lb.url)
        for _ in range(3):
            body = client.post("/api/v1/lks-toetsen", {"bsn": BSN, "datum_einde_arbeidsverhouding": "2026-05-31"},
                               format="json").json()  # fmt: skip
            assert body["lks_betaald"] == "onbekend"
        assert len(lb.verzoeken) == 3

        start = time.monotonic()
        body = client.post("/api/v1/lks-toetsen", {"bsn": BSN, "datum_einde_arbeidsverhouding": "2026-05-31"},
                           format="json").json()  # fmt: skip
        duur = time.monotonic() - start
        assert len(lb.verzoeken) == 3  # not called while open
    assert body["lks_betaald"] == "onbekend"
    assert "GM0363" in body["reden"] and body["opnieuw_na"] is not None
    assert duur < 0.5  # less than one call to the silent gemeente would take
    laatste = WebserviceAanroep.objects.order_by("-tijdstip", "-id").first()
    assert (laatste.uitkomst, laatste.melding.startswith(CIRCUIT_OPEN)) == ("fout", True)
    assert list(WebserviceAanroep.objects.order_by("id").values_list("uitkomst", flat=True)) == ["timeout"] * 3 + [
        "fout"
    ]


def test_the_circuit_lets_one_call_through_after_the_cool_down_and_closes_on_success(snel, gemeente_a):
    nu = timezone.now()

    def aanroep(seconden_geleden: float, uitkomst: str, melding: str = "") -> None:
        WebserviceAanroep.objects.create(
            gemeente=gemeente_a, tijdstip=nu - timedelta(seconds=seconden_geleden), uitkomst=uitkomst, duur_ms=1,
            melding=melding,
        )  # fmt: skip

    assert circuit_open_tot(gemeente_a.pk, 3, 60, nu) is None  # no history: closed
    for s in (30, 20, 10):
        aanroep(s, "timeout")
    assert circuit_open_tot(gemeente_a.pk, 3, 60, nu) == nu - timedelta(seconds=10) + timedelta(seconds=60)
    assert circuit_open_tot(gemeente_a.pk, 3, 60, nu + timedelta(seconds=51)) is None  # half open: one may try

    # While open, each answer names the end of the cool-down; only the newest rows are read.
    open_tot = circuit_open_tot(gemeente_a.pk, 3, 60, nu)
    for s in (9, 8, 7, 6):
        aanroep(s, "fout", soap_client.circuit_melding(open_tot, 3))
    assert circuit_open_tot(gemeente_a.pk, 3, 60, nu).replace(microsecond=0) == open_tot.replace(microsecond=0)
    assert circuit_open_tot(gemeente_a.pk, 3, 60, open_tot + timedelta(seconds=1)) is None

    aanroep(5, "geweigerd")  # the trial call failed: open again for a full cool-down
    assert circuit_open_tot(gemeente_a.pk, 3, 60, nu) == nu - timedelta(seconds=5) + timedelta(seconds=60)
    aanroep(1, "ok")  # a success closes it
    assert circuit_open_tot(gemeente_a.pk, 3, 60, nu) is None


def test_niets_gevonden_counts_as_success_for_the_circuit(snel, gemeente_a):
    nu = timezone.now()
    for uitkomst in ("timeout", "timeout", "niets_gevonden"):
        WebserviceAanroep.objects.create(gemeente=gemeente_a, tijdstip=nu, uitkomst=uitkomst, duur_ms=1)
    assert circuit_open_tot(gemeente_a.pk, 3, 60, nu) is None


# --- TLS and WS-Security ------------------------------------------------------------------------


def test_two_way_tls_with_our_client_certificate(snel, gemeente_a, pki):
    snel.VANGNET_WEBSERVICE_HTTPS_VERPLICHT = True
    snel.VANGNET_SOAP_TLS_CERT, snel.VANGNET_SOAP_TLS_KEY = str(pki.client.cert), str(pki.client.key)
    snel.VANGNET_SOAP_TLS_CA = str(pki.ca.cert)
    with loopback(goed, tls=server_tls(pki)) as lb:
        antwoord, _ = gevraagd(lb.url, gemeente_a)
        (verzoek,) = lb.verzoeken
    assert antwoord.uitkomst == Uitkomst.OK, antwoord.melding
    onderwerp = dict(x[0] for x in verzoek.client_certificaat["subject"])
    assert onderwerp["commonName"] == "hub-client"


def test_a_server_that_demands_a_client_certificate_refuses_a_hub_without_one(snel, gemeente_a, pki):
    snel.VANGNET_SOAP_TLS_CA = str(pki.ca.cert)
    with loopback(goed, tls=server_tls(pki)) as lb:
        antwoord, duur = gevraagd(lb.url, gemeente_a)
        assert lb.verzoeken == []
    assert antwoord.uitkomst == Uitkomst.GEWEIGERD, antwoord.melding
    assert duur < BUDGET + 0.5


def test_a_server_certificate_from_an_unknown_ca_is_refused(snel, gemeente_a, pki):
    snel.VANGNET_SOAP_TLS_CA = str(pki.vreemde_ca.cert)
    with loopback(goed, tls=server_tls(pki, client_verplicht=False)) as lb:
        antwoord, _ = gevraagd(lb.url, gemeente_a)
        assert lb.verzoeken == []
    assert antwoord.uitkomst == Uitkomst.GEWEIGERD
    assert "TLS" in antwoord.melding


def verifierend(pki, gezien: list):
    """A gemeente that answers only a request whose signature it verifies against the test CA."""

    def gedrag(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
        envelop = lees_envelop(parse_veilig(verzoek.body))
        try:
            ondertekening = verifieer(envelop.root, vertrouwd=[pki.ca.certificaat])
        except Exception as fout:
            melding = FwiMelding("SIG", f"Handtekening afgewezen: {fout}", "CN=gemeente")
            return soap(verzoek, bouw_fout(Fout(melding)), status=500)
        gezien.append(ondertekening)
        return goed(lb, verzoek)

    return gedrag


def test_a_signed_request_is_verified_by_the_gemeente(snel, gemeente_a, pki):
    snel.VANGNET_SOAP_ONDERTEKENEN = True
    snel.VANGNET_SOAP_ONDERTEKEN_CERT, snel.VANGNET_SOAP_ONDERTEKEN_KEY = str(pki.client.cert), str(pki.client.key)
    gezien = []
    with loopback(verifierend(pki, gezien)) as lb:
        antwoord, _ = gevraagd(lb.url, gemeente_a)
        (verzoek,) = lb.verzoeken
    assert antwoord.uitkomst == Uitkomst.OK, antwoord.melding
    (ondertekening,) = gezien
    assert "CN=hub-client" in ondertekening.onderwerp
    envelop = lees_envelop(parse_veilig(verzoek.body))
    wsa_headers = [e for e in envelop.header if etree.QName(e).namespace == WSA]
    assert [etree.QName(e).localname for e in wsa_headers] == ["Action", "MessageID", "From", "To"]
    # Signed: every WS-Addressing header, the Timestamp and the Body.
    assert {e.get(f"{{{WSU}}}Id") for e in wsa_headers} < ondertekening.ondertekend
    assert envelop.body.get(f"{{{WSU}}}Id") in ondertekening.ondertekend
    assert len(ondertekening.ondertekend) == len(wsa_headers) + 2
    assert envelop.header.find(f"{{{WSSE}}}Security").get(f"{{{SOAP_ENV}}}mustUnderstand") == "1"


def test_an_unsigned_request_is_refused_by_a_verifying_gemeente(snel, gemeente_a, pki):
    with loopback(verifierend(pki, [])) as lb:
        antwoord, _ = gevraagd(lb.url, gemeente_a)
    assert antwoord.uitkomst == Uitkomst.FOUT
    assert "niet ondertekend" in antwoord.melding


def test_a_signature_by_an_untrusted_key_is_refused(snel, gemeente_a, pki):
    snel.VANGNET_SOAP_ONDERTEKENEN = True
    snel.VANGNET_SOAP_ONDERTEKEN_CERT = str(pki.vreemde_client.cert)
    snel.VANGNET_SOAP_ONDERTEKEN_KEY = str(pki.vreemde_client.key)
    with loopback(verifierend(pki, [])) as lb:
        antwoord, _ = gevraagd(lb.url, gemeente_a)
    assert antwoord.uitkomst == Uitkomst.FOUT
    assert "niet vertrouwd" in antwoord.melding


def test_a_signed_answer_is_verified_and_a_tampered_one_refused(snel, gemeente_a, pki):
    sleutelpaar = laad_sleutelpaar(str(pki.server.cert), str(pki.server.key))

    def ondertekend(vervalst: bool):
        def gedrag(lb: Loopback, verzoek: Verzoek) -> HttpAntwoord:
            envelop = parse_veilig(goed(lb, verzoek).body)
            onderteken(envelop, sleutelpaar)
            data = naar_bytes(envelop)
            if vervalst:
                data = data.replace(b"<DatBRv>20240101</DatBRv>", b"<DatBRv>20230101</DatBRv>")
            return HttpAntwoord(200, data)

        return gedrag

    with loopback(ondertekend(False)) as lb:
        webservice(gemeente_a, lb.url)
        assert raadpleeg(gemeente_a.pk, BSN).uitkomst == Uitkomst.OK
    with loopback(ondertekend(True)) as lb:
        DkdInstelling.objects.filter(gemeente=gemeente_a).update(endpoint_url=lb.url)
        antwoord = raadpleeg(gemeente_a.pk, BSN)
    assert antwoord.uitkomst == Uitkomst.ONGELDIG_ANTWOORD
    assert "handtekening" in antwoord.melding


def test_the_soap_client_is_the_default():
    from vangnet.conf import base

    assert base.VANGNET_DKD_WEBSERVICE_CLIENT == "vangnet.hub.dkd.soap_client.SoapWebserviceClient"
