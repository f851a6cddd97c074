import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from vangnet.organisations.models import ApiSleutel
from vangnet.organisations.services import AccessError, authenticate_api_key, create_api_key, revoke_api_key


def test_new_key_is_stored_only_as_hash(gemeente_a):
    new = create_api_key(gemeente_a, "Koppeling Suites")
    stored = ApiSleutel.objects.get(pk=new.sleutel.pk)
    assert new.plain_key.startswith(f"vn_{stored.prefix}_")
    assert new.plain_key not in {stored.sleutel_hash, stored.prefix, stored.naam}
    assert len(stored.sleutel_hash) == 64
    assert authenticate_api_key(new.plain_key) == stored


def test_key_without_machtigingen_gets_every_product_of_its_organisation(gemeente_a):
    new = create_api_key(gemeente_a, "alles")
    assert set(new.sleutel.machtigingen.values_list("code", flat=True)) == set(gemeente_a.available_products())


@pytest.mark.parametrize(
    ("machtiging", "message"),
    [("toveren", "Onbekende machtiging 'toveren'"), ("lks_toets", "niet beschikbaar voor een organisatie")],
)
def test_machtiging_outside_the_organisation_type_is_refused(gemeente_a, machtiging, message):
    with pytest.raises(AccessError, match=message):
        create_api_key(gemeente_a, "fout", [machtiging])
    assert not ApiSleutel.objects.exists()


def test_key_needs_a_name(gemeente_a):
    with pytest.raises(AccessError, match="naam"):
        create_api_key(gemeente_a, "  ")


@pytest.mark.parametrize("tampered", ["", "vn_", "vn__x", "vn_abc_def", "Bearer x", "vn_{prefix}_verkeerd"])
def test_wrong_keys_do_not_authenticate(gemeente_a, tampered):
    new = create_api_key(gemeente_a, "echt")
    assert authenticate_api_key(tampered.format(prefix=new.sleutel.prefix)) is None


def test_revoked_key_is_refused_with_problem_json(gemeente_a):
    new = create_api_key(gemeente_a, "weg")
    revoke_api_key(new.sleutel)
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=new.plain_key)
    response = client.get("/api/v1/mij")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "De API-sleutel is onbekend of ingetrokken."


def test_cli_creates_a_key_that_works_and_revokes_it(gemeente_a, capsys):
    call_command("apikey", "create", "--organisatie", "gm0344", "--naam", "Suite", "--machtiging", "dkd_aanleveren")
    captured = capsys.readouterr()
    plain_key = captured.out.strip()
    assert "wordt niet opnieuw getoond" in captured.err
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=plain_key)
    body = client.get("/api/v1/mij").json()
    assert body["organisatie"]["gemeentecode"] == "GM0344"
    assert body["machtigingen"] == ["dkd_aanleveren"]
    assert body["via"] == "api_sleutel"

    prefix = plain_key.split("_")[1]
    call_command("apikey", "revoke", prefix)
    assert client.get("/api/v1/mij").status_code == 401


def test_cli_refuses_unknown_organisation(db):
    with pytest.raises(CommandError, match="Onbekende organisatie 'GM9999'"):
        call_command("apikey", "create", "--organisatie", "GM9999", "--naam", "x")
