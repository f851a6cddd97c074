"""A database made before the gemeente side moved into one package migrates to the new layout without loss.

Before the move the koppeling's models (GemeenteKoppeling, DkdLevering, OpgehaaldRapport,
WebhookOntvangst) belonged to the register's app ``gemeente_lks``. The test goes back to that
state, stores rows as the old code did, migrates forward, and reads them through the new models.
"""

import uuid
from datetime import UTC, datetime

import pytest

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vangnet.gemeente.koppeling.models import DkdLevering, GemeenteKoppeling, OpgehaaldRapport, WebhookOntvangst

VOOR_DE_VERHUIZING = [("gemeente_lks", "0001_lks_register"), ("gemeente_koppeling", None)]
MOMENT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _migreer(doel) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(doel)


def _naar_de_laatste_stand() -> None:
    _migreer(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.fixture
def terug_naar_voor_de_verhuizing(transactional_db):
    try:
        _migreer(VOOR_DE_VERHUIZING)
        yield MigrationExecutor(connection).loader.project_state([VOOR_DE_VERHUIZING[0]]).apps
    finally:
        _naar_de_laatste_stand()


def test_the_koppeling_rows_of_an_old_database_survive_the_move(terug_naar_voor_de_verhuizing):
    oude_apps = terug_naar_voor_de_verhuizing
    Organisatie = oude_apps.get_model("organisations", "Organisatie")
    gemeente = Organisatie.objects.create(naam="Utrecht", type="gemeente", gemeentecode="GM0344")
    oud = {naam: oude_apps.get_model("gemeente_lks", naam) for naam in ("GemeenteKoppeling", "DkdLevering")}
    oud["GemeenteKoppeling"].objects.create(gemeente=gemeente, hub_url="https://hub.example", laatste_volgnummer=17)
    levering = oud["DkdLevering"].objects.create(
        gemeente=gemeente, gestart_op=MOMENT, kanaal="cli", status="geaccepteerd", volgnummer=17
    )
    rapport = uuid.uuid4()
    oude_apps.get_model("gemeente_lks", "OpgehaaldRapport").objects.create(
        gemeente=gemeente, rapport=rapport, opgehaald_op=MOMENT, wijze="webhook", status="ingelezen"
    )
    oude_apps.get_model("gemeente_lks", "WebhookOntvangst").objects.create(
        gemeente=gemeente, bericht_id="msg_1", tijdstip=1764493200, ontvangen_op=MOMENT
    )
    oud_type_id = ContentType.objects.get_or_create(app_label="gemeente_lks", model="dkdlevering")[0].pk

    _naar_de_laatste_stand()

    assert GemeenteKoppeling.objects.get().laatste_volgnummer == 17
    assert DkdLevering.objects.get().uuid == levering.uuid
    assert OpgehaaldRapport.objects.get().rapport == rapport
    assert WebhookOntvangst.objects.get().bericht_id == "msg_1"
    assert GemeenteKoppeling._meta.db_table == "gemeente_koppeling_gemeentekoppeling"
    # The content type moved with its model, so permissions and admin history still point to it.
    assert ContentType.objects.get(pk=oud_type_id).app_label == "gemeente_koppeling"
