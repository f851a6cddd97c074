"""A delivery killed halfway leaves the previous set complete (real processes, real database files)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from tests.hub.factories import personen, verzamelbestand

VANGNET = Path(sys.executable).with_name("vangnet")
COUNTS = (
    "import json; from vangnet.hub.models import *; from vangnet.hub.dkd.verwijsindex import verwijzingen; "
    "print(json.dumps({'personen': DkdPersoon.objects.count(), "
    "'verwijsindex': len(verwijzingen(list(DkdPersoon.objects.values_list('bsn', flat=True)))), "
    "'volgnummers': sorted(set(DkdPersoon.objects.values_list('aanlevering__volgnummer', flat=True))), "
    "'verwerkt': sorted(DkdAanlevering.objects.filter(status='verwerkt').values_list('volgnummer', flat=True))}))"
)


@pytest.fixture
def database_env(tmp_path):
    """An environment for `vangnet` subprocesses with a database of their own, like the suite's engine."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env["VANGNET_VAR_DIR"] = str(tmp_path / "var")
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith("postgres"):
        yield env
        return
    name = f"vangnet_kill_{uuid.uuid4().hex[:8]}"
    admin_url = suite_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = suite_url.rsplit("/", 1)[0] + "/" + name
    yield env
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def vangnet(env, *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(VANGNET), *args], env=env, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, result.stderr
    return result


def counts(env) -> dict:
    return json.loads(vangnet(env, "shell", "--verbosity", "0", "-c", COUNTS).stdout)


def test_killing_the_ingest_halfway_leaves_the_previous_set(database_env, tmp_path):
    vangnet(database_env, "migrate", "--verbosity", "0")
    vangnet(
        database_env,
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from vangnet.organisations.services import ensure_gemeente_organisaties as e; e()",
    )
    eerste = tmp_path / "eerste.xml"
    eerste.write_bytes(verzamelbestand("GM0344", 1, personen(2000)))
    vangnet(database_env, "dkd-aanleveren", str(eerste), "--organisatie", "GM0344", "--stil")
    assert counts(database_env) == {"personen": 2000, "verwijsindex": 2000, "volgnummers": [1], "verwerkt": [1]}

    tweede = verzamelbestand("GM0344", 2, personen(30000, start=5000))
    fifo = tmp_path / "tweede.xml"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [str(VANGNET), "dkd-aanleveren", str(fifo), "--organisatie", "GM0344", "--stil"],
        env=database_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    with fifo.open("wb") as pipe:
        # The pipe holds 64 KiB, so once this write returns the ingest has read, parsed and
        # loaded most of it inside its transaction: thousands of rows, several batches.
        pipe.write(tweede[: len(tweede) * 7 // 10])
        pipe.flush()
        process.kill()
        process.wait(timeout=30)
    assert process.returncode != 0

    assert counts(database_env) == {"personen": 2000, "verwijsindex": 2000, "volgnummers": [1], "verwerkt": [1]}

    # Nothing is left locked or half-written: the same file now goes through whole.
    compleet = tmp_path / "tweede-compleet.xml"
    compleet.write_bytes(tweede)
    vangnet(database_env, "dkd-aanleveren", str(compleet), "--organisatie", "GM0344", "--stil")
    assert counts(database_env) == {"personen": 30000, "verwijsindex": 30000, "volgnummers": [2], "verwerkt": [1, 2]}
