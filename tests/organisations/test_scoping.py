import pytest

from django.contrib.auth.models import Group

from vangnet.organisations.models import Gebruiker, Organisatie
from vangnet.organisations.scoping import Caller, scope


def test_gemeente_key_lists_only_its_own_organisation(gemeente_a, gemeente_b, api_client_for):
    response = api_client_for(gemeente_a).get("/api/v1/organisaties")
    assert response.status_code == 200
    assert [o["gemeentecode"] for o in response.json()["results"]] == ["GM0344"]


def test_key_of_gemeente_a_gets_404_on_gemeente_b(gemeente_a, gemeente_b, api_client_for):
    response = api_client_for(gemeente_a).get(f"/api/v1/organisaties/{gemeente_b.uuid}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    own = api_client_for(gemeente_a).get(f"/api/v1/organisaties/{gemeente_a.uuid}")
    assert own.status_code == 200
    assert own.json()["naam"] == "Utrecht"


def test_hub_sees_every_organisation_where_the_view_allows_it(gemeente_a, gemeente_b, hub, api_client_for):
    response = api_client_for(hub).get("/api/v1/organisaties")
    assert {o["naam"] for o in response.json()["results"]} == {"Utrecht", "Amsterdam", "Inlichtingenbureau (hub)"}


def test_hub_does_not_see_other_rows_unless_allowed(gemeente_a, hub, make_user):
    make_user(gemeente_a, "km")
    caller = Caller(organisatie=hub, machtigingen=frozenset({"beheer"}))
    assert not scope(Gebruiker.objects.all(), caller).exists()


def test_anonymous_caller_sees_nothing(gemeente_a):
    assert not scope(Organisatie.objects.all(), None).exists()


def test_model_without_organisatie_field_cannot_be_scoped(gemeente_a):
    caller = Caller(organisatie=gemeente_a, machtigingen=frozenset())
    with pytest.raises(TypeError, match="Group has no organisatie_field"):
        scope(Group.objects.all(), caller)


def test_session_user_is_scoped_like_a_key(gemeente_a, gemeente_b, make_user, client):
    make_user(gemeente_b, "km.amsterdam")
    client.login(username="km.amsterdam", password="Test-wachtwoord-123")
    assert client.get(f"/api/v1/organisaties/{gemeente_a.uuid}").status_code == 404
    assert client.get("/api/v1/mij").json()["via"] == "gebruiker"


def test_machtiging_is_required_where_a_view_asks_for_it(gemeente_a, rf):
    from vangnet.organisations.permissions import IsOrganisationCaller

    class View:
        required_machtiging = "dkd_aanleveren"

    request = rf.get("/")
    request._vangnet_caller = Caller(organisatie=gemeente_a, machtigingen=frozenset({"casemanagement"}))
    assert not IsOrganisationCaller().has_permission(request, View())
    request._vangnet_caller = Caller(organisatie=gemeente_a, machtigingen=frozenset({"dkd_aanleveren"}))
    assert IsOrganisationCaller().has_permission(request, View())
