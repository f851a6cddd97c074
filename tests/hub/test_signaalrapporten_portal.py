"""Portal "LKS re-integratie – Ophalen": list, filter, download and delete the gemeente's own reports."""

import re
from datetime import date

import pytest
from tests.hub.rapport_factories import rapport, rapporten

from vangnet.hub.models import RapportDownload, Signaalrapport

PASSWORD = "Test-wachtwoord-123"
URL = "/signaalrapporten/"


@pytest.fixture
def ophaler(gemeente_a, make_user):
    return make_user(gemeente_a, "ophaler", ("lks_reintegratie_ophalen",))


@pytest.fixture
def client_a(ophaler, client):
    client.login(username="ophaler", password=PASSWORD)
    return client


def rijen(html: str) -> list[str]:
    return re.findall(r'data-rapport="([0-9a-f-]{36})"', html)


def test_the_page_lists_the_own_reports_as_the_inlichtingenbureau_portal_does(gemeente_a, gemeente_b, client_a):
    eigen = rapport(gemeente_a, date(2026, 11, 23), aantal=3)
    van_b = rapport(gemeente_b, date(2026, 11, 23))
    rapport(gemeente_a, date(2026, 11, 21), verwijderd=True)

    response = client_a.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">LKS re-integratie – Ophalen</h1>' in html
    for kop in ("Publicatiedatum", "Door", "Voor", "Titel", "Aantal signalen"):
        assert f">{kop}</th>" in html
    assert rijen(html) == [str(eigen.uuid)]
    assert str(van_b.uuid) not in html
    rij = html[html.index(f'data-rapport="{eigen.uuid}"') :]
    rij = rij[: rij.index("</tr>")]
    assert '<td class="utrecht-table__cell">23-11-2026</td>' in rij
    assert ">Inlichtingenbureau</td>" in rij and ">Utrecht</td>" in rij
    assert f'href="/signaalrapporten/{eigen.uuid}/download"' in rij
    assert "Re-integratie_signaalrapport 23-11-2026</a>" in rij
    assert ">3</td>" in rij
    assert f'type="checkbox" name="rapport" value="{eigen.uuid}"' in rij
    assert "Verwijder geselecteerd" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_empty_state_says_so(client_a):
    html = client_a.get(URL).content.decode()
    assert "Er staan op dit moment geen signaalrapporten voor u klaar." in html
    assert "Verwijder geselecteerd" not in html


def test_filter_by_period(gemeente_a, client_a):
    alle = rapporten(gemeente_a, 10, eerste=date(2026, 3, 1))
    html = client_a.get(URL, {"van": "04-03-2026", "tot": "06-03-2026"}).content.decode()
    assert rijen(html) == [str(r.uuid) for r in reversed(alle[3:6])]
    assert "3 rapporten in de gekozen periode" in html
    assert 'value="04-03-2026"' in html
    iso = client_a.get(URL, {"van": "2026-03-04", "tot": "2026-03-06"}).content.decode()
    assert rijen(iso) == rijen(html)
    fout = client_a.get(URL, {"van": "4 maart"}).content.decode()
    assert "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 01-11-2026." in fout
    assert len(rijen(fout)) == 10
    leeg = client_a.get(URL, {"van": "2027-01-01"}).content.decode()
    assert "Er zijn geen signaalrapporten gepubliceerd in de gekozen periode." in leeg


def test_a_reversed_period_is_explained_and_not_applied(gemeente_a, client_a):
    rapporten(gemeente_a, 3)
    html = client_a.get(URL, {"van": "05-03-2026", "tot": "01-03-2026"}).content.decode()
    assert "De einddatum ligt vóór de begindatum." in html
    assert len(rijen(html)) == 3


def test_pagination_by_fifty_keeps_the_filter(gemeente_a, client_a):
    rapporten(gemeente_a, 120, eerste=date(2026, 1, 1))
    eerste = client_a.get(URL, {"van": "2026-01-02"}).content.decode()
    assert len(rijen(eerste)) == 50
    assert "119 rapporten" in eerste
    assert 'href="?van=2026-01-02&amp;pagina=2"' in eerste
    laatste = client_a.get(URL, {"van": "2026-01-02", "pagina": 3}).content.decode()
    assert len(rijen(laatste)) == 19
    assert 'aria-current="page">3<' in laatste


def test_download_as_attachment_with_the_stored_bytes_and_recorded(gemeente_a, ophaler, client_a):
    gevonden = rapport(gemeente_a, date(2026, 11, 23), aantal=2)
    response = client_a.get(f"/signaalrapporten/{gevonden.uuid}/download")
    assert response.status_code == 200
    assert response.content == bytes(Signaalrapport.objects.get(pk=gevonden.pk).inhoud)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Utrecht_LKSRi_rapport_20261123.csv"'
    assert response["Cache-Control"] == "no-store"
    download = RapportDownload.objects.get()
    assert (download.rapport_id, download.kanaal, download.gebruiker_id, download.api_sleutel_id) == (
        gevonden.pk,
        "portaal",
        ophaler.pk,
        None,
    )


def test_a_report_of_another_gemeente_is_not_found(gemeente_b, client_a):
    van_b = rapport(gemeente_b)
    assert client_a.get(f"/signaalrapporten/{van_b.uuid}/download").status_code == 404
    assert not RapportDownload.objects.exists()
    response = client_a.post("/signaalrapporten/verwijderen/", {"rapport": [str(van_b.uuid)], "bevestigd": "ja"})
    assert response.status_code == 302
    assert Signaalrapport.objects.get(pk=van_b.pk).verwijderd_op is None


def test_delete_selected_asks_first_then_hides_for_the_gemeente_and_the_hub_still_sees_it(
    gemeente_a, hub, ophaler, client_a, make_user, client
):
    weg, ook_weg, blijft = rapporten(gemeente_a, 3)
    gekozen = {"rapport": [str(weg.uuid), str(ook_weg.uuid)], "filter": "van=2026-01-01"}

    vraag = client_a.post("/signaalrapporten/verwijderen/", gekozen)
    assert vraag.status_code == 200
    html = vraag.content.decode()
    assert "Weet u zeker dat u deze 2 rapporten wilt verwijderen?" in html
    assert 'name="bevestigd" value="ja"' in html
    assert Signaalrapport.objects.filter(verwijderd_op__isnull=False).count() == 0

    response = client_a.post("/signaalrapporten/verwijderen/", {**gekozen, "bevestigd": "ja"}, follow=True)
    assert response.redirect_chain[-1][0] == "/signaalrapporten/?van=2026-01-01"
    html = response.content.decode()
    assert "2 rapporten verwijderd." in html
    assert rijen(html) == [str(blijft.uuid)]
    assert client_a.get(f"/signaalrapporten/{weg.uuid}/download").status_code == 404
    bewaard = Signaalrapport.objects.get(pk=weg.pk)
    assert bewaard.verwijderd_door == ophaler and len(bytes(bewaard.inhoud)) > 0

    again = client_a.post("/signaalrapporten/verwijderen/", {"rapport": [str(weg.uuid)], "bevestigd": "ja"})
    assert again.status_code == 302
    assert Signaalrapport.objects.get(pk=weg.pk).verwijderd_op == bewaard.verwijderd_op

    make_user(hub, "operator", ("beheer",))
    client.logout()
    client.login(username="operator", password=PASSWORD)
    hub_html = client.get(URL).content.decode()
    assert set(rijen(hub_html)) == {str(weg.uuid), str(ook_weg.uuid), str(blijft.uuid)}
    assert hub_html.count(">Verwijderd</span>") == 2
    assert "/download" not in hub_html and 'name="rapport"' not in hub_html
    assert client.get(f"/signaalrapporten/{blijft.uuid}/download").status_code == 403


def test_delete_without_a_selection_explains(gemeente_a, client_a):
    rapport(gemeente_a)
    response = client_a.post("/signaalrapporten/verwijderen/", {"rapport": ["geen-uuid"]}, follow=True)
    assert "Selecteer eerst een of meer rapporten om te verwijderen." in response.content.decode()
    assert Signaalrapport.objects.get().verwijderd_op is None


def test_delete_needs_csrf(gemeente_a, ophaler):
    from django.test import Client

    gevonden = rapport(gemeente_a)
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="ophaler", password=PASSWORD)
    response = strict.post("/signaalrapporten/verwijderen/", {"rapport": [str(gevonden.uuid)], "bevestigd": "ja"})
    assert response.status_code == 403
    assert Signaalrapport.objects.get().verwijderd_op is None


@pytest.mark.parametrize("path", [URL, "/signaalrapporten/{id}/download"])
def test_a_user_without_the_machtiging_gets_403(gemeente_a, make_user, client, path):
    gevonden = rapport(gemeente_a)
    make_user(gemeente_a, "casemanager", ("casemanagement", "dkd_aanleveren"))
    client.login(username="casemanager", password=PASSWORD)
    assert client.get(path.format(id=gevonden.uuid)).status_code == 403
    assert not RapportDownload.objects.exists()


def test_uwv_cannot_open_or_download(gemeente_a, uwv, make_user, client):
    gevonden = rapport(gemeente_a)
    make_user(uwv, "uwv", ("lks_toets", "beheer"))
    client.login(username="uwv", password=PASSWORD)
    assert client.get(URL).status_code == 403
    assert client.get(f"/signaalrapporten/{gevonden.uuid}/download").status_code == 403
    assert client.post("/signaalrapporten/verwijderen/", {"rapport": [str(gevonden.uuid)]}).status_code == 403


def test_anonymous_is_sent_to_login(gemeente_a, client):
    gevonden = rapport(gemeente_a)
    response = client.get(f"/signaalrapporten/{gevonden.uuid}/download")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_the_dashboard_tile_leads_to_ophalen(ophaler, client_a):
    html = client_a.get("/").content.decode()
    tegel = html[html.index('data-product="lks_reintegratie_ophalen"') :]
    tegel = tegel[: tegel.index("</li>")]
    assert 'href="/signaalrapporten/"' in tegel
