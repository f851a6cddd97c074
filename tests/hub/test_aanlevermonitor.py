"""The monitor shows each status for a gemeente constructed to cause it, and only one's own row."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from tests.hub.factories import personen, persoon, verzamelbestand

from django.utils import timezone

from vangnet.hub.constants import Kanaal, Uitkomst
from vangnet.hub.dkd.ingest import Afzender, lever_aan
from vangnet.hub.dkd.instellingen import wijzig_instelling
from vangnet.hub.models import WebserviceAanroep
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Organisatie

PASSWORD = "Test-wachtwoord-123"


def gemeente(code: str, naam: str) -> Organisatie:
    return Organisatie.objects.create(naam=naam, type=OrganisatieType.GEMEENTE, gemeentecode=code)


def lever(org: Organisatie, volgnummer: int, mensen) -> None:
    lever_aan(Afzender(org, Kanaal.CLI), io.BytesIO(verzamelbestand(org.gemeentecode, volgnummer, mensen)))


@pytest.fixture
def alle_statussen(db, hub):
    """Six gemeenten, each built to show one situation."""
    ok = gemeente("GM0344", "Utrecht")
    lever(ok, 1, personen(20))
    nooit = gemeente("GM0363", "Amsterdam")
    krimp = gemeente("GM0599", "Rotterdam")
    lever(krimp, 1, personen(20))
    lever(krimp, 2, personen(5))
    fout = gemeente("GM0518", "'s-Gravenhage")
    lever(fout, 1, [*personen(9), persoon(99, positie=10, bsn="999990018")])
    traag = gemeente("GM0014", "Groningen")
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        lever(traag, 1, personen(5))
    onbereikbaar = gemeente("GM0034", "Almere")
    wijzig_instelling(onbereikbaar, aanlevermethode="webservice", berichtversie="GSDDossierReintegratie-v0200",
                      endpoint_url="https://almere.example/dkd", frequentie="wekelijks")  # fmt: skip
    nu = timezone.now()
    WebserviceAanroep.objects.bulk_create(
        WebserviceAanroep(
            gemeente=onbereikbaar, tijdstip=nu - timedelta(hours=i), uitkomst=Uitkomst.TIMEOUT, duur_ms=5000
        )
        for i in range(6)
    )
    return {"ok": ok, "nooit": nooit, "krimp": krimp, "fout": fout, "traag": traag, "onbereikbaar": onbereikbaar}


def test_each_status_appears_for_the_gemeente_built_to_cause_it(alle_statussen, api_client_for, hub):
    rows = {r["gemeentecode"]: r for r in api_client_for(hub, ["beheer"]).get("/api/v1/dkd/monitor").json()}
    assert rows["GM0344"]["status"] == "ok"
    assert rows["GM0363"]["status"] == "te_laat" and rows["GM0363"]["redenen"] == [
        "Nog nooit een verzamelbestand aangeleverd."
    ]
    assert rows["GM0599"]["status"] == "onvolledig"
    assert rows["GM0518"]["status"] == "foutief" and rows["GM0518"]["afkeurpercentage"] == 10.0
    assert rows["GM0014"]["status"] == "te_laat" and "30 dagen oud" in rows["GM0014"]["redenen"][0]
    assert rows["GM0034"]["status"] == "onbereikbaar"
    assert rows["GM0034"]["webservice_faalpercentage"] == 100.0
    assert rows["GM0034"]["methode"] == "webservice"


def test_a_gemeente_sees_only_its_own_row(alle_statussen, api_client_for, make_user, client):
    rows = api_client_for(alle_statussen["krimp"], ["dkd_aanleveren"]).get("/api/v1/dkd/monitor").json()
    assert [r["gemeentecode"] for r in rows] == ["GM0599"]
    make_user(alle_statussen["ok"], "utrecht", ("dkd_aanleveren",))
    client.login(username="utrecht", password=PASSWORD)
    html = client.get("/dkd/monitor/").content.decode()
    assert 'data-gemeente="GM0344"' in html
    assert 'data-gemeente="GM0599"' not in html
    assert "Geschiedenis" in html
    exported = b"".join(client.get("/dkd/monitor.csv").streaming_content).decode()
    assert len(exported.strip().splitlines()) == 2


def test_hub_page_filters_sorts_and_exports(alle_statussen, make_user, hub, client):
    make_user(hub, "operator", ("beheer",))
    client.login(username="operator", password=PASSWORD)
    html = client.get("/dkd/monitor/?status=te_laat").content.decode()
    assert 'data-gemeente="GM0363"' in html and 'data-gemeente="GM0014"' in html
    assert 'data-gemeente="GM0344"' not in html
    sorted_html = client.get("/dkd/monitor/?sorteer=-afkeurpercentage").content.decode()
    assert sorted_html.index('data-gemeente="GM0518"') < sorted_html.index('data-gemeente="GM0344"')
    assert 'aria-sort="descending"' in sorted_html
    response = client.get("/dkd/monitor.csv?q=gravenhage")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";"))
    assert rows[0][:6] == ["Gemeentecode", "Gemeente", "Provincie", "Methode", "Frequentie", "Status"]
    assert rows[1][0] == "GM0518"
    assert rows[1][1] == "'s-Gravenhage"  # an apostrophe at the start is data, not an injection


def test_monitor_needs_a_machtiging(alle_statussen, api_client_for, hub):
    assert api_client_for(hub, []).get("/api/v1/dkd/monitor").status_code == 403
    assert api_client_for(alle_statussen["ok"], ["casemanagement"]).get("/api/v1/dkd/monitor").status_code == 403
