"""`regiescan staff add|remove|list` and `regiescan index rebuild`."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiescan.cli import main
from storage.region_files import RegionFiles
from storage.staff import StaffStore


@pytest.fixture
def env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REGIESCAN_DATA_DIR", str(data_dir))
    monkeypatch.setenv("REGIESCAN_ADMINS", "7")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return data_dir


def test_staff_roles_from_the_shell(env: Path, capsys: pytest.CaptureFixture[str]):
    assert (
        main(["staff", "add", "42", "--role", "regio", "--regio", "vr21", "--regio", "VR22"]) == 0
    )
    assert main(["staff", "add", "43", "--role", "beheerder"]) == 0
    assert StaffStore(env).get(42)["regions"] == ["VR21", "VR22"]
    assert main(["staff", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [
        "7\tbeheerder\t(REGIESCAN_ADMINS)",
        "42\tregio\tVR21,VR22",
        "43\tbeheerder\t-",
    ]
    assert main(["staff", "add", "44", "--role", "regio"]) == 2  # no region
    assert main(["staff", "add", "44", "--role", "regio", "--regio", "VR99"]) == 2
    assert "VR99" in capsys.readouterr().err
    assert main(["staff", "remove", "42"]) == 0
    assert main(["staff", "remove", "42"]) == 1
    assert StaffStore(env).get(42) is None and StaffStore(env).get(44) is None


def test_index_rebuild_from_the_user_files(env: Path, capsys: pytest.CaptureFixture[str]):
    from regiescan.wiring.services import build_services
    from regiescan.wiring.settings import Settings
    from tests.helpers.regional_seed import to_knelpunt

    services = build_services(Settings.from_env())
    to_knelpunt(services.scans, 101, "Oss", 3)
    to_knelpunt(services.scans, 201, "Utrecht", 2)
    # An index in the old one-file layout (schema 1) is replaced by the rebuild.
    (env / "index" / "VR21.json").write_text('{"schema": 1, "region": "VR21", "users": {}}')
    assert main(["index", "rebuild"]) == 0
    assert "region index rebuilt: 2 coordinators" in capsys.readouterr().out
    assert not (env / "index" / "VR21.json").exists()
    users = RegionFiles(env).read("VR21")
    assert users["101"]["knelpunt"] == 3
