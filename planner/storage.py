"""Settings and other user files in the platform's user directories (platformdirs).

``settings.toml`` in the user config directory holds what an advisor can change; it is read
with :mod:`tomllib`, written atomically (temporary file, then replace) so a crash never leaves
half a file. ``ROTATION_PLANNER_HOME`` points every user directory at one folder (tests use a
temporary one, portable installs a folder beside the app).
"""

from __future__ import annotations

import math
import os
import tempfile
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

import platformdirs

from planner.core.errors import InputError

APP = "RotationPlanner"
SETTINGS_VERSION = 1


def _home() -> Path | None:
    home = os.environ.get("ROTATION_PLANNER_HOME")
    return Path(home) if home else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP, appauthor=False))


@dataclass(frozen=True)
class Settings:
    """What an advisor can set. Units in the names: ``_mb`` megabytes."""

    version: int = SETTINGS_VERSION
    max_file_mb: float = 200.0
    author: str = ""
    #: Who the SEC may contact about our requests (an e-mail); sent in the User-Agent of
    #: every request for filings, as the SEC requires of automated tools.
    sec_contact: str = ""

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)  # a megabyte of a million bytes, as shown


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def load_settings(path: Path | None = None) -> Settings:
    """Settings from ``path`` (default: the user config directory); defaults when absent."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), None, f"cannot read settings: {err}") from None
    except tomllib.TOMLDecodeError as err:
        raise InputError(str(path), None, f"settings are not valid TOML: {err}") from None
    flat: dict[str, object] = {}
    imp = raw.get("import", {})
    if isinstance(imp, dict) and "max_file_mb" in imp:
        flat["max_file_mb"] = imp["max_file_mb"]
    report = raw.get("report", {})
    if isinstance(report, dict) and "author" in report:
        flat["author"] = report["author"]
    sec = raw.get("sec", {})
    if isinstance(sec, dict) and "contact" in sec:
        flat["sec_contact"] = sec["contact"]
    if "version" in raw:
        flat["version"] = raw["version"]
    defaults = Settings()
    for f in fields(Settings):
        if f.name in flat:
            value = flat[f.name]
            expected = type(getattr(defaults, f.name))
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, expected) or isinstance(value, bool):
                raise InputError(str(path), None, f"setting {f.name} must be a {expected.__name__}")
            if isinstance(value, float) and not (math.isfinite(value) and value > 0):
                raise InputError(
                    str(path), None, f"setting {f.name} must be a finite number above 0"
                )
            flat[f.name] = value
    return Settings(**flat)  # type: ignore[arg-type]


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = path or settings_path()
    text = (
        "# Rotation Planner settings. Edit while the app is closed, or in the app.\n"
        f"version = {settings.version}\n\n"
        "[import]\n"
        "# Files larger than this many megabytes are refused.\n"
        f"max_file_mb = {settings.max_file_mb}\n\n"
        "[report]\n"
        "# Author written into exported workbooks.\n"
        f"author = {_toml_str(settings.author)}\n\n"
        "[sec]\n"
        "# Your e-mail, sent to the SEC with each request for filings (the SEC requires one).\n"
        f"contact = {_toml_str(settings.sec_contact)}\n"
    )
    write_text_atomic(path, text)
    return path


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_input_bytes(path: str | Path) -> bytes:
    """A file the user named, whole; what stops it is an :class:`InputError` naming the file."""
    name = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(name, None, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, None, "is a folder, not a file") from None
    except OSError as err:
        raise InputError(name, None, f"cannot read: {err.strerror}") from None


def write_text_atomic(path: Path, text: str, mode: int | None = None) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), mode)


def write_bytes_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write to a temporary file in the same folder, flush to disk, then replace ``path``.
    ``mode``: permissions for a file meant to be shared (exports); private (0600) otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
