"""Benchmark: the daily publication of N pending signals (default 50,000) over all 342 gemeenten.

Per database, in a fresh database of its own: migrate, make the 342 gemeenten with one user
each who receives the e-mail (file backend, as in the demo), write the meldingen and signals in
bulk, then time `publiceer_signaalrapporten()` (reports, CSVs, links and e-mails) and check that
every signal landed in exactly one report. Target: under 2 s.

    .venv/bin/python bench/signaalpublicatie.py [--signalen N] [--databases sqlite,postgresql]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("VANGNET_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
TARGET_SECONDS = 2.0


def child(signalen: int, herhalingen: int) -> None:
    """Runs in its own process, with DATABASE_URL and VANGNET_VAR_DIR set by the parent."""
    import time
    from datetime import timedelta

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.conf.base")
    django.setup()
    from tests.hub.signalen_factories import veel_signalen

    from django.core.management import call_command
    from django.utils import timezone

    from vangnet.hub.models import Signaal, Signaalrapport
    from vangnet.hub.signalen.publicatie import publiceer_signaalrapporten
    from vangnet.organisations.constants import OrganisatieType, Product
    from vangnet.organisations.models import Gebruiker, Organisatie
    from vangnet.organisations.services import ensure_gemeente_organisaties, ensure_products

    call_command("migrate", verbosity=0)
    ensure_gemeente_organisaties()
    ensure_products()
    gemeenten = list(Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).order_by("gemeentecode"))
    Gebruiker.objects.bulk_create(
        Gebruiker(username=f"ophaler-{g.gemeentecode}", email=f"ophaler@{g.gemeentecode}.example", organisatie=g)
        for g in gemeenten
    )
    koppeling = Gebruiker.machtigingen.through
    koppeling.objects.bulk_create(
        koppeling(gebruiker_id=pk, productmachtiging_id=Product.LKS_REINTEGRATIE_OPHALEN)
        for pk in Gebruiker.objects.values_list("pk", flat=True)
    )
    metingen = []
    for _ in range(herhalingen):
        # Each round adds N new signals (the same synthetic persons again) to what the rounds before
        # published, so later rounds also pick "_2", "_3" file names.
        veel_signalen(gemeenten, signalen, timezone.now() - timedelta(hours=1))
        start = time.perf_counter()
        rapporten = publiceer_signaalrapporten()
        metingen.append(time.perf_counter() - start)
        assert len(rapporten) == len(gemeenten)
        assert not Signaal.objects.filter(rapport=None).exists()
        assert sum(r.aantal_signalen for r in rapporten) == signalen
    mails = sum(p.read_text().count("Subject: ") for p in (Path(os.environ["VANGNET_VAR_DIR"]) / "mail").glob("*"))
    assert Signaalrapport.objects.count() == herhalingen * len(gemeenten)
    print(json.dumps({"metingen": metingen, "rapporten": len(gemeenten), "mails": mails}))


def run(database: str, signalen: int, herhalingen: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env["VANGNET_VAR_DIR"] = tmp
        env["PYTHONPATH"] = str(ROOT)
        naam = None
        if database == "postgresql":
            import psycopg

            naam = f"vangnet_bench_{uuid.uuid4().hex[:8]}"
            admin = POSTGRES_URL.replace("postgres://", "postgresql://", 1)
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{naam}"')
            env["DATABASE_URL"] = POSTGRES_URL.rsplit("/", 1)[0] + "/" + naam
        else:
            env.pop("DATABASE_URL", None)
        try:
            result = subprocess.run(
                [sys.executable, __file__, "--child", "--signalen", str(signalen), "--herhalingen", str(herhalingen)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
        finally:
            if naam is not None:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signalen", type=int, default=50_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--herhalingen", type=int, default=3, help="rounds per database; the best one counts")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.signalen, args.herhalingen)
        return
    for database in args.databases.split(","):
        figures = run(database, args.signalen, args.herhalingen)
        beste = min(figures["metingen"])
        verdict = "ok" if beste < TARGET_SECONDS else "TE TRAAG"
        rondes = ", ".join(f"{s:.2f}" for s in figures["metingen"])
        print(
            f"{database:<10} {args.signalen} signalen -> {figures['rapporten']} rapporten per ronde, "
            f"{figures['mails']} e-mails in totaal: beste {beste:.2f} s (rondes {rondes}; "
            f"doel < {TARGET_SECONDS:.0f} s: {verdict})"
        )


if __name__ == "__main__":
    main()
