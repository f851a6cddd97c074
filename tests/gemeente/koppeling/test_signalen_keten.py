"""Signals from the hub over HTTP (live_server): the gemeente fetches new reports with its command, or on the
hub's signed webhook, and imports them into dossiers; fetching again changes nothing."""

import json
import time
import uuid
from datetime import timedelta

import httpx
import pytest

from django.core.management import call_command
from django.utils import timezone

from vangnet.domain.bsn import synthetic_bsn
from vangnet.domain.webhookhandtekening import handtekening
from vangnet.gemeente.dossiers.models import Dossier, Signaalimport
from vangnet.gemeente.koppeling.constants import OphaalStatus, OphaalWijze
from vangnet.gemeente.koppeling.models import GemeenteKoppeling, OpgehaaldRapport, WebhookOntvangst
from vangnet.hub.models import RapportDownload, WebhookAflevering
from vangnet.hub.signalen.publicatie import publiceer_signaalrapporten
from vangnet.organisations.services import create_api_key

WEBHOOK = "/gemeente/webhooks/signaalrapport"


@pytest.fixture
def koppeling(live_server, transactional_db, gemeente_a):
    sleutel = create_api_key(gemeente_a, "gemeente-systeem", ["dkd_aanleveren", "lks_reintegratie_ophalen"])
    return GemeenteKoppeling.objects.create(gemeente=gemeente_a, hub_url=live_server.url, api_sleutel=sleutel.plain_key)


@pytest.fixture
def uwv_sleutel(uwv):
    return create_api_key(uwv, "uwv-test", ["lks_toets"]).plain_key


@pytest.fixture
def geleverd(koppeling, gemeente_a, werkgever, maak_persoon):
    """Three persons with running LKS, delivered to the hub by the gemeente's own command."""
    begin = timezone.localdate() - timedelta(days=500)
    for n in (1, 2, 3):
        maak_persoon(gemeente_a, werkgever, n, perioden=((begin, None),))
    call_command("gemeente-dkd-aanleveren", "--organisatie", "GM0344")


def ziek_uit_dienst(live_server, sleutel: str, n: int) -> None:
    vandaag = timezone.localdate()
    melding = {
        "type": "ziek_uit_dienst",
        "kenmerk": f"ZUD-{n}",
        "bsn": synthetic_bsn(n),
        "datum_einde_arbeidsverhouding": (vandaag - timedelta(days=5)).isoformat(),
        "datum_eerste_ao_dag": (vandaag - timedelta(days=20)).isoformat(),
    }
    antwoord = httpx.post(f"{live_server.url}/api/v1/meldingen", json=melding, headers={"X-Api-Key": sleutel})
    assert antwoord.status_code == 201, antwoord.text


def test_the_command_fetches_a_published_report_once(live_server, geleverd, uwv_sleutel, capsys):
    ziek_uit_dienst(live_server, uwv_sleutel, 1)
    ziek_uit_dienst(live_server, uwv_sleutel, 2)
    (rapport,) = publiceer_signaalrapporten()

    call_command("gemeente-signalen-ophalen", "--organisatie", "GM0344")
    uit = capsys.readouterr().out
    assert f"{rapport.bestandsnaam}: ingelezen, 2 regels, 2 nieuwe dossiers" in uit
    assert "1 signaalrapport(en) opgehaald" in uit
    assert sorted(Dossier.objects.values_list("bsn", flat=True)) == [synthetic_bsn(1), synthetic_bsn(2)]
    opgehaald = OpgehaaldRapport.objects.get()
    imp = Signaalimport.objects.get()
    assert (opgehaald.rapport, opgehaald.status, opgehaald.wijze) == (rapport.uuid, "ingelezen", "opdracht")
    assert (opgehaald.signaalimport, imp.bron, imp.bestandsnaam) == (imp.uuid, "hub", rapport.bestandsnaam)
    assert RapportDownload.objects.get().kanaal == "api"

    call_command("gemeente-signalen-ophalen", "--organisatie", "GM0344")
    assert "Geen nieuwe signaalrapporten" in capsys.readouterr().out
    assert (Signaalimport.objects.count(), Dossier.objects.count(), RapportDownload.objects.count()) == (1, 2, 1)

    # A later report is fetched on the next run, the first one is not fetched again.
    ziek_uit_dienst(live_server, uwv_sleutel, 3)
    publiceer_signaalrapporten()
    call_command("gemeente-signalen-ophalen", "--organisatie", "GM0344")
    assert "1 nieuwe dossiers" in capsys.readouterr().out
    assert (OpgehaaldRapport.objects.count(), Dossier.objects.count()) == (2, 3)


def test_a_report_downloaded_by_hand_is_still_fetched(live_server, geleverd, uwv_sleutel, koppeling):
    ziek_uit_dienst(live_server, uwv_sleutel, 1)
    (rapport,) = publiceer_signaalrapporten()
    # Someone downloaded it in the hub's portal: it is no longer "nieuw" at the hub.
    httpx.get(
        f"{live_server.url}/api/v1/signaalrapporten/{rapport.uuid}/download",
        headers={"X-Api-Key": koppeling.api_sleutel},
    )
    call_command("gemeente-signalen-ophalen", "--organisatie", "GM0344")
    assert Dossier.objects.count() == 1
    call_command("gemeente-signalen-ophalen", "--organisatie", "GM0344", "--terugkijken", "0")
    assert OpgehaaldRapport.objects.count() == 1


def test_the_hubs_webhook_makes_the_gemeente_fetch_and_import_at_once(live_server, geleverd, uwv_sleutel, capsys):
    call_command("gemeente-webhook-registreren", "--organisatie", "GM0344", "--url", live_server.url + WEBHOOK)
    assert "het geheim is bewaard" in capsys.readouterr().out
    assert GemeenteKoppeling.objects.get().webhook_geheim.startswith("whsec_")

    ziek_uit_dienst(live_server, uwv_sleutel, 2)
    (rapport,) = publiceer_signaalrapporten()  # the hub posts its CloudEvent after the commit

    aflevering = WebhookAflevering.objects.get()
    assert (aflevering.status, aflevering.laatste_fout) == ("afgeleverd", "")
    assert list(Dossier.objects.values_list("bsn", flat=True)) == [synthetic_bsn(2)]
    opgehaald = OpgehaaldRapport.objects.get()
    assert (opgehaald.rapport, opgehaald.wijze, opgehaald.status) == (
        rapport.uuid,
        OphaalWijze.WEBHOOK,
        OphaalStatus.INGELEZEN,
    )
    assert WebhookOntvangst.objects.get().rapport == rapport.uuid

    # The scheduled run finds nothing new.
    call_command("gemeente-signalen-ophalen", "--organisatie", "GM0344")
    assert "Geen nieuwe signaalrapporten" in capsys.readouterr().out
    assert Signaalimport.objects.count() == 1


# --- the webhook's checks, with messages made here ----------------------------------------------------------


def bericht(rapport_id: uuid.UUID, gemeentecode: str = "GM0344") -> bytes:
    return json.dumps(
        {
            "specversion": "1.0",
            "type": "nl.vangnet.signaalrapport.gepubliceerd",
            "source": "urn:nld:vangnet:hub",
            "subject": str(rapport_id),
            "id": "bericht-1",
            "data": {"gemeentecode": gemeentecode, "bestandsnaam": "x.csv", "publicatiedatum": "2026-03-20"},
        }
    ).encode()


def post(client, body: bytes, geheim: str, *, bericht_id="bericht-1", tijdstip=None, handtekening_=None):
    tijdstip = int(time.time()) if tijdstip is None else tijdstip
    return client.post(
        WEBHOOK,
        data=body,
        content_type="application/cloudevents+json",
        headers={
            "Webhook-Id": bericht_id,
            "Webhook-Timestamp": str(tijdstip),
            "Webhook-Signature": handtekening_ or handtekening(geheim, bericht_id, tijdstip, body),
        },
    )


GEHEIM = "whsec_kMsCBp2CYDGp+eXrx/+kwzqPKRqiAq0Xoqbqvqzwq5Q="


@pytest.fixture
def met_geheim(db, gemeente_a):
    return GemeenteKoppeling.objects.create(
        gemeente=gemeente_a, hub_url="http://127.0.0.1:9", api_sleutel="vn_x_y", webhook_geheim=GEHEIM
    )


def test_a_bad_signature_is_401_and_nothing_is_fetched(client, met_geheim):
    body = bericht(uuid.uuid4())
    assert post(client, body, "whsec_" + "B" * 44).status_code == 401
    assert (
        post(
            client, body + b" ", GEHEIM, handtekening_=handtekening(GEHEIM, "bericht-1", int(time.time()), body)
        ).status_code
        == 401
    )
    assert post(client, bericht(uuid.uuid4(), "GM0363"), GEHEIM).status_code == 401  # no secret for that gemeente
    antwoord = client.post(WEBHOOK, data=body, content_type="application/cloudevents+json")
    assert antwoord.status_code == 401
    assert not WebhookOntvangst.objects.exists() and not OpgehaaldRapport.objects.exists()


def test_an_old_or_replayed_message_is_401(client, met_geheim):
    body = bericht(uuid.uuid4())
    assert post(client, body, GEHEIM, tijdstip=int(time.time()) - 600).status_code == 401
    assert post(client, body, GEHEIM, tijdstip=int(time.time()) + 600).status_code == 401
    tijdstip = int(time.time())
    eerste = post(client, body, GEHEIM, tijdstip=tijdstip)
    assert eerste.status_code == 502  # checked and recorded; the hub (127.0.0.1:9) cannot be reached: try later
    assert "niet bereikbaar" in eerste.json()["detail"]
    herhaling = post(client, body, GEHEIM, tijdstip=tijdstip)
    assert herhaling.status_code == 401 and "herhaling" in herhaling.json()["detail"]
    # The hub's own retry has the same id but a new timestamp: not a replay.
    assert post(client, body, GEHEIM, tijdstip=tijdstip + 1).status_code == 502
    assert WebhookOntvangst.objects.count() == 2


def test_the_webhook_takes_only_post_and_ignores_other_events(client, met_geheim):
    assert client.get(WEBHOOK).status_code == 405
    body = json.dumps({"type": "iets.anders", "subject": "x", "data": {"gemeentecode": "GM0344"}}).encode()
    antwoord = post(client, body, GEHEIM)
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "genegeerd"
