"""`vangnet serve`: the database brought up to date, the static files collected once when missing."""

from unittest import mock

import pytest

from vangnet.core.management.commands import serve


@pytest.mark.parametrize("verzameld", [False, True], ids=["empty-static-root", "collected"])
def test_serve_collects_the_static_files_only_when_there_are_none(tmp_path, settings, verzameld):
    settings.STATIC_ROOT = tmp_path / "static"
    if verzameld:
        settings.STATIC_ROOT.mkdir()
        (settings.STATIC_ROOT / "staticfiles.json").write_text("{}")
    with mock.patch.object(serve, "call_command") as call_command:
        serve.Command().handle(addrport="127.0.0.1:8123")
    commands = [call.args[0] for call in call_command.call_args_list]
    verwacht = ["migrate", "runserver"] if verzameld else ["migrate", "collectstatic", "runserver"]
    assert commands == verwacht
