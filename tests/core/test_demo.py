import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from vangnet.gemeente.dossiers.models import Dossier
from vangnet.hub.models import DkdAanlevering, DkdInstelling, Melding, Signaalrapport
from vangnet.organisations.models import Gebruiker, Organisatie
from vangnet.simulatie.controle import controleer_keten
from vangnet.simulatie.demo import DEMO_PASSWORD, load_demo_data
from vangnet.uwv.models import Ziektewetclaim

VANGNET = Path(sys.executable).with_name("vangnet")


def test_demo_has_every_role_and_a_simulated_chain_up_to_yesterday(transactional_db):
    vandaag = date(2026, 11, 29)
    demo = load_demo_data(vandaag, dagen=14, schaal=0.2)
    assert Organisatie.objects.filter(type="gemeente").count() == 342
    assert {o.type for o in Organisatie.objects.all()} == {"gemeente", "uwv", "hub", "leverancier"}
    roles = {login.rol for login in demo.logins}
    assert {"Klantmanager gemeente", "Bedrijfsarts leverancier", "Hub-beheerder", "UWV-medewerker"} <= roles
    arts = Gebruiker.objects.get(username="arts.arbodienst")
    assert set(arts.machtigingen.values_list("code", flat=True)) == {"casemanagement", "medisch"}
    assert Gebruiker.objects.get(username="operator.hub").is_staff
    gebruikers = Gebruiker.objects.filter(username__in=[login.username for login in demo.logins])
    assert len(gebruikers) == len(demo.logins) and all(g.check_password(DEMO_PASSWORD) for g in gebruikers)

    assert demo.telling.rapporten_gepubliceerd > 0
    assert Signaalrapport.objects.filter(publicatiedatum__lt=vandaag).count() == demo.telling.rapporten_gepubliceerd
    assert not Signaalrapport.objects.filter(publicatiedatum__gte=vandaag).exists()
    assert Ziektewetclaim.objects.exists()
    # every published report reached its gemeente's dossiers, and the chain audit is clean
    assert Dossier.objects.count() == Melding.objects.filter(type="ziek_uit_dienst").count() > 0
    assert controleer_keten().klopt
    # files from all but the gemeenten that do not deliver (a tenth) and those on the webservice (30 %)
    assert DkdAanlevering.objects.order_by().values("gemeente").distinct().count() > 190
    assert DkdInstelling.objects.filter(aanlevermethode="webservice").count() > 80
    # the demo users' gemeenten deliver files; Utrecht's klantmanager brought the arbodienst in on its dossiers
    for code in ("GM0344", "GM0363"):
        assert DkdAanlevering.objects.filter(gemeente__gemeentecode=code, status="verwerkt").exists()
    utrecht = Dossier.objects.filter(gemeente__gemeentecode="GM0344")
    gedeeld = utrecht.filter(leverancier__naam="Arbodienst Voorbeeld B.V.").count()
    assert gedeeld == min(utrecht.count(), 6)


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="the demo always makes its own SQLite database: run once, with SQLite"
)
def test_demo_no_serve_builds_a_fresh_database_under_var(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["VANGNET_VAR_DIR"] = str(tmp_path)
    for _ in range(2):  # the second run starts afresh instead of failing on existing users
        result = subprocess.run(
            [str(VANGNET), "demo", "--no-serve", "--dagen", "1", "--schaal", "0.02"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
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
