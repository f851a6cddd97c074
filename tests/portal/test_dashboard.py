import pytest

from vangnet.organisations.constants import Product
from vangnet.organisations.models import Gebruiker

PASSWORD = "Test-wachtwoord-123"


@pytest.fixture
def km_utrecht(gemeente_a, make_user):
    return make_user(gemeente_a, "km.utrecht", (Product.CASEMANAGEMENT, Product.LKS_REINTEGRATIE_OPHALEN))


def test_anonymous_visitor_is_sent_to_the_login_page(db, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")


def test_login_page_is_dutch_and_labelled(db, client):
    html = client.get("/inloggen/").content.decode()
    assert '<html lang="nl"' in html
    assert '<label class="utrecht-form-label" for="id_username">Gebruikersnaam</label>' in html
    assert 'href="#inhoud"' in html and '<main id="inhoud"' in html
    assert "nlds/component-library/index.css" in html


def test_wrong_password_gets_a_dutch_error(km_utrecht, client):
    response = client.post("/inloggen/", {"username": "km.utrecht", "password": "fout"})
    assert response.status_code == 200
    assert "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet" in response.content.decode()


def test_dashboard_shows_the_products_of_the_own_organisation(km_utrecht, client):
    response = client.post("/inloggen/", {"username": "km.utrecht", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert "Utrecht (GM0344)" in html
    for product in ("dkd_aanleveren", "lks_reintegratie_ophalen", "casemanagement", "medisch", "beheer"):
        assert f'data-product="{product}"' in html
    assert "lks_toets" not in html
    assert html.count("Gemachtigd") == 2


def test_organisation_page_lists_only_own_users(km_utrecht, gemeente_b, make_user, client):
    make_user(gemeente_b, "km.amsterdam")
    client.login(username="km.utrecht", password=PASSWORD)
    html = client.get("/organisatie/").content.decode()
    assert "km.utrecht" in html
    assert "km.amsterdam" not in html
    assert "API-sleutels" not in html  # only with the beheer machtiging


def test_user_without_organisation_gets_an_explanation(db, client):
    Gebruiker.objects.create_user(username="los", password=PASSWORD)
    client.login(username="los", password=PASSWORD)
    response = client.get("/")
    assert response.status_code == 403
    assert "Geen organisatie gekoppeld" in response.content.decode()


def test_logout_is_a_post(km_utrecht, client):
    client.login(username="km.utrecht", password=PASSWORD)
    assert client.post("/uitloggen/").status_code == 302
    assert client.get("/").status_code == 302


def test_unknown_page_is_a_dutch_404(db, client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_admin_is_for_hub_operators(hub, gemeente_a, make_user, client):
    make_user(hub, "operator", (Product.BEHEER,))
    make_user(gemeente_a, "beheerder", (Product.BEHEER,))
    client.login(username="beheerder", password=PASSWORD)
    assert client.get("/beheer/").status_code == 302
    client.login(username="operator", password=PASSWORD)
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/organisations/organisatie/").status_code == 200
