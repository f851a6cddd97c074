"""Benchmark: `vangnet demo`'s simulated year on a fresh SQLite database, against its floor.

In a process of its own and a fresh var directory: migrate, then the demo's users and simulated
year (vangnet.simulatie.demo.load_demo_data, as `vangnet demo --no-serve` runs them), counting every
database statement and every in-process API request. Then, in the same process and database, the
floor: the median time of the cheapest ORM query (one row by primary key) and of the cheapest
authenticated API request (GET /api/v1/mij through the simulation's in-process transport). The
floor of the year is its statements and requests at those prices; the ratio shows how much of the
year is its number of operations rather than the work in each. Target: the year under 60 s.

    .venv/bin/python bench/demo.py [--dagen 365] [--telling telling.json]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60.0
FLOOR_ROUNDS = 2_000


def child(dagen: int) -> None:
    """Runs in its own process, with VANGNET_VAR_DIR set by the parent."""
    start = time.perf_counter()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.conf.base")
    django.setup()
    from django.core import signals
    from django.core.management import call_command
    from django.db import connection

    from vangnet.simulatie.demo import load_demo_data

    statements = requests = 0

    def count_statement(execute: Callable[..., object], *args: object) -> object:
        nonlocal statements
        statements += 1
        return execute(*args)

    def count_request(**_kwargs: object) -> None:
        nonlocal requests
        requests += 1

    signals.request_started.connect(count_request)
    with connection.execute_wrapper(count_statement):
        call_command("migrate", interactive=False, verbosity=0)
        demo = load_demo_data(dagen=dagen)
    signals.request_started.disconnect(count_request)
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": seconds,
                "statements": statements,
                "requests": requests,
                "phases": demo.telling.fasen,
                "telling": {k: v for k, v in demo.telling.als_dict().items() if k not in ("seconden", "fasen")},
                "statement_floor": _statement_floor(),
                "request_floor": _request_floor(),
            }
        )
    )


def _median_seconds(action: Callable[[], object]) -> float:
    timings = []
    for _ in range(FLOOR_ROUNDS):
        begin = time.perf_counter()
        action()
        timings.append(time.perf_counter() - begin)
    return statistics.median(timings)


def _statement_floor() -> float:
    from vangnet.organisations.models import Organisatie

    pk = Organisatie.objects.values_list("pk", flat=True)[0]
    return _median_seconds(lambda: Organisatie.objects.filter(pk=pk).first())


def _request_floor() -> float:
    import httpx

    from django.conf import settings

    from vangnet.organisations.constants import OrganisatieType, Product
    from vangnet.organisations.models import Organisatie
    from vangnet.organisations.services import create_api_key
    from vangnet.simulatie.keten import Simulatienet, _zonder_verbindingen_sluiten

    gemeente = Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).order_by("pk").first()
    assert gemeente is not None
    key = create_api_key(gemeente, "bench", [Product.DKD_AANLEVEREN]).plain_key
    with (
        _zonder_verbindingen_sluiten(),
        httpx.Client(base_url=settings.VANGNET_HUB_URL, headers={"X-Api-Key": key}, transport=Simulatienet()) as client,
    ):

        def mij() -> None:
            assert client.get("/api/v1/mij").status_code == 200

        return _median_seconds(mij)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dagen", type=int, default=365)
    parser.add_argument(
        "--telling", type=Path, help="write the year's counts (the deterministic part of its Telling) to this JSON file"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.dagen)
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
        env["VANGNET_VAR_DIR"] = tmp
        result = subprocess.run(
            [sys.executable, __file__, "--child", "--dagen", str(args.dagen)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    seconds = figures["seconds"]
    statement_floor = figures["statements"] * figures["statement_floor"]
    request_floor = figures["requests"] * figures["request_floor"]
    floor = statement_floor + request_floor
    verdict = "ok" if seconds < TARGET_SECONDS else "TE TRAAG"
    print(
        f"demo, {args.dagen} dagen, SQLite: {seconds:.1f} s, piek {peak_mb:.0f} MB "
        f"(doel < {TARGET_SECONDS:.0f} s: {verdict})"
    )
    print("  fasen (s): " + ", ".join(f"{fase} {s:.1f}" for fase, s in figures["phases"].items()))
    print(
        f"  {figures['statements']:,} databaseopdrachten x {figures['statement_floor'] * 1e6:.0f} µs "
        f"(goedkoopste ORM-query) = {statement_floor:.1f} s"
    )
    print(
        f"  {figures['requests']:,} API-verzoeken x {figures['request_floor'] * 1e3:.2f} ms "
        f"(goedkoopste verzoek, GET /api/v1/mij) = {request_floor:.1f} s"
    )
    print(f"  ondergrens {floor:.1f} s; de demo duurt {seconds / floor:.2f}x de ondergrens")
    if args.telling:
        args.telling.write_text(json.dumps(figures["telling"], indent=1, sort_keys=True) + "\n")
        print(f"  telling in {args.telling} (vergelijk met een andere versie van de code: zelfde dag, zelfde zaad)")


if __name__ == "__main__":
    main()
