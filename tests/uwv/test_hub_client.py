"""How UWV's hub client reads the hub's refusals: the detail and the field errors, as the gemeente's client does."""

from datetime import date

import httpx
import pytest

from vangnet.uwv.hub_client import HubClient, HubOnbereikbaar

PROBLEEM = {
    "title": "Ongeldige invoer",
    "status": 400,
    "detail": "De melding is niet geldig.",
    "invalidParams": [{"name": "datum_eerste_ao_dag", "code": "invalid", "reason": "Geen datum."}],
}


def _client(status: int, body: object) -> HubClient:
    def hub(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, headers={"Content-Type": "application/problem+json"})

    return HubClient("https://hub.example", "vn_abc_geheim", transport=httpx.MockTransport(hub))


def test_a_refused_melding_names_the_field_that_was_wrong():
    antwoord = _client(400, PROBLEEM).stuur_melding({"type": "ziek_uit_dienst"})
    assert not antwoord.geaccepteerd
    assert antwoord.reden == "De melding is niet geldig. datum_eerste_ao_dag: Geen datum."


def test_an_unusable_answer_says_what_was_asked_and_why():
    with pytest.raises(HubOnbereikbaar) as fout:
        _client(403, {**PROBLEEM, "status": 403, "invalidParams": []}).stuur_melding({})
    assert fout.value.reden == "De hub beantwoordde de melding met HTTP 403. De melding is niet geldig."


def test_an_answer_that_is_no_json_still_gives_its_status():
    def hub(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="<html>Bad gateway</html>")

    client = HubClient("https://hub.example", "vn_abc_geheim", transport=httpx.MockTransport(hub))
    with pytest.raises(HubOnbereikbaar) as fout:
        client.lks_toets("999990019", date(2026, 11, 30))
    assert fout.value.reden == "De hub beantwoordde de LKS-toets met HTTP 502."
