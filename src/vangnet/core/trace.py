"""The trace an operation belongs to (W3C Trace Context), as the Logboek Dataverwerkingen asks for it.

A *trace* groups the processings that belong together; each processing has an *operation* id of its
own and may have a parent. A call from another application brings its ``traceparent`` header: its
ids become the ``foreign_operation`` of ours, and our trace continues theirs. Our own calls to another
party send ``traceparent`` on, so one trace follows a signal across hub, UWV and gemeente.

The current operation lives in a context variable: set per request or job, read wherever a log line
or an outgoing call needs it.
"""

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Final

TRACEPARENT: Final = "traceparent"
_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


@dataclass(frozen=True)
class ForeignOperation:
    """The operation of another application that called us."""

    trace_id: str
    operation_id: str


@dataclass(frozen=True)
class Operation:
    trace_id: str  # 32 hex digits (16 bytes)
    operation_id: str  # 16 hex digits (8 bytes)
    parent_operation_id: str | None = None
    foreign_operation: ForeignOperation | None = None

    def child(self) -> "Operation":
        """A processing within this one: the same trace, this operation as its parent."""
        return Operation(self.trace_id, _new_operation_id(), self.operation_id)

    @property
    def traceparent(self) -> str:
        """The header value that passes this operation on to a call we make."""
        return f"00-{self.trace_id}-{self.operation_id}-01"


_current: ContextVar[Operation | None] = ContextVar("vangnet_operation", default=None)


def _new_operation_id() -> str:
    return secrets.token_hex(8)


def parse_traceparent(value: str | None) -> ForeignOperation | None:
    """The caller's trace and operation from a W3C ``traceparent`` header; None when absent or invalid.

    Invalid: not four dash-separated lowercase hex fields of the right lengths, version ff, or an
    all-zero trace or parent id (W3C Trace Context, section 3.2).
    """
    match = _TRACEPARENT.match((value or "").strip())
    if match is None:
        return None
    version, trace_id, operation_id, _flags = match.groups()
    if version == "ff" or set(trace_id) == {"0"} or set(operation_id) == {"0"}:
        return None
    return ForeignOperation(trace_id, operation_id)


def new_operation(traceparent: str | None = None) -> Operation:
    """A new top-level operation: continuing the caller's trace when it sent a valid ``traceparent``."""
    foreign = parse_traceparent(traceparent)
    trace_id = foreign.trace_id if foreign else secrets.token_hex(16)
    return Operation(trace_id, _new_operation_id(), foreign_operation=foreign)


def current() -> Operation | None:
    return _current.get()


@contextmanager
def operation(op: Operation) -> Iterator[Operation]:
    """Make ``op`` the current operation for the duration of the block."""
    token = _current.set(op)
    try:
        yield op
    finally:
        _current.reset(token)


def outgoing_headers() -> dict[str, str]:
    """The headers for a call to another party: the current operation's ``traceparent``, if any."""
    op = current()
    return {TRACEPARENT: op.traceparent} if op is not None else {}
