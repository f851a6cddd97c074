"""Benchmark: a webservice gemeente's verwijsindex of N BSNs (default 100,000) over the JSON API.

Per database (a fresh, empty one each, in its own process), through the real API in-process
(DRF's test client: JSON encoding and parsing, authentication, the service, the answer):

1. ``PUT /api/v1/dkd/verwijsindex`` with N BSNs into an empty index (all inserted);
2. ``PUT`` again with N BSNs of which 10% are new (10% removed, the rest confirmed);
3. the same ``PUT`` once more (idempotent: answered from the history);
4. ``PATCH`` with 1,000 additions and 1,000 removals;
5. ``PUT`` with N entirely different BSNs (everything replaced);
6. the aanlevermonitor's rows for all 342 gemeenten.

Target: each full replacement of 100,000 BSNs within a few seconds.

    .venv/bin/python bench/verwijsindex_levering.py [--bsns N] [--databases sqlite,postgresql]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import dkd_ingest  # noqa: E402  (fresh databases and BSNs beyond the test block)

TARGET_SECONDS = 5.0


def measure(aantal: int) -> dict[str, float]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.conf.base")
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework.test import APIClient

    call_command("migrate", verbosity=0)
    from vangnet.hub.dkd.instellingen import wijzig_instelling
    from vangnet.hub.dkd.monitor import monitor_rijen
    from vangnet.organisations.constants import OrganisatieType
    from vangnet.organisations.models import Organisatie
    from vangnet.organisations.services import create_api_key, ensure_gemeente_organisaties

    ensure_gemeente_organisaties()
    gemeente = Organisatie.objects.get(gemeentecode="GM0344")
    wijzig_instelling(gemeente, aanlevermethode="webservice", berichtversie="GSDDossierReintegratie-v0200",
                      endpoint_url="https://utrecht.example/dkd", frequentie="wekelijks")  # fmt: skip
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=create_api_key(gemeente, "bench", ["dkd_aanleveren"]).plain_key)
    alle = list(dkd_ingest.synthetic_bench_bsns(aantal * 2 + aantal // 10 + 2_000))
    eerste = alle[:aantal]
    tweede = alle[aantal // 10 : aantal + aantal // 10]
    extra = alle[aantal + aantal // 10 : aantal + aantal // 10 + 1_000]
    derde = alle[-aantal:]
    figures: dict[str, float] = {}

    def timed(naam: str, method: str, body: dict[str, object], verwacht: dict[str, int]) -> None:
        started = time.perf_counter()
        response = getattr(client, method)("/api/v1/dkd/verwijsindex", body, format="json")
        figures[naam] = time.perf_counter() - started
        result = response.json()
        assert response.status_code == 200, result
        for key, value in verwacht.items():
            assert result[key] == value, (naam, key, result[key], value)

    timed("leeg_naar_n", "put", {"volgnummer": 1, "bsns": eerste}, {"aantal_toegevoegd": aantal})
    timed("tien_procent", "put", {"volgnummer": 2, "bsns": tweede},
          {"aantal_toegevoegd": aantal // 10, "aantal_verwijderd": aantal // 10})  # fmt: skip
    timed("herhaald", "put", {"volgnummer": 2, "bsns": tweede}, {"herhaald": True})
    timed("mutaties", "patch", {"volgnummer": 3, "toevoegen": extra, "verwijderen": tweede[:1_000]},
          {"aantal_toegevoegd": 1_000, "aantal_verwijderd": 1_000})  # fmt: skip
    timed("alles_anders", "put", {"volgnummer": 4, "bsns": derde}, {"aantal_toegevoegd": aantal, "aantal_na": aantal})
    gemeenten = list(Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).order_by("gemeentecode"))
    started = time.perf_counter()
    rijen = monitor_rijen(gemeenten, timezone.now())
    figures["monitor"] = time.perf_counter() - started
    assert next(r for r in rijen if r.gemeente_id == gemeente.pk).verwijsindex_aantal == aantal
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bsns", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--fase", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fase:
        print(json.dumps(measure(args.bsns)))
        return
    import subprocess

    print(f"verwijsindex of {args.bsns:,} BSNs; machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        for database in args.databases.split(","):
            env, name = dkd_ingest.child_env(database, Path(tmp))
            try:
                result = subprocess.run(
                    [sys.executable, __file__, "--fase", "--bsns", str(args.bsns)],
                    env=env, capture_output=True, text=True, check=False,
                )  # fmt: skip
            finally:
                dkd_ingest.drop_database(name)
            if result.returncode != 0:
                sys.exit(f"{database} failed:\n{result.stderr}")
            report(database, args.bsns, json.loads(result.stdout.strip().splitlines()[-1]))


def report(database: str, aantal: int, figures: dict[str, float]) -> None:
    print(f"\n{database}")
    labels = {
        "leeg_naar_n": f"PUT {aantal:,} into an empty index",
        "tien_procent": f"PUT {aantal:,}, 10% changed",
        "herhaald": "the same PUT again (idempotent)",
        "mutaties": "PATCH 1,000 added, 1,000 removed",
        "alles_anders": f"PUT {aantal:,}, all different",
        "monitor": "monitor rows, 342 gemeenten",
    }
    for key, label in labels.items():
        print(f"  {label:<40} {figures[key]:6.2f} s")
    slowest = max(figures[k] for k in ("leeg_naar_n", "tien_procent", "alles_anders"))
    verdict = "met" if slowest <= TARGET_SECONDS else "NOT met"
    print(f"  slowest full replacement {slowest:.2f} s (target <= {TARGET_SECONDS:.0f} s): target {verdict}")


if __name__ == "__main__":
    main()
