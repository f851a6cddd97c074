"""The progress bar of a simulated run, one step a day (vangnet simulate, vangnet demo)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def dagvoortgang(console: Console, titel: str, dagen: int) -> Iterator[Callable[[date], None]]:
    """A bar of ``dagen`` steps; the function it yields advances it by the day just simulated."""
    with Progress(
        TextColumn(f"[bold]{titel}[/bold] {{task.description}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as voortgang:
        taak = voortgang.add_task("inrichten", total=dagen)

        def bij_dag(dag: date) -> None:
            voortgang.update(taak, advance=1, description=f"{dag:%d-%m-%Y}")

        yield bij_dag
