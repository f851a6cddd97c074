"""`vangnet gemeente-signalen-importeren FILE --organisatie GMxxxx`."""

import pytest
from tests.gemeente.dossiers.bestanden import DRIE_SIGNALEN, rapport

from django.core.management import call_command
from django.core.management.base import CommandError

from vangnet.gemeente.dossiers.models import Dossier, Signaalimport


def test_cli_imports_a_file_and_prints_counts_and_row_errors(gemeente_a, tmp_path, capsys):
    path = tmp_path / "Utrecht_LKSRi_rapport_20260320.csv"
    path.write_bytes(rapport(DRIE_SIGNALEN, extra_regels=("999990018;;10-03-2026;02-03-2026",)))
    call_command("gemeente-signalen-importeren", str(path), "--organisatie", "GM0344")
    out = capsys.readouterr().out
    assert "4 regels, 3 nieuwe dossiers, 0 heropend, 0 uitkering beëindigd, 0 al bekend, 1 met een fout." in out
    assert "elfproef" in out
    imp = Signaalimport.objects.get()
    assert (imp.bron, imp.bestandsnaam, imp.gemeente, imp.door) == ("cli", path.name, gemeente_a, None)
    assert Dossier.objects.count() == 3

    call_command("gemeente-signalen-importeren", str(path), "--organisatie", "gm0344")
    assert "al ingelezen" in capsys.readouterr().out
    assert Signaalimport.objects.count() == 1


def test_cli_refuses_a_file_without_the_columns(gemeente_a, tmp_path):
    path = tmp_path / "kapot.csv"
    path.write_bytes(b"BSN;Naam\n")
    with pytest.raises(CommandError, match=r"Bestand niet ingelezen \(ongeldig_bestand\): De kolommen"):
        call_command("gemeente-signalen-importeren", str(path), "--organisatie", "GM0344")


def test_cli_missing_file_and_unknown_organisation(gemeente_a, tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("gemeente-signalen-importeren", "/nergens.csv", "--organisatie", "GM0344")
    path = tmp_path / "a.csv"
    path.write_bytes(rapport(DRIE_SIGNALEN))
    with pytest.raises(CommandError, match="Onbekende organisatie"):
        call_command("gemeente-signalen-importeren", str(path), "--organisatie", "GM9999")
