"""The client of the hub's API and how a delivery records each kind of answer (a fake hub via httpx.MockTransport)."""

import hashlib
import uuid
from datetime import date

import httpx
import pytest

from vangnet.gemeente.koppeling.aanleveren import lever_register_aan
from vangnet.gemeente.koppeling.constants import LeveringStatus
from vangnet.gemeente.koppeling.hubclient import MAX_RAPPORT_BYTES, HubClient, HubFout, HubNietIngesteld
from vangnet.gemeente.koppeling.models import GemeenteKoppeling

pytestmark = pytest.mark.django_db


def client_met(handler) -> HubClient:
    return HubClient("https://hub.example/", "vn_abc_geheim", transport=httpx.MockTransport(handler))


def hub_die_antwoordt(status: int, body: dict, laatste: int = 3):
    """A hub answering every POST with ``status`` and ``body``; a 200 carries the hash of the file sent."""
    verzoeken = []

    def handler(verzoek: httpx.Request) -> httpx.Response:
        verzoeken.append(verzoek)
        if verzoek.method == "GET":
            return httpx.Response(200, json={"count": 1, "results": [{"volgnummer": laatste, "status": "verwerkt"}]})
        if status == 200:
            return httpx.Response(status, json=body | {"bestand_sha256": hashlib.sha256(verzoek.read()).hexdigest()})
        return httpx.Response(status, json=body)

    return handler, verzoeken


AANLEVERING = {"id": str(uuid.UUID(int=1)), "status": "verwerkt", "aantal_geaccepteerd": 1, "aantal_afgekeurd": 0}
TE_LAAG = {"status": 409, "title": "Conflict", "detail": "Volgnummer 4 is lager.", "code": "volgnummer_te_laag"}


@pytest.mark.parametrize(
    ("status", "body", "verwacht", "volgnummer", "methoden"),
    [
        (201, AANLEVERING, LeveringStatus.GEACCEPTEERD, 1, ["POST"]),
        (200, AANLEVERING, LeveringStatus.HERHAALD, 1, ["POST"]),
        # Refused as used: the gemeente asks the hub's highest (3) and sends once more with 4.
        (409, TE_LAAG, LeveringStatus.GEWEIGERD, 4, ["POST", "GET", "POST"]),
        (502, {}, LeveringStatus.MISLUKT, 1, ["POST"]),
    ],
)
def test_each_answer_of_the_hub_is_recorded(
    gemeente_a, werkgever, maak_persoon, status, body, verwacht, volgnummer, methoden
):
    maak_persoon(gemeente_a, werkgever, 1)
    handler, verzoeken = hub_die_antwoordt(status, body)
    levering = lever_register_aan(gemeente_a, kanaal="cli", client=client_met(handler), vandaag=date(2026, 3, 20))
    assert (levering.status, levering.http_status, levering.volgnummer) == (verwacht, status, volgnummer)
    assert [verzoek.method for verzoek in verzoeken] == methoden
    post = verzoeken[-1]
    assert (post.method, post.url.path, post.headers["content-type"]) == (
        "POST",
        "/api/v1/dkd/aanleveringen",
        "application/xml",
    )
    assert post.headers["x-api-key"] == "vn_abc_geheim"
    assert int(post.headers["content-length"]) == levering.bestandsgrootte == len(post.read())
    if verwacht == LeveringStatus.GEWEIGERD:
        assert levering.melding == "De hub antwoordde met status 409: Volgnummer 4 is lager."
        assert levering.hub_status == "volgnummer_te_laag"
    assert "vn_abc_geheim" not in levering.melding


def test_without_url_or_key_nothing_is_sent(gemeente_a, settings):
    settings.VANGNET_HUB_API_KEY = ""
    with pytest.raises(HubNietIngesteld):
        HubClient.voor(gemeente_a)
    GemeenteKoppeling.objects.create(gemeente=gemeente_a, hub_url="https://hub.example", api_sleutel="vn_k_s")
    assert HubClient.voor(gemeente_a).basis_url == "https://hub.example/"


def test_reports_are_listed_over_all_pages_but_never_from_another_host():
    def handler(verzoek: httpx.Request) -> httpx.Response:
        if verzoek.url.params.get("page") == "2":
            return httpx.Response(200, json={"next": None, "results": [{"id": "b"}]})
        return httpx.Response(
            200,
            json={"next": "https://hub.example/api/v1/signaalrapporten?nieuw=true&page=2", "results": [{"id": "a"}]},
        )

    assert [r["id"] for r in client_met(handler).signaalrapporten(nieuw=True)] == ["a", "b"]

    def kwaadaardig(verzoek: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"next": "https://elders.example/steel", "results": []})

    with pytest.raises(HubFout, match="ander adres"):
        client_met(kwaadaardig).signaalrapporten()


def test_download_errors_and_size_cap():
    def niet_gevonden(verzoek: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"status": 404, "detail": "Niet gevonden."})

    with pytest.raises(HubFout, match="status 404: Niet gevonden.") as fout:
        client_met(niet_gevonden).download(uuid.uuid4())
    assert fout.value.status_code == 404

    def te_groot(verzoek: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * (MAX_RAPPORT_BYTES + 1))

    with pytest.raises(HubFout, match="groter dan toegestaan"):
        client_met(te_groot).download(uuid.uuid4())
