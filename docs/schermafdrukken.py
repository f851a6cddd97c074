"""Screenshots of the main screens of each role, for the walkthrough in README.md.

Logs in to a running portal with the demo users (`vangnet demo`) and clicks through it like
a user, then writes PNG files to docs/img/. Elements are found by role and text, not by id,
so the script keeps working when the demo data changes:

    .venv/bin/python docs/schermafdrukken.py [--url http://127.0.0.1:8000] [--uitvoer docs/img]

Needs Debian's chromium, plus chromium-l10n for Chromium's own texts in Dutch. A screen that
needs data the demo lacks (a dossier of the leverancier, a UWV claim) is skipped, and the
script then exits with 1 after taking the others.
"""

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, FloatRect, Locator, Page, ViewportSize, expect, sync_playwright

from vangnet.core.chromium import CHROMIUM, CHROMIUM_ARGS

DEMO_PASSWORD = "Vangnet-demo-2026"  # noqa: S105 - the public password of the demo users
# Chromium's own texts (the button of a file field) in Dutch; needs Debian's chromium-l10n.
CHROMIUM_ENV: dict[str, str | float | bool] = {**os.environ, "LANGUAGE": "nl", "LANG": "nl_NL.UTF-8"}
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
# Taller pages are cut off here, which keeps the images small and the README readable.
MAX_HEIGHT = 1200
# The national simulation makes some pages slow; wait longer than Playwright's 5 seconds.
TIMEOUT_MS = 30_000


def verklein(path: Path) -> None:
    """A palette of 128 colours is plenty for flat screens with text, and makes the file about 60% smaller."""
    with Image.open(path) as image:
        palet = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palet.save(path, optimize=True)


class Fotograaf:
    """Takes the screenshots of one logged-in user and remembers which ones it could not take."""

    def __init__(self, page: Page, uitvoer: Path) -> None:
        self.page = page
        self.uitvoer = uitvoer
        self.gemist: list[str] = []

    def kop(self, tekst: str | re.Pattern[str]) -> None:
        """Fails unless the page shows this heading: a login page or an error page is no screenshot."""
        expect(self.page.get_by_role("heading", level=1)).to_have_text(tekst)

    def foto(self, naam: str, vanaf: Locator | None = None, hoogte: int = MAX_HEIGHT) -> None:
        """Saves the page from the top, or from `vanaf` when the interesting part is further down."""
        self.page.wait_for_load_state("networkidle")
        top = 0.0
        if vanaf is not None:
            box = vanaf.bounding_box()
            top = max(0.0, box["y"] - 24) if box else 0.0
        pagina = self.page.evaluate("document.documentElement.scrollHeight")
        clip: FloatRect = {"x": 0, "y": top, "width": VIEWPORT["width"], "height": min(hoogte, pagina - top)}
        path = self.uitvoer / f"{naam}.png"
        self.page.screenshot(path=str(path), full_page=True, clip=clip)
        verklein(path)
        print(f"  {path}")

    def mis(self, naam: str, reden: str) -> None:
        print(f"  {naam}: overgeslagen, {reden}")
        self.gemist.append(naam)

    def tegel(self, product: str) -> None:
        """Opens a product from the dashboard, as a user would."""
        self.page.get_by_role("link", name="Dashboard", exact=True).first.click()
        self.page.get_by_role("list", name="Producten").get_by_role("link", name=product, exact=True).click()


def eerste_link_in_tabel(page: Page, tabel: str | re.Pattern[str]) -> Locator | None:
    """The first link of the first column of a table (named by its caption), or None when it is empty.

    An empty table has one row with one wide cell, which may hold a link of its own: skip it.
    """
    links = page.get_by_role("table", name=tabel).locator("tbody tr:has(td:nth-child(2)) td:first-child a")
    return links.first if links.count() else None


def dossiers(f: Fotograaf, rol: str, leeg: str, hoogte: int = MAX_HEIGHT) -> bool:
    """The list of dossiers and the first dossier in it, as `{rol}-dossiers` and `{rol}-dossier`;
    False (with the reason `leeg`) when the list is empty."""
    f.tegel("Casemanagement vangnetters")
    f.kop(re.compile(r"^Dossiers vangnetters"))
    f.foto(f"{rol}-dossiers")

    dossier = eerste_link_in_tabel(f.page, re.compile(r"^Dossiers van"))
    if dossier is None:
        f.mis(f"{rol}-dossier", leeg)
        return False
    dossier.click()
    f.kop(re.compile(r"^Dossier "))
    f.foto(f"{rol}-dossier", hoogte=hoogte)
    return True


def klantmanager(f: Fotograaf) -> None:
    f.kop("Dashboard")
    f.foto("gemeente-dashboard")

    if dossiers(f, "gemeente", "de gemeente heeft nog geen dossiers", hoogte=VIEWPORT["height"]):
        taken = f.page.get_by_role("heading", name="Poortwachter-taken")
        f.foto("gemeente-dossier-taken", vanaf=taken, hoogte=VIEWPORT["height"])

    f.tegel("LKS re-integratie ophalen")
    f.kop("LKS re-integratie – Ophalen")
    f.foto("gemeente-signaalrapporten")


def functioneel_beheerder(f: Fotograaf) -> None:
    f.tegel("DKD aanleveren")
    f.kop("DKD aanleveren")
    f.foto("gemeente-aanleveren")

    f.page.get_by_role("link", name="LKS-register", exact=True).click()
    f.kop("LKS-register")
    f.foto("gemeente-lks-register")


def bedrijfsarts(f: Fotograaf) -> None:
    dossiers(f, "leverancier", "geen gemeente heeft de leverancier een dossier toegewezen")


def hub_beheerder(f: Fotograaf) -> None:
    f.tegel("Beheer")
    f.kop("Aanlevermonitor DKD")
    f.foto("hub-aanlevermonitor")


def uwv_medewerker(f: Fotograaf) -> None:
    f.tegel("LKS-toets en meldingen")
    f.kop("Werklijst Ziektewet-claims")
    f.foto("uwv-werklijst")

    claim = eerste_link_in_tabel(f.page, re.compile(r"^Ziektewet-claims"))
    if claim is None:
        f.mis("uwv-claim", "UWV heeft nog geen claims")
    else:
        claim.click()
        f.kop(re.compile(r"^Ziektewet-claim "))
        f.foto("uwv-claim")


ROLLEN: list[tuple[str, Callable[[Fotograaf], None]]] = [
    ("km.utrecht", klantmanager),
    ("beheer.utrecht", functioneel_beheerder),
    ("arts.arbodienst", bedrijfsarts),
    ("operator.hub", hub_beheerder),
    ("medewerker.uwv", uwv_medewerker),
]


def log_in(page: Page, gebruikersnaam: str, wachtwoord: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def fotografeer_rol(
    browser: Browser, url: str, uitvoer: Path, wachtwoord: str, gebruikersnaam: str, rol: Callable[[Fotograaf], None]
) -> list[str]:
    context = browser.new_context(base_url=url, viewport=VIEWPORT, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        log_in(page, gebruikersnaam, wachtwoord)
        fotograaf = Fotograaf(page, uitvoer)
        rol(fotograaf)
        return fotograaf.gemist
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="Schermafdrukken van de hoofdschermen per rol, voor README.md.")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="Adres van het portaal met de demodata.")
    parser.add_argument("--uitvoer", type=Path, default=Path(__file__).parent / "img", help="Map voor de PNG's.")
    parser.add_argument("--wachtwoord", default=DEMO_PASSWORD, help="Wachtwoord van de demogebruikers.")
    args = parser.parse_args()
    args.uitvoer.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=TIMEOUT_MS)
    gemist: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), env=CHROMIUM_ENV)
        for gebruikersnaam, rol in ROLLEN:
            print(gebruikersnaam)
            gemist += fotografeer_rol(browser, args.url, args.uitvoer, args.wachtwoord, gebruikersnaam, rol)
        browser.close()
    if gemist:
        print(f"Niet gemaakt (te weinig demodata): {', '.join(gemist)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
