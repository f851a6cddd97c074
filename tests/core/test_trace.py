import pytest

from vangnet.core import trace

CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_a_call_with_traceparent_continues_the_callers_trace():
    op = trace.new_operation(CALLER)
    assert op.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert op.foreign_operation == trace.ForeignOperation("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")
    assert op.operation_id != "00f067aa0ba902b7"
    assert len(op.operation_id) == 16


def test_without_traceparent_a_new_trace_starts():
    op = trace.new_operation(None)
    assert len(op.trace_id) == 32 and op.foreign_operation is None and op.parent_operation_id is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        "garbage",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  # uppercase is not valid
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
    ],
)
def test_an_invalid_traceparent_is_ignored(value):
    assert trace.parse_traceparent(value) is None
    assert trace.new_operation(value).foreign_operation is None


def test_the_current_operation_is_passed_on_to_calls_we_make():
    assert trace.outgoing_headers() == {}
    op = trace.new_operation(CALLER)
    with trace.operation(op):
        child = op.child()
        assert trace.current() is op
        assert trace.outgoing_headers() == {"traceparent": f"00-{op.trace_id}-{op.operation_id}-01"}
    assert trace.current() is None
    assert (child.trace_id, child.parent_operation_id) == (op.trace_id, op.operation_id)
