"""Bundled data files (security master, fund look-through, regime snapshot, demo household).

Installed from a wheel they live inside the package (``planner/_resources``) and are found
through :mod:`importlib.resources`; in a source checkout they are the repository's
``resources/`` folder, which the wheel build copies into the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_dir() -> Path:
    packaged = resources.files("planner") / "_resources"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("Rotation Planner's data files are missing; reinstall the package")


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def demo_files() -> list[Path]:
    """The bundled demo household's broker exports."""
    return sorted(p for p in resource("demo").iterdir() if p.suffix.lower() == ".csv")
