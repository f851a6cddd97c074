"""Benchmark: ingest of a verzamelbestand of N persons (default 1,000,000) on SQLite and PostgreSQL.

Prints, per database, the full ingest (validation, storage and verwijsindex included) beside a
baseline measured in the same run on the same file: lxml iterparse of the file, a raw bulk load
of the same rows into unindexed tables (one executemany transaction on SQLite, COPY on
PostgreSQL) and building the BSN indexes afterwards. Each measurement runs in a fresh process,
so its peak RSS is its own. Target: ingest <= 2x baseline, peak RSS < 300 MB.

    .venv/bin/python bench/dkd_ingest.py [--personen N] [--databases sqlite,postgresql]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("VANGNET_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
TARGET_RATIO = 2.0
TARGET_RSS_MB = 300


def synthetic_bench_bsns(count: int):
    """Valid BSNs for load tests: the BRP test block 999xxxxxx first, then further down the 99-block.

    The domain's synthetic_bsn covers only 999xxxxxx (about 91,000 numbers); a million
    persons need more, and these files never leave the benchmark.
    """
    from stdnum.nl import bsn

    made = 0
    prefix = 99_999_999
    while made < count:
        digits = f"{prefix:08d}"
        check = bsn.checksum(digits + "0")
        if check != 10:
            candidate = digits + str(check)
            if bsn.is_valid(candidate):
                yield candidate
                made += 1
        prefix -= 1


def generate(path: Path, personen: int) -> None:
    from vangnet.domain.verzamelbestand import Bron, Kop, Persoon, Relatie, Voorziening, schrijf_verzamelbestand

    bron = Bron(cd_kolom=3, cd_partij="0344")
    relaties = (Relatie(bron=bron),)
    voorziening = (Voorziening(relatie=0, begin=date(2025, 1, 1), einde=date(2025, 12, 31), cd_type="05",
                               perc_loonwaarde="+06000", is_lks=True),)  # fmt: skip
    mensen = (
        Persoon(positie=i + 1, bsn=nummer, achternaam="Testpersoon", relaties=relaties, voorzieningen=voorziening)
        for i, nummer in enumerate(synthetic_bench_bsns(personen))
    )
    kop = Kop("GM0344", date(2026, 11, 20), 1, "GSDDossierReintegratie-v0200", "Reintegratie")
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as doel:
        schrijf_verzamelbestand(doel, kop, mensen)
    tmp.rename(path)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the baseline, in its own process ------------------------------------------------------------------


def baseline(path: Path, database: str) -> dict[str, float]:
    from lxml import etree

    started = time.perf_counter()
    personen, voorzieningen = [], []
    for positie, (_event, element) in enumerate(etree.iterparse(str(path), tag="ClientSuwi"), start=1):
        nummer = achternaam = None
        for child in element:
            if child.tag == "Burgerservicenr":
                nummer = child.text
            elif child.tag == "SignificantDeelVanDeAchternaam":
                achternaam = child.text
            elif child.tag == "AtlRelatie":
                for rv in child.iterchildren("ReIntegratievoorziening"):
                    voorzieningen.append((positie, nummer, rv.findtext("DatBRv"), rv.findtext("DatERv")))
        personen.append((positie, nummer, achternaam or ""))
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    parsed = time.perf_counter()
    with _RawConnection(database) as (conn, kind):
        _raw_load(conn, kind, personen, voorzieningen)
        loaded = time.perf_counter()
        for table in ("bench_persoon", "bench_voorziening"):
            _raw_execute(conn, f"CREATE INDEX {table}_bsn ON {table} (bsn)")
        _raw_commit(conn)
        indexed = time.perf_counter()
    return {"parse": parsed - started, "load": loaded - parsed, "index": indexed - loaded,
            "total": indexed - started, "rss_mb": peak_rss_mb(), "personen": len(personen)}  # fmt: skip


class _RawConnection:
    def __init__(self, database: str) -> None:
        self.database = database

    def __enter__(self):
        if self.database == "sqlite":
            import sqlite3

            self.dir = tempfile.TemporaryDirectory()
            conn = sqlite3.connect(Path(self.dir.name) / "baseline.sqlite3", isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("BEGIN")
            kind = "sqlite"
        else:
            import psycopg

            conn = psycopg.connect(os.environ["BENCH_DATABASE_URL"].replace("postgres://", "postgresql://", 1))
            kind = "postgresql"
        _raw_execute(conn, "CREATE TABLE bench_persoon (positie integer, bsn varchar(9), achternaam varchar(200))")
        _raw_execute(conn, "CREATE TABLE bench_voorziening (positie integer, bsn varchar(9), begin_ varchar(8), "
                           "einde varchar(8))")  # fmt: skip
        self.conn = conn
        return conn, kind

    def __exit__(self, *exc: object) -> None:
        self.conn.close()
        if self.database == "sqlite":
            self.dir.cleanup()


def _raw_execute(conn, sql: str) -> None:
    conn.execute(sql)


def _raw_commit(conn) -> None:
    if hasattr(conn, "commit") and not hasattr(conn, "isolation_level"):
        conn.commit()
    else:
        conn.execute("COMMIT")


def _raw_load(conn, kind: str, personen: list, voorzieningen: list) -> None:
    if kind == "sqlite":
        conn.executemany("INSERT INTO bench_persoon VALUES (?, ?, ?)", personen)
        conn.executemany("INSERT INTO bench_voorziening VALUES (?, ?, ?, ?)", voorzieningen)
        return
    with conn.cursor() as cursor:
        with cursor.copy("COPY bench_persoon FROM STDIN") as copy:
            for row in personen:
                copy.write_row(row)
        with cursor.copy("COPY bench_voorziening FROM STDIN") as copy:
            for row in voorzieningen:
                copy.write_row(row)


# --- the full ingest, in its own process ---------------------------------------------------------------


def ingest(path: Path) -> dict[str, float]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.conf.base")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from vangnet.hub.constants import Kanaal
    from vangnet.hub.dkd.ingest import Afzender, lever_aan
    from vangnet.organisations.models import Organisatie
    from vangnet.organisations.services import ensure_gemeente_organisaties

    ensure_gemeente_organisaties()
    gemeente = Organisatie.objects.get(gemeentecode="GM0344")
    started = time.perf_counter()
    with path.open("rb") as bestand:
        resultaat = lever_aan(Afzender(gemeente, Kanaal.CLI), bestand)
    total = time.perf_counter() - started
    return {"total": total, "rss_mb": peak_rss_mb(), "personen": resultaat.aanlevering.aantal_geaccepteerd}


# --- the driver ----------------------------------------------------------------------------------------


def run_child(phase: str, path: Path, database: str, env: dict[str, str]) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--fase", phase, "--bestand", str(path), "--databases", database],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(f"{phase} on {database} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child_env(database: str, tmp: Path) -> tuple[dict[str, str], str | None]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["VANGNET_VAR_DIR"] = str(tmp / database)
    if database == "sqlite":
        return env, None
    import psycopg

    name = f"vangnet_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    env["DATABASE_URL"] = url
    env["BENCH_DATABASE_URL"] = url
    return env, name


def drop_database(name: str | None) -> None:
    if name is None:
        return
    import psycopg

    with psycopg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personen", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--fase", choices=["baseline", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--bestand", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fase == "baseline":
        print(json.dumps(baseline(args.bestand, args.databases)))
        return
    if args.fase == "ingest":
        print(json.dumps(ingest(args.bestand)))
        return

    sys.path.insert(0, str(ROOT / "src"))
    cache = ROOT / "var" / "bench"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"verzamelbestand-{args.personen}.xml"
    if not path.exists():
        started = time.perf_counter()
        generate(path, args.personen)
        print(f"generated {path.name}: {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - started:.1f} s")
    print(f"file: {args.personen:,} persons, {path.stat().st_size / 1e6:.0f} MB; machine: {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        for database in args.databases.split(","):
            env, name = child_env(database, Path(tmp))
            try:
                base = run_child("baseline", path, database, env)
                full = run_child("ingest", path, database, env)
            finally:
                drop_database(name)
            report(database, args.personen, base, full)


def report(database: str, personen: int, base: dict[str, float], full: dict[str, float]) -> None:
    ratio = full["total"] / base["total"]
    print(f"\n{database}")
    print(
        f"  baseline  {base['total']:7.1f} s  (parse {base['parse']:.1f} s, load {base['load']:.1f} s, "
        f"index {base['index']:.1f} s)  {personen / base['total']:>9,.0f} records/s  peak RSS {base['rss_mb']:.0f} MB"
    )
    print(
        f"  ingest    {full['total']:7.1f} s  {personen / full['total']:>46,.0f} records/s  "
        f"peak RSS {full['rss_mb']:.0f} MB  ({full['personen']:,} accepted)"
    )
    verdict = "met" if ratio <= TARGET_RATIO and full["rss_mb"] < TARGET_RSS_MB else "NOT met"
    print(f"  ratio     {ratio:.2f}x baseline (target <= {TARGET_RATIO}x, RSS < {TARGET_RSS_MB} MB): target {verdict}")
    # fmt: skip


if __name__ == "__main__":
    main()
