"""The built wheel carries the top-level rules/ folder, so an installed ticketcheck finds its
built-in rule sets without the source checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True)
    [built] = out.glob("ticketcheck-*.whl")
    return built


def test_wheel_contains_rules_and_py_typed(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "ticketcheck/rules/common.yaml" in names
    assert "ticketcheck/rules/a-to-z.yaml" in names
    assert "ticketcheck/py.typed" in names


def test_installed_wheel_loads_a_builtin_rule_set(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # Install only the wheel; its dependencies come from this interpreter's site-packages on
    # PYTHONPATH, which holds no ticketcheck package of its own (the editable install is a
    # .pth hook, and .pth files on PYTHONPATH are not processed).
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "-q", str(wheel)], check=True, capture_output=True)
    code = ("import ticketcheck, ticketcheck.ruleset as r;"
            "print(ticketcheck.__file__);"
            "print(r.load_ruleset('a-to-z').rule('order-id').check)")
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, env=env,
                         cwd=tmp_path, check=True)
    location, kind = out.stdout.split()
    assert location.startswith(str(env_dir))
    assert kind == "required-field"
