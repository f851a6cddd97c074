import os
import subprocess
import sys
from pathlib import Path

from vangnet.core.demo import load_demo_data
from vangnet.gemeente.models import Dossier
from vangnet.hub.models import Melding, Signaalrapport
from vangnet.organisations.models import Gebruiker, Organisatie

VANGNET = Path(sys.executable).with_name("vangnet")


def test_demo_data_has_every_gemeente_and_one_user_per_role(db):
    logins = load_demo_data()
    assert Organisatie.objects.filter(type="gemeente").count() == 342
    assert {o.type for o in Organisatie.objects.all()} == {"gemeente", "uwv", "hub", "leverancier"}
    roles = {login.rol for login in logins}
    assert {"Klantmanager gemeente", "Bedrijfsarts leverancier", "Hub-beheerder", "UWV-medewerker"} <= roles
    arts = Gebruiker.objects.get(username="arts.arbodienst")
    assert set(arts.machtigingen.values_list("code", flat=True)) == {"casemanagement", "medisch"}
    assert Gebruiker.objects.get(username="operator.hub").is_staff


def test_demo_runs_a_small_chain_so_that_ophalen_has_reports(db):
    load_demo_data()
    rapporten = {r.gemeente.gemeentecode: r for r in Signaalrapport.objects.select_related("gemeente")}
    assert set(rapporten) == {"GM0344", "GM0363"}
    # four ziek-uit-dienst meldingen and one betermelding per gemeente
    assert [r.aantal_signalen for r in rapporten.values()] == [5, 5]
    assert Melding.objects.filter(is_open=True).count() == 6
    # each gemeente imported its report: four dossiers, one of them after its betermelding
    for code in ("GM0344", "GM0363"):
        dossiers = Dossier.objects.filter(gemeente__gemeentecode=code)
        assert dossiers.count() == 4
        assert dossiers.filter(status="begeleiding_naar_werk").count() == 1


def test_demo_no_serve_builds_a_fresh_database_under_var(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["VANGNET_VAR_DIR"] = str(tmp_path)
    for _ in range(2):  # the second run starts afresh instead of failing on existing users
        result = subprocess.run(
            [str(VANGNET), "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "vangnet.sqlite3").exists()
    assert "km.utrecht" in result.stdout
    assert "342 gemeenten" in result.stdout


def test_demo_refuses_to_wipe_a_database_that_is_not_the_embedded_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:1/nergens"
    result = subprocess.run([str(VANGNET), "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "wist daarom niets" in result.stderr
