import pytest

from django.test import override_settings

from vangnet.hub.dkd.instellingen import InstellingFout, instelling_van, wijzig_instelling
from vangnet.hub.models import DkdInstelling

PASSWORD = "Test-wachtwoord-123"
VERSIE = "GSDDossierReintegratie-v0200"


def test_defaults_until_saved(gemeente_a):
    instelling = instelling_van(gemeente_a)
    assert (instelling.aanlevermethode, instelling.frequentie, instelling.berichtversie) == (
        "verzamelbestand", "wekelijks", VERSIE,
    )  # fmt: skip
    assert instelling.pk is None


@pytest.mark.parametrize(
    ("kwargs", "veld", "melding"),
    [
        ({"aanlevermethode": "webservice", "endpoint_url": ""}, "endpoint_url", "verplicht"),
        ({"berichtversie": "GSDDossierReintegratie-v0100"}, "berichtversie", "niet ondersteund"),
        ({"frequentie": "dagelijks"}, "frequentie", "wekelijks of maandelijks"),
        ({"aanlevermethode": "fax"}, "aanlevermethode", "verzamelbestand of webservice"),
    ],
)
def test_invalid_settings_are_refused_per_field(gemeente_a, kwargs, veld, melding):
    values = {
        "aanlevermethode": "verzamelbestand",
        "berichtversie": VERSIE,
        "endpoint_url": "",
        "frequentie": "wekelijks",
    }
    with pytest.raises(InstellingFout, match=melding) as fout:
        wijzig_instelling(gemeente_a, **{**values, **kwargs})
    assert fout.value.veld == veld
    assert not DkdInstelling.objects.exists()


@override_settings(VANGNET_WEBSERVICE_HTTPS_VERPLICHT=True)
def test_production_demands_https(gemeente_a):
    with pytest.raises(InstellingFout, match="https"):
        wijzig_instelling(gemeente_a, aanlevermethode="webservice", berichtversie=VERSIE,
                          endpoint_url="http://gemeente.example/dkd", frequentie="wekelijks")  # fmt: skip


def test_beheerder_saves_settings_in_the_portal(gemeente_a, make_user, client):
    make_user(gemeente_a, "beheerder", ("beheer",))
    client.login(username="beheerder", password=PASSWORD)
    data = {"aanlevermethode": "webservice", "frequentie": "maandelijks", "berichtversie": VERSIE, "endpoint_url": ""}
    response = client.post("/dkd/instellingen/", data)
    assert "verplicht" in response.content.decode()
    data["endpoint_url"] = "https://utrecht.example/dkd"
    response = client.post("/dkd/instellingen/", data, follow=True)
    assert "De DKD-instellingen zijn opgeslagen." in response.content.decode()
    instelling = DkdInstelling.objects.get()
    assert (instelling.aanlevermethode, instelling.frequentie, instelling.endpoint_url) == (
        "webservice", "maandelijks", "https://utrecht.example/dkd",
    )  # fmt: skip
    assert instelling.bijgewerkt_door.username == "beheerder"
