"""After publication: an e-mail to the gemeente's users and a signed CloudEvent to its webhooks, retried."""

import base64
import hashlib
import hmac
import json
import re
import socket
import threading
import time
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tests.hub.signalen_factories import einde_uitkering, ziek_uit_dienst

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from vangnet.hub.models import Signaalrapport, WebhookAflevering
from vangnet.hub.signalen import notificatie, publicatie
from vangnet.hub.signalen.notificatie import verstuur_webhooks
from vangnet.hub.signalen.publicatie import publiceer_signaalrapporten
from vangnet.hub.signalen.webhooks import registreer_webhook, verwijder_webhook

AMS = ZoneInfo("Europe/Amsterdam")
ONDERWERP = "Er staat een Re-integratie_signaalrapport voor u klaar"
OPHALEN = ("lks_reintegratie_ophalen",)


class Ontvanger:
    """A webhook receiver on loopback that records every request and answers with the next status."""

    def __init__(self) -> None:
        self.verzoeken: list[dict] = []
        self.statussen: list[int] = []
        self.vertraging = 0.0
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                ontvanger.verzoeken.append({"pad": self.path, "headers": dict(self.headers), "body": body})
                time.sleep(ontvanger.vertraging)
                status = ontvanger.statussen.pop(0) if ontvanger.statussen else 204
                self.send_response(status)
                if status in (301, 302, 307):
                    self.send_header("Location", "/elders")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhooks/vangnet"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ontvanger():
    server = Ontvanger()
    yield server
    server.stop()


@pytest.fixture
def vrije_poort() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def publiceer(django_capture_on_commit_callbacks):
    """Publish and run what waits for the commit (the test's transaction never commits by itself)."""

    def run(datum: date = date(2026, 11, 22)) -> list[Signaalrapport]:
        with django_capture_on_commit_callbacks(execute=True):
            return publiceer_signaalrapporten(datum)

    return run


@pytest.fixture
def ochtend(time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 6, tzinfo=AMS), tick=False)
    return time_machine


def controleer_handtekening(geheim: str, headers: dict, body: bytes) -> bool:
    """What a receiver does (Standard Webhooks), written here independently of the hub's code."""
    sleutel = base64.b64decode(geheim.removeprefix("whsec_"))
    te_tekenen = f"{headers['Webhook-Id']}.{headers['Webhook-Timestamp']}.".encode() + body
    verwacht = base64.b64encode(hmac.new(sleutel, te_tekenen, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(verwacht, deel.removeprefix("v1,")) for deel in headers["Webhook-Signature"].split())


# --- e-mail -------------------------------------------------------------------------------------


def test_email_goes_only_to_active_users_of_that_gemeente_with_the_machtiging(
    gemeente_a, gemeente_b, make_user, publiceer, ochtend, settings
):
    settings.PORTAL_BASE_URL = "https://vangnet.example"
    for username, email, machtigingen, actief in [
        ("ophaler", "ophaler@utrecht.example", OPHALEN, True),
        ("tweede", "tweede@utrecht.example", ("lks_reintegratie_ophalen", "casemanagement"), True),
        ("km", "km@utrecht.example", ("casemanagement",), True),
        ("oud", "oud@utrecht.example", OPHALEN, False),
        ("zonder-adres", "", OPHALEN, True),
    ]:
        gebruiker = make_user(gemeente_a, username, machtigingen)
        gebruiker.email, gebruiker.is_active = email, actief
        gebruiker.save()
    amsterdammer = make_user(gemeente_b, "amsterdam", OPHALEN)
    amsterdammer.email = "ophaler@amsterdam.example"
    amsterdammer.save()
    signalen = [ziek_uit_dienst(gemeente_a, 1), einde_uitkering(gemeente_a, 2)]

    [rapport] = publiceer()

    assert sorted(bericht.to[0] for bericht in mail.outbox) == ["ophaler@utrecht.example", "tweede@utrecht.example"]
    assert all(len(bericht.to) == 1 and not bericht.cc and not bericht.bcc for bericht in mail.outbox)
    bericht = mail.outbox[0]
    assert bericht.subject == ONDERWERP
    assert bericht.from_email == settings.DEFAULT_FROM_EMAIL
    assert "https://vangnet.example/signaalrapporten/" in bericht.body
    assert "Utrecht_LKSRi_rapport_20261122.csv" in bericht.body
    assert "Re-integratie_signaalrapport 22-11-2026" in bericht.body
    assert "gemeente Utrecht" in bericht.body
    for tekst in (bericht.subject, bericht.body):
        assert not re.search(r"\d{9}", tekst)
        assert all(signaal.bsn not in tekst for signaal in signalen)
    assert rapport.aantal_signalen == 2


def test_each_gemeente_gets_the_email_about_its_own_report(gemeente_a, gemeente_b, make_user, publiceer, ochtend):
    for gemeente, naam in ((gemeente_a, "utrecht"), (gemeente_b, "amsterdam")):
        gebruiker = make_user(gemeente, naam, OPHALEN)
        gebruiker.email = f"{naam}@example.org"
        gebruiker.save()
    ziek_uit_dienst(gemeente_b, 1)

    publiceer()

    [bericht] = mail.outbox
    assert bericht.to == ["amsterdam@example.org"]
    assert "Amsterdam_LKSRi_rapport_20261122.csv" in bericht.body


def test_no_email_before_the_commit(gemeente_a, make_user, ochtend):
    gebruiker = make_user(gemeente_a, "ophaler", OPHALEN)
    gebruiker.email = "ophaler@utrecht.example"
    gebruiker.save()
    ziek_uit_dienst(gemeente_a, 1)

    publiceer_signaalrapporten(date(2026, 11, 22))  # inside the test's transaction: not committed

    assert mail.outbox == []


def test_trouble_with_mail_does_not_stop_the_publication_or_the_webhooks(
    gemeente_a, gemeente_b, make_user, ontvanger, publiceer, ochtend, monkeypatch
):
    class KapotteMailserver(BaseEmailBackend):
        def send_messages(self, email_messages):
            raise ConnectionRefusedError("smtp")

    monkeypatch.setattr(notificatie, "get_connection", KapotteMailserver)
    gebruiker = make_user(gemeente_a, "ophaler", OPHALEN)
    gebruiker.email = "ophaler@utrecht.example"
    gebruiker.save()
    registreer_webhook(gemeente_b, ontvanger.url)
    ziek_uit_dienst(gemeente_a, 1)
    ziek_uit_dienst(gemeente_b, 2)

    assert len(publiceer()) == 2

    assert len(ontvanger.verzoeken) == 1


@pytest.mark.django_db(transaction=True)
def test_all_emails_of_a_run_share_one_connection(gemeente_a, gemeente_b, make_user, ochtend, monkeypatch):
    verbindingen = []
    echte_verbinding = notificatie.get_connection

    def tellende_verbinding():
        verbindingen.append(1)
        return echte_verbinding()

    monkeypatch.setattr(notificatie, "get_connection", tellende_verbinding)
    for gemeente, naam in ((gemeente_a, "utrecht"), (gemeente_b, "amsterdam")):
        gebruiker = make_user(gemeente, naam, OPHALEN)
        gebruiker.email = f"{naam}@example.org"
        gebruiker.save()
        ziek_uit_dienst(gemeente, len(naam))

    publiceer_signaalrapporten(date(2026, 11, 22))

    assert len(verbindingen) == 1
    assert sorted(bericht.to[0] for bericht in mail.outbox) == ["amsterdam@example.org", "utrecht@example.org"]


@pytest.mark.django_db(transaction=True)
def test_a_crash_still_announces_the_reports_that_committed(gemeente_a, gemeente_b, make_user, monkeypatch, ochtend):
    for gemeente, naam in ((gemeente_a, "utrecht"), (gemeente_b, "amsterdam")):
        gebruiker = make_user(gemeente, naam, OPHALEN)
        gebruiker.email = f"{naam}@example.org"
        gebruiker.save()
        ziek_uit_dienst(gemeente, len(naam))
    monkeypatch.setattr(publicatie, "GEMEENTEN_PER_TRANSACTIE", 1)  # each report its own commit
    echte_koppeling = publicatie.koppel_signalen

    def tweede_keer_crash(koppelingen):
        if any(rapport.gemeente_id == gemeente_b.pk for rapport, _ids in koppelingen):
            raise RuntimeError("stroomstoring")
        echte_koppeling(koppelingen)

    monkeypatch.setattr(publicatie, "koppel_signalen", tweede_keer_crash)
    with pytest.raises(RuntimeError):
        publiceer_signaalrapporten(date(2026, 11, 22))

    [bericht] = mail.outbox
    assert bericht.to == ["utrecht@example.org"]


# --- webhooks -----------------------------------------------------------------------------------


def test_a_signed_cloudevent_reaches_the_webhook(gemeente_a, gemeente_b, ontvanger, publiceer, ochtend):
    nieuw = registreer_webhook(gemeente_a, ontvanger.url)
    registreer_webhook(gemeente_b, ontvanger.url)  # B's webhook hears nothing of A's report
    signaal = ziek_uit_dienst(gemeente_a, 1)

    [rapport] = publiceer()

    [verzoek] = ontvanger.verzoeken
    headers, body = verzoek["headers"], verzoek["body"]
    aflevering = WebhookAflevering.objects.get()
    assert verzoek["pad"] == "/webhooks/vangnet"
    assert headers["Content-Type"] == "application/cloudevents+json"
    assert headers["Webhook-Id"] == str(aflevering.event_id)
    assert headers["Webhook-Timestamp"] == str(int(datetime(2026, 11, 22, 6, tzinfo=AMS).timestamp()))
    assert headers["Webhook-Signature"].startswith("v1,")
    assert controleer_handtekening(nieuw.geheim, headers, body)
    assert not controleer_handtekening(nieuw.geheim, headers, body + b" ")
    assert not controleer_handtekening(registreer_webhook(gemeente_a, ontvanger.url + "/2").geheim, headers, body)
    assert json.loads(body) == {
        "specversion": "1.0",
        "type": "nl.vangnet.signaalrapport.gepubliceerd",
        "source": "urn:nld:vangnet:hub",
        "subject": str(rapport.uuid),
        "id": str(aflevering.event_id),
        "time": "2026-11-22T05:00:00Z",
        "datacontenttype": "application/json",
        "dataref": f"http://127.0.0.1:8000/api/v1/signaalrapporten/{rapport.uuid}/download",
        "data": {
            "gemeentecode": "GM0344",
            "publicatiedatum": "2026-11-22",
            "bestandsnaam": "Utrecht_LKSRi_rapport_20261122.csv",
            "aantal_signalen": 1,
        },
    }
    assert signaal.bsn.encode() not in body
    assert (aflevering.status, aflevering.pogingen, aflevering.laatste_fout) == ("afgeleverd", 1, "")
    assert aflevering.volgende_poging is None


def test_a_500_is_retried_with_backoff_until_it_fails_for_good(gemeente_a, ontvanger, publiceer, ochtend):
    registreer_webhook(gemeente_a, ontvanger.url)
    ontvanger.statussen = [500] * 8
    ziek_uit_dienst(gemeente_a, 1)
    publiceer()

    wachttijden = []
    for poging in range(1, 8):
        aflevering = WebhookAflevering.objects.get()
        assert (aflevering.status, aflevering.pogingen) == ("wachtend", poging)
        assert aflevering.laatste_fout == "HTTP-status 500"
        wachttijden.append(aflevering.volgende_poging - timezone.now())
        ochtend.shift(wachttijden[-1] - timedelta(seconds=1))
        assert verstuur_webhooks().opnieuw == 0  # not yet due: nothing sent
        ochtend.shift(timedelta(seconds=1))
        verstuur_webhooks()

    assert wachttijden == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60)]
    aflevering = WebhookAflevering.objects.get()
    assert (aflevering.status, aflevering.pogingen, aflevering.volgende_poging) == ("mislukt", 8, None)
    assert len(ontvanger.verzoeken) == 8
    assert len({v["headers"]["Webhook-Id"] for v in ontvanger.verzoeken}) == 1
    ochtend.shift(timedelta(days=1))
    verstuur_webhooks()
    assert len(ontvanger.verzoeken) == 8


def test_a_retry_that_succeeds_marks_the_delivery_done(gemeente_a, ontvanger, publiceer, ochtend, capsys):
    nieuw = registreer_webhook(gemeente_a, ontvanger.url)
    ontvanger.statussen = [503]
    ziek_uit_dienst(gemeente_a, 1)
    publiceer()
    ochtend.shift(timedelta(minutes=1))

    call_command("verstuur-webhooks")

    assert "1 afgeleverd, 0 later opnieuw, 0 definitief mislukt." in capsys.readouterr().out
    aflevering = WebhookAflevering.objects.get()
    assert (aflevering.status, aflevering.pogingen, aflevering.laatste_fout) == ("afgeleverd", 2, "")
    tweede = ontvanger.verzoeken[1]
    assert tweede["headers"]["Webhook-Timestamp"] == str(int(timezone.now().timestamp()))
    assert controleer_handtekening(nieuw.geheim, tweede["headers"], tweede["body"])


def test_an_unreachable_port_is_retried_and_the_error_holds_no_url(gemeente_a, vrije_poort, publiceer, ochtend):
    url = f"http://127.0.0.1:{vrije_poort}/geheim-pad?token=abc"
    registreer_webhook(gemeente_a, url)
    ziek_uit_dienst(gemeente_a, 1)

    publiceer()

    aflevering = WebhookAflevering.objects.get()
    assert aflevering.status == "wachtend"
    assert aflevering.pogingen == 1
    assert aflevering.laatste_fout.startswith("Verbinding mislukt")
    assert "geheim-pad" not in aflevering.laatste_fout and "abc" not in aflevering.laatste_fout
    assert aflevering.volgende_poging == timezone.now() + timedelta(minutes=1)
    ochtend.shift(timedelta(minutes=1))
    assert verstuur_webhooks().opnieuw == 1
    assert WebhookAflevering.objects.get().volgende_poging == timezone.now() + timedelta(minutes=2)


def test_a_slow_receiver_times_out(gemeente_a, ontvanger, publiceer, ochtend, monkeypatch):
    monkeypatch.setattr(notificatie, "TIMEOUT_SECONDEN", 0.3)
    ontvanger.vertraging = 1.0
    registreer_webhook(gemeente_a, ontvanger.url)
    ziek_uit_dienst(gemeente_a, 1)

    publiceer()

    aflevering = WebhookAflevering.objects.get()
    assert (aflevering.status, aflevering.pogingen) == ("wachtend", 1)
    assert aflevering.laatste_fout == "Geen antwoord binnen 0.3 seconden"


def test_a_redirect_is_not_followed(gemeente_a, ontvanger, publiceer, ochtend):
    registreer_webhook(gemeente_a, ontvanger.url)
    ontvanger.statussen = [302]
    ziek_uit_dienst(gemeente_a, 1)

    publiceer()

    assert [v["pad"] for v in ontvanger.verzoeken] == ["/webhooks/vangnet"]
    assert WebhookAflevering.objects.get().laatste_fout == "HTTP-status 302"


def test_two_senders_never_post_the_same_attempt(gemeente_a, ontvanger, ochtend, monkeypatch):
    registreer_webhook(gemeente_a, ontvanger.url)
    ziek_uit_dienst(gemeente_a, 1)
    publiceer_signaalrapporten(date(2026, 11, 22))  # not committed: the aflevering waits, due now
    aflevering = WebhookAflevering.objects.get()
    echte_post = notificatie.post
    tweede_sender = []

    def post_terwijl_een_ander_ook_probeert(url, body, headers):
        tweede_sender.append(notificatie.lever_af(aflevering.pk))
        return echte_post(url, body, headers)

    monkeypatch.setattr(notificatie, "post", post_terwijl_een_ander_ook_probeert)

    assert notificatie.lever_af(aflevering.pk) == "afgeleverd"
    assert tweede_sender == [None]
    assert len(ontvanger.verzoeken) == 1


def test_the_outbox_row_survives_a_crash_before_delivery(gemeente_a, ontvanger, ochtend):
    """The aflevering commits with the report; if the process dies before posting, the scheduler sends it."""
    registreer_webhook(gemeente_a, ontvanger.url)
    ziek_uit_dienst(gemeente_a, 1)
    publiceer_signaalrapporten(date(2026, 11, 22))  # the after-commit part never runs
    assert ontvanger.verzoeken == []
    assert WebhookAflevering.objects.get().status == "wachtend"

    assert verstuur_webhooks().afgeleverd == 1

    assert len(ontvanger.verzoeken) == 1
    assert WebhookAflevering.objects.get().status == "afgeleverd"


def test_a_deleted_webhook_receives_nothing_more(gemeente_a, ontvanger, publiceer, ochtend):
    nieuw = registreer_webhook(gemeente_a, ontvanger.url)
    ontvanger.statussen = [500]
    ziek_uit_dienst(gemeente_a, 1)
    publiceer()
    verwijder_webhook(nieuw.webhook)
    ochtend.shift(timedelta(minutes=5))

    assert verstuur_webhooks().mislukt == 1

    assert len(ontvanger.verzoeken) == 1
    aflevering = WebhookAflevering.objects.get()
    assert aflevering.status == "mislukt"
    assert "verwijderd" in aflevering.laatste_fout
    ziek_uit_dienst(gemeente_a, 2)
    ochtend.shift(timedelta(hours=1))
    publiceer(date(2026, 11, 22))
    assert WebhookAflevering.objects.count() == 1


DOCS = Path(__file__).resolve().parents[2] / "docs" / "signaalrapport.md"


def test_the_receiver_code_in_the_docs_accepts_the_hubs_messages_and_its_example(
    gemeente_a, ontvanger, publiceer, ochtend
):
    tekst = DOCS.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", tekst, re.DOTALL).group(1)
    namen: dict = {}
    exec(code, namen)  # noqa: S102 - the docs' own example, run as a receiver would
    handtekening_klopt = namen["handtekening_klopt"]
    nieuw = registreer_webhook(gemeente_a, ontvanger.url)
    ziek_uit_dienst(gemeente_a, 1)
    publiceer()
    [verzoek] = ontvanger.verzoeken

    assert handtekening_klopt(nieuw.geheim, verzoek["headers"], verzoek["body"])
    assert not handtekening_klopt(nieuw.geheim, verzoek["headers"], verzoek["body"].replace(b"GM0344", b"GM0363"))
    ochtend.shift(timedelta(minutes=10))
    assert not handtekening_klopt(nieuw.geheim, verzoek["headers"], verzoek["body"])  # too old

    voorbeeld_headers = dict(re.findall(r"^(Webhook-[A-Za-z]+): (\S+)$", tekst, re.MULTILINE))
    voorbeeld_body = re.search(r'^(\{"specversion".*\})$', tekst, re.MULTILINE).group(1).encode()
    voorbeeld_geheim = re.search(r'"geheim": "(whsec_[^"]+)"', tekst).group(1)
    ochtend.move_to(datetime.fromtimestamp(int(voorbeeld_headers["Webhook-Timestamp"]), AMS))
    assert handtekening_klopt(voorbeeld_geheim, voorbeeld_headers, voorbeeld_body)
    assert json.loads(voorbeeld_body).keys() == json.loads(verzoek["body"]).keys()
    assert json.loads(voorbeeld_body)["data"].keys() == json.loads(verzoek["body"])["data"].keys()
