"""`vangnet uwv-verwerk`: nothing to do is said plainly; a missing API key is pointed out."""

from django.core.management import call_command


def test_nothing_to_do_and_no_key(db, settings, capsys):
    settings.VANGNET_UWV_HUB_API_KEY = ""
    call_command("uwv-verwerk")
    uit = capsys.readouterr()
    assert "VANGNET_UWV_HUB_API_KEY is niet ingesteld" in uit.err
    assert "Beëindigd na 104 weken: 0. Brieven gemaakt: 0." in uit.out
    assert "Nog open: 0 LKS-toetsen, 0 meldingen." in uit.out
