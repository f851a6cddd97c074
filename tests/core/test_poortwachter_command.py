import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

VANGNET = Path(sys.executable).with_name("vangnet")


def run(*args: str) -> str:
    stdout = StringIO()
    call_command("poortwachter", *args, stdout=stdout)
    return stdout.getvalue()


def test_json_lists_the_timeline_with_exactly_four_keys():
    stappen = json.loads(run("--eerste-ao-dag", "2024-01-20", "--json"))
    assert stappen[0] == {
        "stap": "probleemanalyse",
        "week": 6,
        "uiterlijk": "2024-03-01",
        "verantwoordelijke": "gemeente",
    }
    assert stappen[-1] == {
        "stap": "einde_wachttijd",
        "week": 104,
        "uiterlijk": "2026-01-16",
        "verantwoordelijke": "gemeente",
    }
    assert all(set(stap) == {"stap", "week", "uiterlijk", "verantwoordelijke"} for stap in stappen)
    assert len([s for s in stappen if s["stap"] == "evaluatie"]) == 15


def test_json_with_overname_and_repeated_interruptions():
    stappen = json.loads(
        run(
            "--eerste-ao-dag=2024-01-20",
            "--overname=2024-03-05",
            "--onderbreking=2024-02-10:2024-02-12",
            "--onderbreking=2024-04-01:2024-04-10",
            "--json",
        )
    )
    probleemanalyses = [(s["uiterlijk"], s["verantwoordelijke"]) for s in stappen if s["stap"] == "probleemanalyse"]
    # Week 6 moves 3 days to 2024-03-04 (before the takeover); the fresh one is 2024-03-05 + 41 + 10.
    assert probleemanalyses == [("2024-03-04", "werkgever"), ("2024-04-25", "gemeente")]
    assert stappen[-1]["uiterlijk"] == "2026-01-29"  # 2026-01-16 + 3 + 10


def test_table_has_dutch_headings_and_dates():
    uitvoer = run("--eerste-ao-dag", "2024-01-20", "--overname", "2024-03-05")
    for kop in ("Stap", "Week", "Uiterlijk", "Verantwoordelijke"):
        assert kop in uitvoer
    assert "Probleemanalyse (oordeel arts)" in uitvoer
    assert "vr 01-03-2024" in uitvoer
    assert "werkgever" in uitvoer
    assert "UWV" in uitvoer


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (
            ["--eerste-ao-dag", "2023-02-30"],
            "Fout: --eerste-ao-dag '2023-02-30' is geen bestaande datum (verwacht JJJJ-MM-DD).",
        ),
        (["--eerste-ao-dag", "morgen"], "Fout: --eerste-ao-dag 'morgen' is geen datum in de vorm JJJJ-MM-DD."),
        (["--eerste-ao-dag", "20240120"], "Fout: --eerste-ao-dag '20240120' is geen datum in de vorm JJJJ-MM-DD."),
        (
            ["--eerste-ao-dag", "2024-01-20", "--overname", "2024-13-01"],
            "Fout: --overname '2024-13-01' is geen bestaande datum (verwacht JJJJ-MM-DD).",
        ),
        (
            ["--eerste-ao-dag", "2024-01-20", "--onderbreking", "2024-03-01"],
            "Fout: --onderbreking: '2024-03-01' is geen onderbreking in de vorm JJJJ-MM-DD:JJJJ-MM-DD.",
        ),
        (
            ["--eerste-ao-dag", "2024-01-20", "--onderbreking", "2024-02-27:2024-02-30"],
            "Fout: --onderbreking: '2024-02-30' in '2024-02-27:2024-02-30' is geen bestaande datum.",
        ),
        (
            ["--eerste-ao-dag", "2024-01-20", "--onderbreking", "2024-02-10:2024-03-08"],
            "Fout: Een herstel van 28 dagen (2024-02-10 t/m 2024-03-08) is geen onderbreking: "
            "bij 4 weken of meer begint een nieuw ziektegeval",
        ),
        (
            [
                "--eerste-ao-dag",
                "2024-01-20",
                "--onderbreking",
                "2024-03-01:2024-03-05",
                "--onderbreking",
                "2024-03-06:2024-03-07",
            ],
            "overlappen of sluiten op elkaar aan",
        ),
        (
            ["--eerste-ao-dag", "2024-01-20", "--overname", "2024-01-19"],
            "Fout: De overnamedatum (2024-01-19) ligt vóór de eerste AO-dag (2024-01-20).",
        ),
        (
            ["--eerste-ao-dag", "2024-01-20", "--overname", "2026-01-17"],
            "Fout: De overnamedatum (2026-01-17) ligt na het einde van de wachttijd (2026-01-16)",
        ),
    ],
)
def test_bad_input_is_one_dutch_error_with_status_2(args, melding):
    with pytest.raises(CommandError) as fout:
        run(*args)
    assert fout.value.returncode == 2
    assert melding in str(fout.value)
    assert "\n" not in str(fout.value)


def test_script_prints_json_on_stdout():
    result = subprocess.run(
        [str(VANGNET), "poortwachter", "--eerste-ao-dag", "2024-01-20", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    stappen = json.loads(result.stdout)
    assert stappen[0]["uiterlijk"] == "2024-03-01"
    assert len(stappen) == 24


def test_script_reports_a_bad_date_in_one_line_on_stderr_with_status_2():
    result = subprocess.run(
        [str(VANGNET), "poortwachter", "--eerste-ao-dag", "2023-02-30"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Fout: --eerste-ao-dag '2023-02-30' is geen bestaande datum (verwacht JJJJ-MM-DD)."
    ]
