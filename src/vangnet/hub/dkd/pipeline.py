"""Reading a verzamelbestand in a child process, so that parsing and storing use both cores.

A small file is read in the process itself (SequentieleLezer, the same interface): forking
would cost more than the reading it moves away.

The parent feeds the file's bytes into a pipe from a thread; the child (forked, so it needs
no set-up) reads them with the domain's VerzamelbestandLezer, sends the Kop, waits until the
parent has checked it, and then sends the rows to store in batches, ready to load: complete
tuples for executemany, or COPY text for PostgreSQL. The child never touches the database: it
leaves with os._exit so that it does not close the parent's database connection on its way.
"""

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, BinaryIO

from vangnet.domain.verzamelbestand import Afkeuring, BestandFout, Kop, Persoon, Sluitstuk, VerzamelbestandLezer

CHUNK = 1 << 20
BATCH = 2_000

Row = tuple[Any, ...]
RowMaker = Callable[[Persoon], tuple[Row, tuple[Row, ...]]]


@dataclass
class Batch:
    """Rows of accepted persons and their voorzieningen (tuples, or COPY text), and rejected records."""

    personen: list[Row] | bytes
    voorzieningen: list[Row] | bytes
    aantal_personen: int
    aantal_voorzieningen: int
    afkeuringen: list[Row]


class ParallelLezer:
    def __init__(self, bron: BinaryIO, max_bytes: int | None, rijen: RowMaker) -> None:
        self._bron = bron
        self._max_bytes = max_bytes
        self._rijen = rijen
        self._sluitstuk: Sluitstuk | None = None

    def __enter__(self) -> "ParallelLezer":
        context = multiprocessing.get_context("fork")
        lees, schrijf = os.pipe()
        self._results, results_out = context.Pipe(duplex=False)
        control_in, self._control = context.Pipe(duplex=False)
        self._child = context.Process(target=_lees_in_kind, args=(lees, results_out, control_in, self), daemon=True)
        self._child.start()
        os.close(lees)
        results_out.close()
        control_in.close()
        self._pipe_in = schrijf
        self._feeder = threading.Thread(target=self._feed, name="verzamelbestand-feeder", daemon=True)
        self._feeder.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._results.close()
        self._control.close()
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._feeder.join()

    def _feed(self) -> None:
        try:
            while chunk := self._bron.read(CHUNK):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(self._pipe_in, view) :]
        except OSError:
            pass  # the child stopped reading: it found a fault, or the parent gave up
        finally:
            os.close(self._pipe_in)

    def _receive(self) -> tuple[Any, ...]:
        try:
            message: tuple[Any, ...] = self._results.recv()
        except EOFError:
            raise BestandFout("geen_xml", "Het bestand kon niet worden gelezen.") from None
        if message[0] == "fout":
            raise BestandFout(message[1], message[2])
        return message

    def kop(self) -> Kop:
        kop: Kop = self._receive()[1]
        return kop

    def records(self, vast: Row, copy_text: bool) -> Iterator[Batch]:
        """Start the records after the Kop was accepted; `vast` leads every row, as in the COPY column list."""
        self._control.send((vast, copy_text))
        while (message := self._receive())[0] == "batch":
            yield message[1]
        self._sluitstuk = message[1]

    def sluitstuk(self) -> Sluitstuk:
        assert self._sluitstuk is not None, "records() first"
        return self._sluitstuk


class SequentieleLezer:
    """ParallelLezer's interface, reading in this process: for files too small to be worth a fork."""

    def __init__(self, bron: BinaryIO, max_bytes: int | None, rijen: RowMaker) -> None:
        self._lezer = VerzamelbestandLezer(bron, max_bytes=max_bytes)
        self._rijen = rijen

    def __enter__(self) -> "SequentieleLezer":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def kop(self) -> Kop:
        return self._lezer.kop()

    def records(self, vast: Row, copy_text: bool) -> Iterator[Batch]:
        return _batches(self._lezer.records(), _BatchBuilder(vast, copy_text, self._rijen))

    def sluitstuk(self) -> Sluitstuk:
        return self._lezer.sluitstuk()


def copy_line(row: Row) -> str:
    """One row in PostgreSQL's COPY text format."""
    return "\t".join(map(_copy_field, row)) + "\n"


def _copy_field(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class _BatchBuilder:
    def __init__(self, vast: Row, copy_text: bool, rijen: RowMaker) -> None:
        self.vast = vast
        self.copy_text = copy_text
        self.rijen = rijen
        self.reset()

    def reset(self) -> None:
        self.personen: list[Any] = []
        self.voorzieningen: list[Any] = []
        self.afkeuringen: list[Row] = []
        self.size = 0

    def add(self, item: Persoon | Afkeuring) -> None:
        self.size += 1
        if isinstance(item, Afkeuring):
            self.afkeuringen.append((item.positie, item.bsn, item.veld, item.reden))
            return
        persoon, voorzieningen = self.rijen(item)
        if self.copy_text:
            self.personen.append(copy_line(self.vast + persoon))
            self.voorzieningen.extend(copy_line(self.vast + v) for v in voorzieningen)
        else:
            self.personen.append(self.vast + persoon)
            self.voorzieningen.extend(self.vast + v for v in voorzieningen)

    def batch(self) -> Batch:
        personen, voorzieningen = self.personen, self.voorzieningen
        batch = Batch(
            personen="".join(personen).encode() if self.copy_text else personen,
            voorzieningen="".join(voorzieningen).encode() if self.copy_text else voorzieningen,
            aantal_personen=len(personen),
            aantal_voorzieningen=len(voorzieningen),
            afkeuringen=self.afkeuringen,
        )
        self.reset()
        return batch


def _batches(items: Iterator[Persoon | Afkeuring], builder: "_BatchBuilder") -> Iterator[Batch]:
    """The records in batches of BATCH, the last one smaller."""
    for item in items:
        builder.add(item)
        if builder.size >= BATCH:
            yield builder.batch()
    if builder.size:
        yield builder.batch()


def _close_inherited_descriptors(keep: set[int]) -> None:
    """The child got copies of all the parent's descriptors, its database socket among them.

    Holding that socket would keep the parent's transaction (and its locks) alive if the
    parent is killed, and keeping the parent's ends of our pipes would hide their EOF.
    """
    for name in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else ():
        descriptor = int(name)
        if descriptor > 2 and descriptor not in keep:
            with contextlib.suppress(OSError):
                os.close(descriptor)


def _lees_in_kind(lees: int, uit: Connection, control: Connection, ouder: ParallelLezer) -> None:
    _close_inherited_descriptors({lees, uit.fileno(), control.fileno()})
    try:
        with os.fdopen(lees, "rb") as bron:
            lezer = VerzamelbestandLezer(bron, max_bytes=ouder._max_bytes)
            uit.send(("kop", lezer.kop()))
            vast, copy_text = control.recv()
            for batch in _batches(lezer.records(), _BatchBuilder(vast, copy_text, ouder._rijen)):
                uit.send(("batch", batch))
            uit.send(("einde", lezer.sluitstuk()))
    except EOFError:
        pass  # the parent refused the file after its Kop
    except BestandFout as fout:
        with contextlib.suppress(OSError):
            uit.send(("fout", fout.code, str(fout)))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which refuses the file
        with contextlib.suppress(OSError):
            uit.send(("fout", "geen_xml", f"Het bestand kon niet worden gelezen: {error}"))
    finally:
        uit.close()
        os._exit(0)
