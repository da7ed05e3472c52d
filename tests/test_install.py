"""Installing on the machines people have: the prerequisite check that `make run` starts with,
and the check that every pin has a wheel for Python 3.11 to 3.13 (.ci/wheels.py), offline."""

import importlib.util
import io
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
PREREQUISITES = ROOT / ".ci" / "prerequisites.sh"


def load_wheels() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ci_wheels", ROOT / ".ci" / "wheels.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the class is made.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


wheels = load_wheels()


# The prerequisite check, with fake python3, node and npm on PATH


def fake(folder: Path, name: str, answer: str, *, venv: bool = True) -> None:
    """A program that answers every question with ``answer`` (Python's venv check: ok or not)."""
    script = folder / name
    venv_exit = 0 if venv else 1
    script.write_text(
        f'#!/bin/sh\ncase "$*" in *ensurepip*) exit {venv_exit};; esac\necho "{answer}"\n'
    )
    script.chmod(0o755)


def check(folder: Path, python: str = "python3") -> subprocess.CompletedProcess[str]:
    # Only the fakes on PATH: the check uses the shell's built-ins and nothing else.
    return subprocess.run(  # noqa: S603 - our own script, on fake programs
        ["/bin/sh", str(PREREQUISITES), python],
        env={"PATH": str(folder)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    fake(tmp_path, "python3", "3.12")
    fake(tmp_path, "node", "v20.11.1")
    fake(tmp_path, "npm", "10.2.4")
    return tmp_path


def test_a_supported_python_and_node_pass_in_silence(machine: Path) -> None:
    result = check(machine)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_an_old_python_and_an_old_node_are_both_named_with_where_they_were_found(
    machine: Path,
) -> None:
    fake(machine, "python3", "3.10")
    fake(machine, "node", "v16.20.2")
    result = check(machine)
    assert result.returncode == 1
    assert f"Làng Số needs Python 3.11 to 3.13; found 3.10 at {machine}/python3." in result.stderr
    assert f"Làng Số needs Node.js 18 or newer; found v16.20.2 at {machine}/node." in result.stderr


@pytest.mark.parametrize("version", ["3.14", "2.7", "3.9"])
def test_a_python_outside_the_supported_range_is_refused(machine: Path, version: str) -> None:
    fake(machine, "python3", version)
    result = check(machine)
    assert result.returncode == 1
    assert f"needs Python 3.11 to 3.13; found {version} at" in result.stderr


def test_the_python_asked_for_is_the_one_checked(machine: Path) -> None:
    fake(machine, "python3.13", "3.13")
    fake(machine, "python3", "3.10")
    assert check(machine, "python3.13").returncode == 0
    assert check(machine, "python3").returncode == 1


def test_a_python_without_its_venv_module_says_which_package_to_install(machine: Path) -> None:
    fake(machine, "python3", "3.12", venv=False)
    result = check(machine)
    assert result.returncode == 1
    assert "sudo apt install python3.12-venv" in result.stderr


def test_missing_programs_are_named(tmp_path: Path) -> None:
    result = check(tmp_path)
    assert result.returncode == 1
    assert "needs Python 3.11 to 3.13; no python3 was found on PATH" in result.stderr
    assert "needs Node.js 18 or newer" in result.stderr
    assert "no node was found on PATH" in result.stderr


def test_node_without_npm_is_refused(machine: Path) -> None:
    (machine / "npm").unlink()
    result = check(machine)
    assert result.returncode == 1
    assert "npm was not found on PATH" in result.stderr


# The wheel check's reasoning, without the network


@pytest.mark.parametrize(
    ("requires", "python", "allowed"),
    [
        (None, "3.13", True),
        (">=3.11", "3.13", True),
        (">=3.9,<3.13", "3.13", False),
        (">=3.9, <3.13", "3.12", True),
        ("!=3.13.*,>=3.8", "3.13", False),
        ("==3.*", "3.13", True),
        ("~=3.12", "3.13", True),
        ("~=3.12.0", "3.13", False),
        (">3.13", "3.13", False),
        ("<=3.13", "3.13", True),
    ],
)
def test_requires_python_is_read_the_way_pip_reads_it(
    requires: str | None, python: str, allowed: bool
) -> None:
    assert wheels.python_allowed(requires, python) is allowed


def test_an_unreadable_requires_python_is_an_error_not_a_pass() -> None:
    with pytest.raises(ValueError, match="Requires-Python"):
        wheels.python_allowed("python 3 please", "3.13")


def wheel(filename: str, requires: str | None = None) -> object:
    return wheels.IndexFile(filename, f"https://example.org/{filename}", "", requires)


def test_a_wheel_counts_only_for_the_pythons_and_machines_it_was_built_for() -> None:
    target = wheels.Target("3.13", "aarch64")
    tags = wheels.supported_tags(target)
    built_for_312 = wheel("numpy-2.4.6-cp312-cp312-manylinux_2_28_aarch64.whl")
    built_for_x86 = wheel("numpy-2.4.6-cp313-cp313-manylinux_2_28_x86_64.whl")
    too_new_glibc = wheel("numpy-2.4.6-cp313-cp313-manylinux_2_41_aarch64.whl")
    refuses_313 = wheel("numpy-2.4.6-cp313-cp313-manylinux_2_28_aarch64.whl", "<3.13")
    for useless in (built_for_312, built_for_x86, too_new_glibc, refuses_313):
        assert wheels.best_wheel([useless], tags, "3.13") is None
    fits = wheel(
        "numpy-2.4.6-cp313-cp313-manylinux_2_17_aarch64.manylinux2014_aarch64.whl", ">=3.11"
    )
    best = wheels.best_wheel([built_for_x86, fits], tags, "3.13")
    assert best == "cp313-cp313-manylinux_2_17_aarch64"
    assert wheels.short(best) == "cp313 2.17"
    assert wheels.best_wheel([wheel("six-1.17.0-py2.py3-none-any.whl")], tags, "3.13") == (
        "py3-none-any"
    )
    assert wheels.best_wheel([wheel("c-1-cp39-abi3-manylinux2014_aarch64.whl")], tags, "3.13")


def sdist(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            member = tarfile.TarInfo(f"pkg-1.0/{name}")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


def test_an_sdist_of_python_alone_is_pure() -> None:
    body = sdist({"setup.py": "setup(name='pkg', packages=['pkg'])", "pkg/__init__.py": ""})
    assert wheels.compiled_code_in("pkg-1.0.tar.gz", body) is None


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({"setup.py": "setup()", "pkg/speedups.c": "int x;"}, "contains pkg-1.0/pkg/speedups.c"),
        ({"setup.py": "setup(ext_modules=[Extension('x', ['x.c'])])"}, "mentions ext_modules"),
        ({"pyproject.toml": "[build-system]\nrequires = ['maturin']"}, "mentions maturin"),
        ({"Cargo.toml": "[package]"}, "contains pkg-1.0/Cargo.toml"),
    ],
)
def test_an_sdist_that_compiles_code_is_not_pure(files: dict[str, str], reason: str) -> None:
    problem = wheels.compiled_code_in("pkg-1.0.tar.gz", sdist(files))
    assert problem is not None
    assert reason in problem


def test_every_sdist_only_entry_is_a_pin_of_the_lock() -> None:
    pins = {pin.project: pin.version for pin in wheels.read_pins(wheels.LOCK)}
    for name, version in wheels.SDIST_ONLY.items():
        assert pins[name] == version


def test_a_lock_line_that_is_not_a_pin_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text("Django==5.2.19\nrequests>=2\n")
    with pytest.raises(SystemExit, match=r"requirements.lock:2: not a pin"):
        wheels.read_pins(lock)
