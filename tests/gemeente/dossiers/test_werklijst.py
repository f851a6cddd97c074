"""The worklist: "Mijn dossiers" and the team view, deadlines this week, overdue, active and passive caseload."""

from datetime import date

import pytest
import time_machine
from tests.conftest import PASSWORD
from tests.gemeente.dossiers.werklijst_data import maak_dossiers

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vangnet.domain.bsn import mask_bsn
from vangnet.gemeente.dossiers.models import Dossier
from vangnet.gemeente.dossiers.werklijst import caseload, einde_deze_week, met_werklijst

VANDAAG = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def vandaag():
    with time_machine.travel("2026-03-20 10:00 +01:00", tick=False):
        yield


@pytest.fixture
def km(gemeente_a, make_user):
    return make_user(gemeente_a, "km")


@pytest.fixture
def casemanager(km, client):
    client.login(username="km", password=PASSWORD)
    return client


def test_deze_week_is_today_and_the_six_days_after_it():
    assert einde_deze_week(date(2026, 3, 20)) == date(2026, 3, 26)


def test_caseload_counts_active_passive_late_and_this_week(gemeente_a):
    maak_dossiers(gemeente_a, 12, VANDAAG)
    cijfers = caseload(met_werklijst(Dossier.objects.filter(gemeente=gemeente_a), VANDAAG))
    # late: 0 3 6 9; this week: 0 4 8; contact: 0 5 10 -> active 0 3 4 5 6 8 9 10, passive 1 2 7 11
    assert (cijfers.totaal, cijfers.actief, cijfers.passief) == (12, 8, 4)
    assert (cijfers.met_te_late_taken, cijfers.met_termijn_deze_week, cijfers.zonder_casemanager) == (4, 3, 12)


def test_each_dossier_carries_its_last_contact_and_whether_it_is_active(gemeente_a):
    dossiers = maak_dossiers(gemeente_a, 6, VANDAAG)
    rijen = {d.pk: d for d in met_werklijst(Dossier.objects.all(), VANDAAG)}
    assert rijen[dossiers[5].pk].laatste_contact == date(2026, 3, 18)
    assert rijen[dossiers[5].pk].actief is True
    assert rijen[dossiers[1].pk].laatste_contact is None
    assert rijen[dossiers[1].pk].actief is False
    assert rijen[dossiers[0].pk].aantal_te_laat == 1
    assert rijen[dossiers[0].pk].aantal_deze_week == 1


def test_a_task_due_beyond_the_horizon_does_not_make_a_dossier_active(gemeente_a):
    """Dossier 1 has only a task due in 20 weeks and no contact."""
    dossiers = maak_dossiers(gemeente_a, 2, VANDAAG)
    assert not met_werklijst(Dossier.objects.filter(pk=dossiers[1].pk), VANDAAG).get().actief


def test_mijn_dossiers_shows_only_the_users_own(casemanager, km, gemeente_a, make_user):
    collega = make_user(gemeente_a, "collega")
    eigen = maak_dossiers(gemeente_a, 3, VANDAAG, casemanager=km)
    ander = maak_dossiers(gemeente_a, 4, VANDAAG, casemanager=collega, start=2000)
    html = casemanager.get("/gemeente/dossiers/mijn/").content.decode()
    assert "Mijn dossiers" in html
    assert all(str(d.uuid) in html for d in eigen)
    assert not any(str(d.uuid) in html for d in ander)
    assert '<span data-testid="aantal-dossiers">3</span>' in html
    team = casemanager.get("/gemeente/dossiers/").content.decode()
    assert '<span data-testid="aantal-dossiers">7</span>' in team
    assert all(str(d.uuid) in team for d in eigen + ander)


def test_the_team_view_filters_by_casemanager(casemanager, km, gemeente_a):
    eigen = maak_dossiers(gemeente_a, 2, VANDAAG, casemanager=km)
    zonder = maak_dossiers(gemeente_a, 3, VANDAAG, start=2000)
    html = casemanager.get(f"/gemeente/dossiers/?casemanager={km.pk}").content.decode()
    assert '<span data-testid="aantal-dossiers">2</span>' in html
    assert all(str(d.uuid) in html for d in eigen)
    html = casemanager.get("/gemeente/dossiers/?casemanager=geen").content.decode()
    assert all(str(d.uuid) in html for d in zonder)
    assert not any(f'data-dossier="{d.uuid}"' in html for d in eigen)


@pytest.mark.parametrize(
    ("query", "verwacht"),
    [
        ("caseload=actief", [0, 3, 4, 5, 6, 8, 9, 10]),
        ("caseload=passief", [1, 2, 7, 11]),
        ("te_laat=on", [0, 3, 6, 9]),
        ("deze_week=on", [0, 4, 8]),
        ("te_laat=on&deze_week=on", [0]),
    ],
)
def test_filters(casemanager, gemeente_a, query, verwacht):
    dossiers = maak_dossiers(gemeente_a, 12, VANDAAG)
    html = casemanager.get(f"/gemeente/dossiers/?{query}").content.decode()
    getoond = [i for i, d in enumerate(dossiers) if f'data-dossier="{d.uuid}"' in html]
    assert getoond == verwacht


def test_sort_by_longest_without_contact_puts_dossiers_without_contact_first(casemanager, gemeente_a):
    dossiers = maak_dossiers(gemeente_a, 6, VANDAAG)
    html = casemanager.get("/gemeente/dossiers/?sorteer=laatste_contact").content.decode()
    posities = {i: html.index(f'data-dossier="{d.uuid}"') for i, d in enumerate(dossiers)}
    assert max(posities[i] for i in (1, 2, 3, 4)) < min(posities[0], posities[5])


def test_sort_by_most_late_tasks(casemanager, gemeente_a):
    dossiers = maak_dossiers(gemeente_a, 4, VANDAAG)
    html = casemanager.get("/gemeente/dossiers/?sorteer=te_laat").content.decode()
    assert html.index(f'data-dossier="{dossiers[3].uuid}"') < html.index(f'data-dossier="{dossiers[1].uuid}"')


def test_the_page_lists_late_and_this_weeks_deadlines_with_a_masked_bsn(casemanager, gemeente_a):
    dossiers = maak_dossiers(gemeente_a, 5, VANDAAG)
    response = casemanager.get("/gemeente/dossiers/")
    html = response.content.decode()
    te_laat = html.split('data-testid="te-late-taken"')[1].split("</section>")[0]
    deze_week = html.split('data-testid="taken-deze-week"')[1].split("</section>")[0]
    assert "17-03-2026" in te_laat and mask_bsn(dossiers[3].bsn) in te_laat
    assert "22-03-2026" in deze_week and mask_bsn(dossiers[4].bsn) in deze_week
    assert mask_bsn(dossiers[3].bsn) not in deze_week
    assert not any(d.bsn in html for d in dossiers)
    assert '<strong class="utrecht-heading-3" data-testid="caseload-te-laat">2</strong>' in html


def test_another_gemeentes_deadlines_are_not_listed(casemanager, gemeente_b):
    dossiers = maak_dossiers(gemeente_b, 4, VANDAAG)
    html = casemanager.get("/gemeente/dossiers/").content.decode()
    assert "Geen te late taken." in html and "Geen termijnen deze week." in html
    assert not any(str(d.uuid) in html for d in dossiers)


@pytest.mark.parametrize("pad", ["/gemeente/dossiers/", "/gemeente/dossiers/mijn/"])
def test_the_number_of_queries_does_not_grow_with_the_dossiers(
    casemanager, km, gemeente_a, django_assert_max_num_queries, pad
):
    maak_dossiers(gemeente_a, 10, VANDAAG, casemanager=km)
    with CaptureQueriesContext(connection) as weinig:
        assert casemanager.get(pad).status_code == 200
    maak_dossiers(gemeente_a, 80, VANDAAG, casemanager=km, start=3000)
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        assert casemanager.get(f"{pad}?sorteer=laatste_contact").status_code == 200
    with django_assert_max_num_queries(14):
        assert casemanager.get(f"{pad}?te_laat=on&caseload=actief").status_code == 200


def test_a_medisch_user_sees_the_list_without_the_worklist(gemeente_a, make_user, client):
    from vangnet.organisations.constants import Product

    maak_dossiers(gemeente_a, 2, VANDAAG)
    make_user(gemeente_a, "arts", machtigingen=(Product.MEDISCH,))
    client.login(username="arts", password=PASSWORD)
    html = client.get("/gemeente/dossiers/").content.decode()
    assert '<span data-testid="aantal-dossiers">2</span>' in html
    assert 'data-testid="te-late-taken"' not in html
    assert "Laatste contact" not in html
