"""The weekly digest: per casemanager the overdue and upcoming deadlines, by Django mail, never a BSN."""

from datetime import date

import pytest
import time_machine
from tests.gemeente.dossiers.werklijst_data import maak_dossiers

from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from vangnet.domain.bsn import mask_bsn
from vangnet.gemeente.dossiers.weekoverzicht import verstuur_weekoverzichten, weekoverzichten
from vangnet.organisations.constants import Product

VANDAAG = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-03-20 07:00 +01:00", tick=False):
        yield


def casemanager(make_user, gemeente, naam, email=True, machtigingen=(Product.CASEMANAGEMENT,)):
    gebruiker = make_user(gemeente, naam, machtigingen)
    gebruiker.email = f"{naam}@example.nl" if email else ""
    gebruiker.first_name = naam.capitalize()
    gebruiker.save()
    return gebruiker


def test_each_casemanager_gets_their_own_late_and_upcoming_deadlines(gemeente_a, make_user, settings):
    settings.PORTAL_BASE_URL = "https://vangnet.example.nl/"
    km = casemanager(make_user, gemeente_a, "sanne")
    collega = casemanager(make_user, gemeente_a, "ahmed")
    eigen = maak_dossiers(gemeente_a, 5, VANDAAG, casemanager=km)
    anders = maak_dossiers(gemeente_a, 2, VANDAAG, casemanager=collega, start=2000)
    maak_dossiers(gemeente_a, 3, VANDAAG, start=3000)  # no casemanager: nobody to mail

    verstuurd = verstuur_weekoverzichten(VANDAAG)

    assert len(verstuurd) == 2 and len(mail.outbox) == 2
    bericht = next(m for m in mail.outbox if m.to == ["sanne@example.nl"])
    # dossiers 0 and 3 late (17-03), 0 and 4 due 22-03; the herijking in 20 weeks is beyond 14 days
    assert bericht.subject == "Weekoverzicht termijnen vangnetters: 2 te laat, 2 binnenkort"
    assert "Beste Sanne," in bericht.body
    assert "Te laat (2):" in bericht.body and "Komende 14 dagen (2):" in bericht.body
    assert "17-03-2026  Probleemanalyse" in bericht.body and "22-03-2026  Plan van aanpak" in bericht.body
    assert "Herijking" not in bericht.body
    assert f"https://vangnet.example.nl/gemeente/dossiers/{eigen[3].uuid}/" in bericht.body
    assert mask_bsn(eigen[3].bsn) in bericht.body
    assert "https://vangnet.example.nl/gemeente/dossiers/mijn/" in bericht.body
    assert not any(str(d.uuid) in bericht.body for d in anders)
    for dossier in eigen + anders:
        assert all(dossier.bsn not in m.body and dossier.bsn not in m.subject for m in mail.outbox)


def test_the_upcoming_window_is_fourteen_days(gemeente_a, make_user):
    from vangnet.gemeente.dossiers.models import Taak

    km = casemanager(make_user, gemeente_a, "sanne")
    dossier = maak_dossiers(gemeente_a, 1, VANDAAG, casemanager=km)[0]
    Taak.objects.filter(dossier=dossier).update(uiterlijk=date(2026, 4, 3))
    assert [len(o.komend) for o in weekoverzichten(VANDAAG)] == [3]
    Taak.objects.filter(dossier=dossier).update(uiterlijk=date(2026, 4, 4))
    assert weekoverzichten(VANDAAG) == []


def test_no_mail_without_address_machtiging_or_anything_due(gemeente_a, make_user):
    zonder_adres = casemanager(make_user, gemeente_a, "zonder", email=False)
    zonder_machtiging = casemanager(make_user, gemeente_a, "arts", machtigingen=(Product.MEDISCH,))
    inactief = casemanager(make_user, gemeente_a, "weg")
    inactief.is_active = False
    inactief.save()
    niets = casemanager(make_user, gemeente_a, "rustig")
    for i, gebruiker in enumerate((zonder_adres, zonder_machtiging, inactief)):
        maak_dossiers(gemeente_a, 1, VANDAAG, casemanager=gebruiker, start=1000 + 10 * i)
    maak_dossiers(gemeente_a, 2, VANDAAG, casemanager=niets, start=2000)  # 1: only the herijking in 20 weeks
    from vangnet.gemeente.dossiers.models import Taak

    Taak.objects.filter(dossier__casemanager=niets, uiterlijk__lt=date(2026, 4, 1)).delete()
    assert verstuur_weekoverzichten(VANDAAG) == []
    assert mail.outbox == []


def test_command_per_gemeente(gemeente_a, gemeente_b, make_user, capsys):
    maak_dossiers(gemeente_a, 1, VANDAAG, casemanager=casemanager(make_user, gemeente_a, "utrecht"))
    maak_dossiers(gemeente_b, 1, VANDAAG, casemanager=casemanager(make_user, gemeente_b, "amsterdam"), start=2000)
    call_command("gemeente-weekoverzicht", "--organisatie", "GM0344")
    assert [m.to for m in mail.outbox] == [["utrecht@example.nl"]]
    assert "Weekoverzicht verstuurd aan 1 casemanager(s): 1 te late en 1 komende termijnen." in capsys.readouterr().out
    call_command("gemeente-weekoverzicht")
    assert len(mail.outbox) == 3


def test_command_refuses_an_organisation_that_is_no_gemeente(hub):
    with pytest.raises(CommandError, match="geen gemeente"):
        call_command("gemeente-weekoverzicht", "--organisatie", hub.naam)


def test_a_dossier_of_another_gemeente_is_not_in_the_digest(gemeente_a, gemeente_b, make_user):
    km = casemanager(make_user, gemeente_a, "sanne")
    maak_dossiers(gemeente_b, 1, VANDAAG, casemanager=km)
    assert verstuur_weekoverzichten(VANDAAG) == []
