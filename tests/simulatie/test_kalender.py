from datetime import date

from vangnet.simulatie.kalender import werkdag

VRIJDAG, ZATERDAG, ZONDAG, MAANDAG = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9)


def test_a_weekday_stays_and_a_weekend_day_moves_to_the_next_or_previous_weekday():
    assert werkdag(VRIJDAG) == VRIJDAG
    assert werkdag(ZATERDAG) == werkdag(ZONDAG) == MAANDAG
    assert werkdag(ZONDAG, terug=True) == VRIJDAG


def test_working_days_on_skip_the_weekend():
    assert werkdag(VRIJDAG, 1) == MAANDAG
    assert werkdag(ZATERDAG, 1) == date(2026, 3, 10)
    assert werkdag(MAANDAG, 5) == date(2026, 3, 16)
