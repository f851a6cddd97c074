"""The same delivery through the CLI and the portal's upload page."""

import pytest
from tests.hub.factories import personen, persoon, verzamelbestand

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from vangnet.hub.models import DkdAanlevering, DkdPersoon

PASSWORD = "Test-wachtwoord-123"


def test_cli_delivers_a_file_and_prints_the_counts(gemeente_a, tmp_path, capsys):
    path = tmp_path / "levering.xml"
    path.write_bytes(verzamelbestand("GM0344", 1, [persoon(1), persoon(2, positie=2, bsn="999990018")]))
    call_command("dkd-aanleveren", str(path), "--organisatie", "GM0344", "--stil")
    out = capsys.readouterr().out
    assert "1 personen geaccepteerd, 1 afgekeurd" in out
    assert "terugmelding" in out
    assert DkdAanlevering.objects.get().kanaal == "cli"


def test_cli_refusal_is_a_dutch_error(gemeente_a, tmp_path):
    path = tmp_path / "kapot.xml"
    path.write_bytes(b"<niet")
    with pytest.raises(CommandError, match=r"Bestand geweigerd \(geen_xml\)"):
        call_command("dkd-aanleveren", str(path), "--organisatie", "GM0344", "--stil")


def test_cli_missing_file(gemeente_a):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("dkd-aanleveren", "/nergens.xml", "--organisatie", "GM0344")


@pytest.fixture
def aanleveraar(gemeente_a, make_user, client):
    make_user(gemeente_a, "aanleveraar", ("dkd_aanleveren", "beheer"))
    client.login(username="aanleveraar", password=PASSWORD)
    return client


def test_portal_upload_shows_the_result_and_terugmelding(aanleveraar):
    bestand = verzamelbestand("GM0344", 1, [persoon(1), persoon(2, positie=2, bsn="999990018")])
    response = aanleveraar.post(
        "/dkd/aanleveren/", {"bestand": SimpleUploadedFile("levering.xml", bestand, "text/xml")}, follow=True
    )
    html = response.content.decode()
    assert "Aanlevering verwerkt: 1 personen geaccepteerd, 1 afgekeurd." in html
    assert "999990018" in html and "elfproef" in html
    assert DkdAanlevering.objects.get().kanaal == "portaal"
    csv_url = f"/dkd/aanleveringen/{DkdAanlevering.objects.get().uuid}/terugmelding.csv"
    assert csv_url in html
    content = b"".join(aanleveraar.get(csv_url).streaming_content).decode()
    assert content.startswith("Positie;BSN;Veld;Reden\r\n2;999990018;Burgerservicenr;")


def test_portal_upload_refusal_keeps_the_form_with_a_dutch_error(aanleveraar):
    aanleveraar.post(
        "/dkd/aanleveren/", {"bestand": SimpleUploadedFile("a.xml", verzamelbestand("GM0344", 1, personen(2)))}
    )
    response = aanleveraar.post("/dkd/aanleveren/", {"bestand": SimpleUploadedFile("b.xml", b"<kapot")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het bestand is geweigerd" in html
    assert DkdPersoon.objects.count() == 2


def test_portal_pages_need_the_machtiging(gemeente_a, make_user, client):
    make_user(gemeente_a, "km", ("casemanagement",))
    client.login(username="km", password=PASSWORD)
    assert client.get("/dkd/aanleveren/").status_code == 403
    assert client.get("/dkd/instellingen/").status_code == 403
