"""A klantmanager of each of two gemeenten logs in and sees only their own organisation."""

import pytest
from playwright.sync_api import Page, expect

from vangnet.organisations.constants import Product

PASSWORD = "Test-wachtwoord-123"


@pytest.fixture
def two_gemeenten(transactional_db, gemeente_a, gemeente_b, make_user):
    make_user(gemeente_a, "km.utrecht", (Product.CASEMANAGEMENT, Product.LKS_REINTEGRATIE_OPHALEN))
    make_user(gemeente_b, "km.amsterdam", (Product.DKD_AANLEVEREN, Product.BEHEER))


def log_in(page: Page, username: str) -> None:
    page.goto("/")
    expect(page).to_have_url("/inloggen/?next=/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def granted_products(page: Page) -> list[str]:
    tiles = page.locator(".vn-tile:not(.vn-tile--locked)")
    return sorted(tiles.evaluate_all("tiles => tiles.map(t => t.dataset.product)"))


def test_each_gemeente_sees_only_its_own_organisation_and_products(two_gemeenten, page: Page, screenshot):
    log_in(page, "km.utrecht")
    expect(page.get_by_test_id("organisatie")).to_have_text("Utrecht (GM0344)")
    assert granted_products(page) == ["casemanagement", "lks_reintegratie_ophalen"]
    screenshot("dashboard-utrecht")
    page.get_by_role("link", name="Mijn organisatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utrecht")
    expect(page.get_by_role("cell", name="km.utrecht")).to_be_visible()
    expect(page.get_by_text("km.amsterdam")).to_have_count(0)
    log_out(page)

    log_in(page, "km.amsterdam")
    expect(page.get_by_test_id("organisatie")).to_have_text("Amsterdam (GM0363)")
    assert granted_products(page) == ["beheer", "dkd_aanleveren"]
    page.get_by_role("link", name="Mijn organisatie").click()
    expect(page.get_by_text("km.utrecht")).to_have_count(0)
    expect(page.get_by_role("heading", name="API-sleutels")).to_be_visible()
    screenshot("organisatie-amsterdam")


def test_login_page_works_with_the_keyboard_and_shows_focus(two_gemeenten, page: Page, screenshot):
    page.goto("/inloggen/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip_link).to_be_focused()
    outline = skip_link.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.get_by_label("Gebruikersnaam").focus()
    page.keyboard.type("km.utrecht")
    page.keyboard.press("Tab")
    page.keyboard.type("verkeerd")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("kennen we niet")
    screenshot("login-fout")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Wachtwoord").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_role("main")).to_be_visible()


def test_static_nl_design_system_styles_are_served(two_gemeenten, page: Page):
    page.goto("/inloggen/")
    font = page.get_by_role("heading", level=1).evaluate("el => getComputedStyle(el).fontFamily")
    assert font  # the Utrecht tokens apply a font stack to headings
    button_bg = page.get_by_role("button", name="Inloggen").evaluate("el => getComputedStyle(el).backgroundColor")
    assert button_bg not in {"rgba(0, 0, 0, 0)", "rgb(239, 239, 239)"}  # not the browser's default button
