"""Working days of the simulated calendar (weekends only; the simulation knows no public holidays)."""

from datetime import date, timedelta


def werkdag(dag: date, werkdagen: int = 0, *, terug: bool = False) -> date:
    """``dag`` on a weekday (from a Saturday or Sunday the Monday after, or with ``terug`` the Friday
    before), then moved on by ``werkdagen`` working days."""
    while dag.weekday() >= 5:
        dag += timedelta(days=-1 if terug else 1)
    for _ in range(werkdagen):
        dag += timedelta(days=1)
        while dag.weekday() >= 5:
            dag += timedelta(days=1)
    return dag
