"""Benchmark: the LKS-toets against a DKD of N persons (default 1,000,000), and the daily publication.

Per database (a fresh, empty one each), every step in a fresh process:

1. setup: migrate, the 342 gemeenten, the cached verzamelbestand of N persons (one LKS provision
   each, 2025) delivered for GM0344 with the real ``lever_aan`` (its time is printed), a UWV API
   key with the machtiging lks_toets, 50,000 pending signals spread over all gemeenten (one user
   per gemeente who receives the e-mail), and a sample of 10,000 BSNs: 8,000 from the file,
   2,000 that are not in it;
2. bare SQL: the toets's own look-up (``toets._bronnen_sql``: batch provisions and webservice
   entries of the verwijsindex in one query) for the 10,000 BSNs, sorted and in the
   service's chunks, through the raw driver (sqlite3 / psycopg, no Django): best and median of 5
   rounds after a warm-up. The plan of every chunk is checked for a sequential scan and the last
   is printed: EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, with whether the tables have statistics
   (without them the planner scans every person), EXPLAIN QUERY PLAN on SQLite;
3. API batch: gunicorn with the production settings (vangnet.conf.gunicorn) on loopback,
   ``POST /api/v1/lks-toetsen`` with the list of 10,000 (warm-up first), best and median of 5;
   the answer must hold 10,000 items, 8,000 'ja'.
   Target: API median at most 2x the bare SQL median;
4. concurrency: 20 clients, each a keep-alive HTTP connection, send single toetsen (random
   sample BSNs, each the moment the last is answered) for --duur seconds after a warm-up: p50,
   p95, p99 and throughput. The clients run in 4 processes of 5 connections, each sending
   pre-built requests from one selector loop, so that the load generator shares no GIL with
   itself and uses little CPU: what is measured is the server. Target: p95 under 20 ms. For
   reference the same with 1 client (the service time alone), and for both the CPU time per
   toets of the gunicorn workers, the PostgreSQL backends (read from /proc) and the clients;
5. publication: a baseline first (the raw SELECT of the pending signals ordered by gemeente and
   time, and building every gemeente's CSV text in plain Python), then ``publiceer_signaalrapporten()``
   over the 50,000 pending signals, checked afterwards: 342 reports, every signal in one.
   Target: under 2 s.

    .venv/bin/python bench/lks_toets.py [--databases sqlite,postgresql] [--personen N] [--duur S]

A quick run: ``--personen 100000 --duur 5``. The file is cached under var/bench/ (generated when
missing). Run it on an otherwise idle machine: the load average is printed before and after.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import dkd_ingest  # noqa: E402  (the generator, environments and helpers of the ingest benchmark)

from vangnet.conf import gunicorn as gunicorn_conf  # noqa: E402

ROOT = dkd_ingest.ROOT
URL_PATH = "/api/v1/lks-toetsen"
SAMPLE_IN_FILE = 8_000
SAMPLE_NOT_IN_FILE = 2_000
SIGNALEN = 50_000
ROUNDS = 5
CLIENTS = 20
CLIENT_PROCESSEN = 4  # the clients' connections are spread over this many processes
# As in production: vangnet.conf.gunicorn (a process per core, two threads each, kept-alive connections).
GUNICORN = ("--config", "python:vangnet.conf.gunicorn")
WORKERS = gunicorn_conf.workers
DATUM_EINDE = "2026-06-30"  # window 2024-06-30 .. 2026-06-30 holds the file's provision of 2025
TARGET_API_RATIO = 2.0
TARGET_P95_MS = 20.0
TARGET_PUBLICATIE_S = 2.0


# --- 1. setup, in its own process ----------------------------------------------------------------------


def setup(path: Path, personen: int, werkmap: Path) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.conf.base")
    django.setup()
    from django.core.management import call_command

    from vangnet.hub.constants import Kanaal
    from vangnet.hub.dkd.ingest import Afzender, lever_aan
    from vangnet.hub.models import DkdPersoon, DkdVoorziening, Signaal
    from vangnet.hub.signalen import toets
    from vangnet.organisations.constants import OrganisatieType, Product
    from vangnet.organisations.models import Organisatie
    from vangnet.organisations.services import (
        create_api_key,
        ensure_gemeente_organisaties,
        ensure_organisatie,
        ensure_products,
    )

    call_command("migrate", verbosity=0)
    ensure_gemeente_organisaties()
    ensure_products()
    gemeente = Organisatie.objects.get(gemeentecode="GM0344")
    started = time.perf_counter()
    with path.open("rb") as bestand:
        resultaat = lever_aan(Afzender(gemeente, Kanaal.CLI), bestand)
    ingest_s = time.perf_counter() - started

    uwv = ensure_organisatie("UWV", OrganisatieType.UWV)
    sleutel = create_api_key(uwv, "LKS-toets benchmark", [Product.LKS_TOETS])
    started = time.perf_counter()
    _maak_signalen(uwv, SIGNALEN)
    signalen_s = time.perf_counter() - started

    bsns = _sample(personen)
    chunk = toets._CHUNK
    sizes = {len(bsns[i : i + chunk]) for i in range(0, len(bsns), chunk)}
    sample = {
        "key": sleutel.plain_key,
        "bsns": bsns,
        "in_file": min(SAMPLE_IN_FILE, personen),
        "chunk": chunk,
        "sql": {str(n): toets._bronnen_sql(n) for n in sizes},
        "tabellen": [DkdPersoon._meta.db_table, DkdVoorziening._meta.db_table],
        "signaal_tabel": Signaal._meta.db_table,
    }
    (werkmap / "sample.json").write_text(json.dumps(sample))
    return {
        "ingest": ingest_s,
        "personen": resultaat.aanlevering.aantal_geaccepteerd,
        "signalen_s": signalen_s,
        "rss_mb": dkd_ingest.peak_rss_mb(),
    }


def _sample(personen: int) -> list[str]:
    """8,000 BSNs spread evenly over the file and the 2,000 that follow them in the generator, shuffled."""
    step = max(1, personen // SAMPLE_IN_FILE)
    in_file, not_in_file = [], []
    for index, nummer in enumerate(dkd_ingest.synthetic_bench_bsns(personen + SAMPLE_NOT_IN_FILE)):
        if index >= personen:
            not_in_file.append(nummer)
        elif index % step == 0 and len(in_file) < SAMPLE_IN_FILE:
            in_file.append(nummer)
    bsns = in_file + not_in_file
    random.Random(5).shuffle(bsns)  # noqa: S311 - a fixed order, not a secret
    return bsns


def _maak_signalen(uwv, aantal: int) -> None:
    """Meldingen with their pending signals, round-robin over the gemeenten, made yesterday; one
    user per gemeente with the machtiging lks_reintegratie_ophalen, who gets the e-mail."""
    from django.utils import timezone

    from vangnet.hub.constants import MeldingType
    from vangnet.hub.models import Melding, Signaal
    from vangnet.organisations.constants import OrganisatieType, Product
    from vangnet.organisations.models import Gebruiker, Organisatie

    gemeenten = list(Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).order_by("gemeentecode"))
    Gebruiker.objects.bulk_create(
        Gebruiker(username=f"ophaler-{g.gemeentecode}", email=f"ophaler@{g.gemeentecode}.example", organisatie=g)
        for g in gemeenten
    )
    koppeling = Gebruiker.machtigingen.through
    koppeling.objects.bulk_create(
        koppeling(gebruiker_id=pk, productmachtiging_id=Product.LKS_REINTEGRATIE_OPHALEN)
        for pk in Gebruiker.objects.filter(organisatie__in=gemeenten).values_list("pk", flat=True)
    )
    gisteren = timezone.now() - timedelta(days=1)
    Melding.objects.bulk_create(
        (
            Melding(
                afzender=uwv,
                kenmerk=f"BENCH-{i:06d}",
                type=MeldingType.ZIEK_UIT_DIENST,
                bsn=nummer,
                gemeente=gemeenten[i % len(gemeenten)],
                datum_einde_arbeidsverhouding=date(2026, 10, 31),
                datum_eerste_ao_dag=date(2026, 10, 15),
                is_open=False,
                inhoud_sha256=f"{i:064x}",
                ontvangen_op=gisteren + timedelta(milliseconds=i),
            )
            for i, nummer in enumerate(dkd_ingest.synthetic_bench_bsns(aantal))
        ),
        batch_size=2000,
    )
    meldingen = Melding.objects.filter(kenmerk__startswith="BENCH-").values_list(
        "pk", "gemeente_id", "bsn", "datum_einde_arbeidsverhouding", "datum_eerste_ao_dag", "ontvangen_op"
    )
    Signaal.objects.bulk_create(
        (
            Signaal(
                melding_id=pk,
                gemeente_id=gemeente_id,
                bsn=nummer,
                datum_einde_arbeidsverhouding=einde,
                datum_eerste_ao_dag=ao,
                aangemaakt_op=moment,
            )
            for pk, gemeente_id, nummer, einde, ao, moment in meldingen
        ),
        batch_size=2000,
    )


# --- 2. the bare SQL of the look-up, in its own process ------------------------------------------------


def _connect(database: str, werkmap: Path):
    if database == "sqlite":
        import sqlite3

        return sqlite3.connect(werkmap / "vangnet.sqlite3")
    import psycopg

    return psycopg.connect(os.environ["BENCH_DATABASE_URL"].replace("postgres://", "postgresql://", 1))


def _params(deel: list[str]) -> list[str]:
    """The parameters of toets._bronnen_sql: the BSNs for each source, and the webservice source."""
    return [*deel, *deel, "webservice"]


def bare_sql(database: str, werkmap: Path) -> dict:
    sample = json.loads((werkmap / "sample.json").read_text())
    bsns = sorted(set(sample["bsns"]))  # as the service does
    chunks = [bsns[i : i + sample["chunk"]] for i in range(0, len(bsns), sample["chunk"])]
    placeholder = "?" if database == "sqlite" else "%s"
    sql = {int(n): text.replace("%s", placeholder) for n, text in sample["sql"].items()}
    conn = _connect(database, werkmap)
    cursor = conn.cursor()

    def one_round() -> int:
        rows = 0
        for deel in chunks:
            cursor.execute(sql[len(deel)], _params(deel))
            rows += len(cursor.fetchall())
        return rows

    rows = one_round()  # warm-up
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        one_round()
        times.append(time.perf_counter() - started)
    # Every chunk's plan is checked; the one shown is the last, the chunk with the most hits (the
    # BSNs not in the file come lowest in the generator's sequence, so in the first chunks).
    plans = []
    for deel in chunks:
        if database == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql[len(deel)], _params(deel))
            plans.append([row[-1] for row in cursor.fetchall()])
        else:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql[len(deel)], _params(deel))
            plans.append([row[0] for row in cursor.fetchall()])
    plan = plans[-1]
    if database == "sqlite":
        full_scan = any(line.startswith("SCAN") and "INDEX" not in line for p in plans for line in p)
        statistieken = ""
    else:
        full_scan = any("Seq Scan" in line for p in plans for line in p)
        cursor.execute(
            "SELECT relname, n_live_tup, last_analyze IS NOT NULL, last_autoanalyze IS NOT NULL "
            "FROM pg_stat_user_tables WHERE relname = ANY(%s) ORDER BY relname",
            [sample["tabellen"]],
        )
        statistieken = "; ".join(
            f"{naam}: {n:,} rows, analyzed {'yes' if handmatig or auto else 'NO'}"
            + (" (autovacuum)" if auto and not handmatig else "")
            for naam, n, handmatig, auto in cursor.fetchall()
        )
    conn.close()
    return {
        "best": min(times),
        "median": statistics.median(times),
        "rows": rows,
        "chunks": len(chunks),
        "plan": plan,
        "full_scan": full_scan,
        "statistieken": statistieken,
    }


# --- 3 and 4. the API under gunicorn, in its own process ------------------------------------------------


def api(werkmap: Path, duur: float) -> dict:
    sample = json.loads((werkmap / "sample.json").read_text())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "vangnet.conf.base"
    env["VANGNET_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    env["VANGNET_SECRET_KEY"] = uuid.uuid4().hex * 2
    env["VANGNET_DEBUG"] = "false"
    log = (werkmap / "gunicorn.log").open("wb")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "vangnet.wsgi:application", *GUNICORN, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wacht_op(server, port, werkmap)
        batch = _batch(port, sample)
        processen = {"gunicorn": _kinderen(server.pid), "database": _database_backends()}
        enkel = _gelijktijdig(port, sample, 1, min(duur, 5.0), processen)
        gelijktijdig = _gelijktijdig(port, sample, CLIENTS, duur, processen)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    return {"batch": batch, "enkel": enkel, "gelijktijdig": gelijktijdig, "gestopt": server.returncode}


def _wacht_op(server: subprocess.Popen, port: int, werkmap: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped:\n" + (werkmap / "gunicorn.log").read_text())
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/api/v1")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
        finally:
            conn.close()
    sys.exit("gunicorn did not answer within 60 s")


def _post(port: int, key: str, body: bytes) -> tuple[float, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{URL_PATH}",
        data=body,
        method="POST",
        headers={"X-Api-Key": key, "Content-Type": "application/json", "Accept": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 - http on loopback
        answer = response.read()
    return time.perf_counter() - started, answer


def _batch(port: int, sample: dict) -> dict:
    body = json.dumps([{"bsn": b, "datum_einde_arbeidsverhouding": DATUM_EINDE} for b in sample["bsns"]]).encode()
    with ThreadPoolExecutor(WORKERS) as pool:  # warm every worker: URLconf, connection, caches
        list(pool.map(lambda _i: _post(port, sample["key"], body), range(WORKERS)))
    _post(port, sample["key"], body)
    times = []
    for _ in range(ROUNDS):
        seconds, answer = _post(port, sample["key"], body)
        times.append(seconds)
    items = json.loads(answer)
    ja = sum(1 for item in items if item["lks_betaald"] == "ja")
    if len(items) != len(sample["bsns"]) or ja != sample["in_file"]:
        sys.exit(f"wrong answer: {len(items)} items, {ja} 'ja' (expected {len(sample['bsns'])}, {sample['in_file']})")
    return {
        "best": min(times),
        "median": statistics.median(times),
        "items": len(items),
        "ja": ja,
        "bytes_in": len(body),
        "bytes_out": len(answer),
    }


def _cpu_seconden(pids: list[int]) -> float:
    """User + system CPU time of these processes (Linux /proc); gone processes count as 0."""
    total = 0
    for pid in pids:
        try:
            velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(velden[11]) + int(velden[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def _kinderen(ouder: int) -> list[int]:
    kinderen = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == ouder:
                kinderen.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return kinderen


def _database_backends() -> list[int]:
    """The PostgreSQL server processes serving the gunicorn workers; none for SQLite (it runs in the workers)."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return []
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def _gelijktijdig(port: int, sample: dict, clients: int, duur: float, processen: dict[str, list[int]]) -> dict:
    """Closed loop: every client sends the next toets as soon as it has the answer to the last.

    The clients are keep-alive connections spread over a few processes (CLIENT_PROCESSEN), each
    sending pre-built requests from one selector loop, so that the load generator neither shares
    a GIL nor spends much CPU: what is measured is the server.
    """
    verzoeken = _verzoeken(port, sample)
    aantal = min(CLIENT_PROCESSEN, clients)
    verbindingen = [clients // aantal + (1 if i < clients % aantal else 0) for i in range(aantal)]
    begin = time.perf_counter() + 3  # warm-up
    einde = begin + duur
    with multiprocessing.get_context("fork").Pool(aantal) as pool:
        lopend = pool.starmap_async(
            _client_proces, [(port, verzoeken, n, i, begin, einde) for i, n in enumerate(verbindingen)]
        )
        time.sleep(max(0.0, begin - time.perf_counter()))
        cpu_voor = {naam: _cpu_seconden(pids) for naam, pids in processen.items()}
        time.sleep(max(0.0, einde - time.perf_counter()))
        cpu_na = {naam: _cpu_seconden(pids) for naam, pids in processen.items()}
        uitkomsten = lopend.get(timeout=duur + 60)
    gemeten = sorted(dt for latencies, _cpu, _fouten in uitkomsten for dt in latencies)
    fouten = sum(f for _l, _cpu, f in uitkomsten)
    if fouten or not gemeten:
        sys.exit(f"{fouten} single toetsen failed, {len(gemeten)} measured")
    cpu_ms = {naam: (cpu_na[naam] - cpu_voor[naam]) * 1000 / len(gemeten) for naam in cpu_na}
    cpu_ms["client"] = sum(cpu for _l, cpu, _f in uitkomsten) * 1000 / len(gemeten)

    def pct(p: float) -> float:
        return gemeten[min(len(gemeten) - 1, int(p / 100 * len(gemeten)))] * 1000

    return {
        "clients": clients,
        "n": len(gemeten),
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "max": gemeten[-1] * 1000,
        "per_s": len(gemeten) / duur,
        "cpu_ms": cpu_ms,
    }


def _verzoeken(port: int, sample: dict) -> list[bytes]:
    """One complete HTTP request per sample BSN: a single toets."""
    verzoeken = []
    for nummer in sample["bsns"]:
        body = json.dumps({"bsn": nummer, "datum_einde_arbeidsverhouding": DATUM_EINDE}).encode()
        kop = (
            f"POST {URL_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Api-Key: {sample['key']}\r\n"
            f"Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        verzoeken.append(kop.encode() + body)
    return verzoeken


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length: *(\d+)", re.IGNORECASE)
_CONNECTION_CLOSE = re.compile(rb"\r\nconnection: *close", re.IGNORECASE)


def _client_proces(
    port: int, verzoeken: list[bytes], verbindingen: int, seed: int, begin: float, einde: float
) -> tuple[list[float], float, int]:
    """Connections that each send a random toets as soon as they have the last answer, until einde
    (kept alive unless the server closes them; then the next toets opens a new one, and its time
    counts): the latencies of the answers that came between begin and einde, the CPU seconds this
    process spent in that time, and the number of answers other than 200."""
    rnd = random.Random(seed)  # noqa: S311 - load, not secrets
    kiezer = selectors.DefaultSelector()

    def stuur(verbinding: socket.socket | None, verzonden: float) -> None:
        if verbinding is None:
            verbinding = socket.create_connection(("127.0.0.1", port), timeout=30)
            verbinding.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            kiezer.register(verbinding, selectors.EVENT_READ, [bytearray(), verzonden])
        kiezer.get_key(verbinding).data[1] = verzonden
        verbinding.sendall(rnd.choice(verzoeken))

    for _ in range(verbindingen):
        stuur(None, time.perf_counter())
    latencies: list[float] = []
    fouten = 0
    cpu_begin = cpu_einde = None
    while True:
        nu = time.perf_counter()
        if cpu_begin is None and nu >= begin:
            cpu_begin = time.process_time()
        if nu >= einde:
            cpu_einde = time.process_time()
            break
        for sleutel, _event in kiezer.select(timeout=1):
            verbinding, (buffer, verzonden) = sleutel.fileobj, sleutel.data
            buffer += verbinding.recv(65536)
            kop_einde = buffer.find(b"\r\n\r\n")
            lengte = _CONTENT_LENGTH.search(buffer, 0, kop_einde) if kop_einde >= 0 else None
            if lengte is None or len(buffer) < kop_einde + 4 + int(lengte.group(1)):
                continue  # the answer is not complete yet
            klaar = time.perf_counter()
            if begin <= klaar <= einde:
                latencies.append(klaar - verzonden)
                fouten += buffer[9:12] != b"200"
            sluit = _CONNECTION_CLOSE.search(buffer, 0, kop_einde) is not None
            buffer.clear()
            if sluit:
                kiezer.unregister(verbinding)
                verbinding.close()
            stuur(None if sluit else verbinding, time.perf_counter())
    for sleutel in list(kiezer.get_map().values()):
        sleutel.fileobj.close()
    return latencies, (cpu_einde or 0.0) - (cpu_begin or 0.0), fouten


# --- 5. publication and its baseline, each in its own process ------------------------------------------


def publicatie_baseline(database: str, werkmap: Path) -> dict:
    """The raw SELECT of the pending signals in report order, and every gemeente's CSV text in plain Python."""
    sample = json.loads((werkmap / "sample.json").read_text())
    grens = datetime.now(UTC) + timedelta(days=1)
    conn = _connect(database, werkmap)
    placeholder = "?" if database == "sqlite" else "%s"
    started = time.perf_counter()
    cursor = conn.cursor()
    cursor.execute(
        "SELECT gemeente_id, id, bsn, datum_einde_uitkeringsverhouding, datum_einde_arbeidsverhouding, "
        f"datum_eerste_ao_dag FROM {sample['signaal_tabel']} WHERE rapport_id IS NULL AND aangemaakt_op < "
        f"{placeholder} ORDER BY gemeente_id, aangemaakt_op, id",
        [grens.strftime("%Y-%m-%d %H:%M:%S") if database == "sqlite" else grens],
    )
    rows = cursor.fetchall()
    selected = time.perf_counter()
    per_gemeente: dict[int, list[str]] = {}
    for gemeente_id, _pk, nummer, uitkering, arbeid, ao in rows:
        regels = per_gemeente.setdefault(
            gemeente_id, ["BSN;Datum einde uitkeringsverhouding;Datum einde arbeidsverhouding;Datum eerste AO-dag"]
        )
        regels.append(f"{nummer};{_cel(uitkering)};{_cel(arbeid)};{_cel(ao)}")
    bestanden = {g: ("\r\n".join(regels) + "\r\n").encode() for g, regels in per_gemeente.items()}
    total = time.perf_counter() - started
    conn.close()
    return {
        "total": total,
        "select": selected - started,
        "signalen": len(rows),
        "gemeenten": len(bestanden),
        "bytes": sum(len(b) for b in bestanden.values()),
    }


def _cel(waarde: date | str | None) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, str):  # SQLite hands dates back as text
        return f"{waarde[8:10]}-{waarde[5:7]}-{waarde[0:4]}"
    return f"{waarde.day:02d}-{waarde.month:02d}-{waarde.year:04d}"


def publicatie(werkmap: Path) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.conf.base")
    django.setup()
    from vangnet.hub.models import Signaal, Signaalrapport
    from vangnet.hub.signalen.publicatie import publiceer_signaalrapporten
    from vangnet.organisations.constants import OrganisatieType
    from vangnet.organisations.models import Organisatie

    pending = Signaal.objects.filter(rapport__isnull=True).count()
    started = time.perf_counter()
    rapporten = publiceer_signaalrapporten()
    total = time.perf_counter() - started
    gemeenten = Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).count()
    gekoppeld = Signaal.objects.filter(rapport__isnull=False).count()
    in_rapporten = sum(Signaalrapport.objects.values_list("aantal_signalen", flat=True))
    verwacht = min(gemeenten, pending)
    if (
        len(rapporten) != verwacht
        or Signaalrapport.objects.count() != verwacht
        or not gekoppeld == pending == in_rapporten
    ):
        sys.exit(f"wrong publication: {len(rapporten)} reports (expected {verwacht}), {gekoppeld} of {pending} linked")
    return {
        "total": total,
        "signalen": pending,
        "rapporten": len(rapporten),
        "gekoppeld": gekoppeld,
        "rss_mb": dkd_ingest.peak_rss_mb(),
    }


# --- the driver ----------------------------------------------------------------------------------------


def run_child(phase: str, args: argparse.Namespace, database: str, werkmap: Path, env: dict[str, str]) -> dict:
    command = [
        sys.executable,
        __file__,
        "--fase",
        phase,
        "--databases",
        database,
        "--werkmap",
        str(werkmap),
        "--personen",
        str(args.personen),
        "--duur",
        str(args.duur),
        "--bestand",
        str(args.bestand),
    ]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{phase} on {database} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def child_env(database: str, werkmap: Path) -> tuple[dict[str, str], str | None]:
    """The environment of the ingest benchmark, with a database of our own (vn_bench_...) on PostgreSQL."""
    env, _none = dkd_ingest.child_env("sqlite", werkmap.parent)
    env["VANGNET_VAR_DIR"] = str(werkmap)
    env["DJANGO_SETTINGS_MODULE"] = "vangnet.conf.base"
    if database == "sqlite":
        return env, None
    import psycopg

    name = f"vn_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dkd_ingest.POSTGRES_URL.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = dkd_ingest.POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    env["DATABASE_URL"] = url
    env["BENCH_DATABASE_URL"] = url
    return env, name


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personen", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--duur", type=float, default=15.0, help="seconds of the concurrency test")
    parser.add_argument("--fase", choices=["setup", "sql", "api", "baseline", "publicatie"], help=argparse.SUPPRESS)
    parser.add_argument("--bestand", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--werkmap", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fase is not None:
        phases = {
            "setup": lambda: setup(args.bestand, args.personen, args.werkmap),
            "sql": lambda: bare_sql(args.databases, args.werkmap),
            "api": lambda: api(args.werkmap, args.duur),
            "baseline": lambda: publicatie_baseline(args.databases, args.werkmap),
            "publicatie": lambda: publicatie(args.werkmap),
        }
        print(json.dumps(phases[args.fase]()))
        return

    sys.path.insert(0, str(ROOT / "src"))
    cache = ROOT / "var" / "bench"
    cache.mkdir(parents=True, exist_ok=True)
    args.bestand = cache / f"verzamelbestand-{args.personen}.xml"
    if not args.bestand.exists():
        started = time.perf_counter()
        dkd_ingest.generate(args.bestand, args.personen)
        print(
            f"generated {args.bestand.name}: {args.bestand.stat().st_size / 1e6:.0f} MB "
            f"in {time.perf_counter() - started:.1f} s"
        )
    print(
        f"file: {args.personen:,} persons, {args.bestand.stat().st_size / 1e6:.0f} MB; "
        f"machine: {os.cpu_count()} cores; before: {load()}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for database in args.databases.split(","):
            werkmap = Path(tmp) / database
            werkmap.mkdir()
            env, name = child_env(database, werkmap)
            try:
                figures = {
                    phase: run_child(phase, args, database, werkmap, env)
                    for phase in ("setup", "sql", "api", "baseline", "publicatie")
                }
            finally:
                dkd_ingest.drop_database(name)
            report(database, args.personen, figures)
    print(f"\nafter: {load()}")


def _verdict(met: bool) -> str:
    return "target met" if met else "target NOT met"


def report(database: str, personen: int, figures: dict) -> None:
    setup_, sql, api_, base, pub = (figures[p] for p in ("setup", "sql", "api", "baseline", "publicatie"))
    batch, enkel, samen = api_["batch"], api_["enkel"], api_["gelijktijdig"]
    print(f"\n{database}")
    print(
        f"  setup       ingest of {setup_['personen']:,} persons {setup_['ingest']:.1f} s "
        f"({personen / setup_['ingest']:,.0f} records/s, peak RSS {setup_['rss_mb']:.0f} MB); "
        f"{SIGNALEN:,} signals made in {setup_['signalen_s']:.1f} s"
    )
    print(
        f"  bare SQL    10,000 BSNs in {sql['chunks']} chunks: best {sql['best'] * 1000:.0f} ms, "
        f"median {sql['median'] * 1000:.0f} ms ({sql['rows']:,} LKS rows)"
    )
    if sql["statistieken"]:
        print(f"  statistics  {sql['statistieken']}")
    print(
        "  plan of one chunk" + (" -- a sequential scan in a chunk's plan" if sql["full_scan"] else " (index look-ups)")
    )
    for line in sql["plan"]:
        print("    " + re.sub(r"'\{[^}]{60,}\}'", "'{...}'", line))  # not the 2,000 BSNs of the chunk
    ratio = batch["median"] / sql["median"]
    print(
        f"  API batch   10,000 toetsen: best {batch['best'] * 1000:.0f} ms, median {batch['median'] * 1000:.0f} ms "
        f"({batch['ja']:,} ja; {batch['bytes_in'] / 1e6:.1f} MB in, {batch['bytes_out'] / 1e6:.1f} MB out)"
    )
    print(f"  ratio       {ratio:.2f}x bare SQL (target <= {TARGET_API_RATIO}x): {_verdict(ratio <= TARGET_API_RATIO)}")
    for figuren in (enkel, samen):
        print(
            f"  {figuren['clients']:>2} client{'s' if figuren['clients'] > 1 else ' '}  "
            f"p50 {figuren['p50']:.1f} ms, p95 {figuren['p95']:.1f} ms, p99 {figuren['p99']:.1f} ms, "
            f"max {figuren['max']:.0f} ms; {figuren['per_s']:,.0f} toetsen/s ({figuren['n']:,} measured)"
        )
        cpu = figuren["cpu_ms"]
        print(
            f"              CPU per toets: gunicorn {cpu['gunicorn']:.2f} ms"
            + (f", PostgreSQL {cpu['database']:.2f} ms" if database == "postgresql" else "")
            + f", client {cpu['client']:.2f} ms"
        )
    print(
        f"  single      p95 {samen['p95']:.1f} ms with {CLIENTS} clients (target < {TARGET_P95_MS:.0f} ms): "
        f"{_verdict(samen['p95'] < TARGET_P95_MS)}; gunicorn stopped with exit code {api_['gestopt']}"
    )
    print(
        f"  baseline    SELECT of {base['signalen']:,} pending signals {base['select'] * 1000:.0f} ms + CSV text "
        f"for {base['gemeenten']} gemeenten = {base['total'] * 1000:.0f} ms"
    )
    print(
        f"  publication {pub['signalen']:,} signals -> {pub['rapporten']} reports: {pub['total']:.2f} s "
        f"({pub['total'] / base['total']:.1f}x baseline; target < "
        f"{TARGET_PUBLICATIE_S:.0f} s): {_verdict(pub['total'] < TARGET_PUBLICATIE_S)}"
    )


if __name__ == "__main__":
    main()
