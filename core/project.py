"""The project file (``*.veil.json``): everything needed to repeat a run, as versioned JSON.

Layout (version 2)::

    {"format": "veil-project", "version": 2, "veil_version": "0.1.0",
     "input": {"path": "patients.csv", "sha256": "…"},   # path relative to the project file
                                            # (+ "rename_duplicates": true when loaded so)
     "roles": {"zip_code": "quasi_identifier", …},
     "hierarchies": {"zip_code": {…Hierarchy.to_spec()…}},
     "protection": {…ProtectionSettings…}, "assessment": {…AssessmentSettings…},
     "seed": 0, "pseudonymization_key": "hex…",            # key optional
     "engine": {"name": "duckdb", "memory_limit": "4GB", "spark_master": "local[2]"}}
                                            # engine optional (default: auto, no options)

Older layouts are migrated on load (see ``MIGRATIONS``). Version 1 was the draft layout
``{"format", "version": 1, "input": "path", "input_sha256", "identifiers": [...],
"qis": [...], "sensitive": "col", "target": "col", "k": 5, "suppression": 0.0, "seed"}``.
Never pickle: a project file may come from someone else.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core import bounds as limits
from core import methods
from core.errors import ConfigError, InputError
from core.export import write_text_atomic
from core.project_engine import EngineSettings
from core.provenance import sha256_file
from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings

FORMAT = "veil-project"
VERSION = 2
SUFFIX = ".veil.json"
TOP_KEYS = ("format", "version", "veil_version", "input", "roles", "hierarchies", "protection",
            "assessment", "seed", "pseudonymization_key", "engine")  # fmt: skip
INPUT_KEYS = ("path", "sha256", "rename_duplicates")
HIERARCHY_KEYS = ("version", "name", "levels", "builder")
HEX_KEY = re.compile(r"(?:[0-9a-fA-F]{2}){1,512}")


@dataclass(frozen=True)
class Project:
    """A reproducible run: input file and fingerprint, column roles, hierarchies, settings, seed.

    ``input_path`` is absolute in memory; the file stores it relative to itself when it can.
    ``to_dict()`` never contains the pseudonymization key; ``to_document()`` does.
    """

    input_path: Path | None = None
    input_sha256: str | None = None
    roles: Mapping[str, Role] = field(default_factory=dict)
    hierarchies: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    protection: ProtectionSettings = field(default_factory=ProtectionSettings)
    assessment: AssessmentSettings = field(default_factory=AssessmentSettings)
    seed: int = 0
    pseudonymization_key: str | None = None
    rename_duplicates: bool = False  # load the input with repeated column names renamed
    engine: EngineSettings = field(default_factory=EngineSettings)  # who processes the table
    # Notes for whoever runs the project (e.g. an input outside the project's folder); not saved.
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.input_path is not None:
            object.__setattr__(self, "input_path", Path(self.input_path))
        object.__setattr__(self, "roles", {str(c): _role(c, r) for c, r in self.roles.items()})
        object.__setattr__(self, "hierarchies", _hierarchies(self.hierarchies))
        object.__setattr__(self, "seed", limits.check("seed", self.seed))
        _check_sha256(self.input_sha256)
        if self.pseudonymization_key is not None:
            _check_key(self.pseudonymization_key)

    @property
    def key(self) -> bytes | None:
        """The pseudonymization key as bytes (for ``core.protect.protect(key=...)``)."""
        return (
            None if self.pseudonymization_key is None else bytes.fromhex(self.pseudonymization_key)
        )

    def columns_with(self, role: Role) -> list[str]:
        return [c for c, r in self.roles.items() if r == role]

    def without_secrets(self) -> Project:
        """A copy without the pseudonymization key, safe to write next to an export."""
        return dataclasses.replace(self, pseudonymization_key=None)

    def input_problem(self) -> str | None:
        """Why the input file cannot be used as saved (missing, a folder, unreadable, empty
        or changed), or None."""
        error = self._input_error()
        return error.message if error else None

    def verify_input(self) -> None:
        """Raise InputError when the input file cannot be read or differs from the saved one."""
        error = self._input_error()
        if error:
            raise error

    def _input_error(self) -> InputError | None:
        if self.input_path is None:
            return None
        from core.io.loader import check_readable

        try:
            check_readable(self.input_path)  # the loader's words: not found, a folder, …
        except InputError as exc:
            return exc
        found = sha256_file(self.input_path) if self.input_sha256 else None
        if found is None or found == self.input_sha256:
            return None
        return InputError(
            f"The input file {self.input_path.name} changed since the project was saved "
            f"(sha256 {self.input_sha256[:12]}… expected, {found[:12]}… found).",
            path=str(self.input_path),
            hint="Restore the original file, or reload the data and save the project again.",
        )

    def to_document(self, base_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
        """The JSON document; the input path is made relative to ``base_dir`` when possible."""
        from core import __version__

        doc: dict[str, Any] = {"format": FORMAT, "version": VERSION, "veil_version": __version__}
        if self.input_path is not None:
            doc["input"] = {"path": _stored_path(self.input_path, base_dir),
                            "sha256": self.input_sha256}  # fmt: skip
            if self.rename_duplicates:
                doc["input"]["rename_duplicates"] = True
        doc["roles"] = {c: r.value for c, r in self.roles.items()}
        doc["hierarchies"] = {c: dict(h) for c, h in self.hierarchies.items()}
        doc["protection"] = self.protection.to_dict()
        doc["assessment"] = self.assessment.to_dict()
        doc["seed"] = self.seed
        if self.pseudonymization_key is not None:
            doc["pseudonymization_key"] = self.pseudonymization_key
        if not self.engine.is_default:
            doc["engine"] = self.engine.to_dict()
        return doc

    def to_dict(self) -> dict[str, Any]:
        """The document without secrets and with an absolute input path (for reports/logs)."""
        return self.without_secrets().to_document()

    @classmethod
    def from_document(
        cls, doc: Any, base_dir: str | os.PathLike[str] | None = None, *, source: str = "project"
    ) -> Project:
        """Build a project from a parsed document of any known version (migrating old ones)."""
        doc = migrate(doc, source)
        _check_keys(doc, TOP_KEYS, source)
        entry = {} if doc.get("input") is None else doc["input"]
        if not isinstance(entry, dict):
            raise ConfigError(f"'input' in {source} must be an object with 'path' and 'sha256'.")
        _check_keys(entry, INPUT_KEYS, source, prefix="input.")
        path = entry.get("path")
        input_path = None if path is None else _resolve(path, base_dir)
        if not isinstance(doc.get("veil_version", ""), str):
            raise ConfigError(f"veil_version in {source} must be text.")
        return cls(
            input_path=input_path,
            warnings=path_warnings(input_path, base_dir),
            input_sha256=entry.get("sha256"),
            roles=_mapping(doc, "roles", source),
            hierarchies=_mapping(doc, "hierarchies", source),
            protection=_settings(ProtectionSettings, doc, "protection", source),
            assessment=_settings(AssessmentSettings, doc, "assessment", source),
            seed=doc.get("seed", 0),
            pseudonymization_key=doc.get("pseudonymization_key"),
            rename_duplicates=_flag(entry, "rename_duplicates", source),
            engine=EngineSettings.from_dict(doc.get("engine")),
        )


def _flag(entry: Mapping[str, Any], key: str, source: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"'input.{key}' in {source} must be true or false, not {value!r}.")
    return value


def new_key() -> str:
    """A fresh random 256-bit pseudonymization key, hex encoded."""
    return secrets.token_hex(32)


def save_project(project: Project, path: str | os.PathLike[str]) -> Path:
    """Write ``project`` to ``path`` atomically, input path relative to the file's folder."""
    path = Path(path)
    doc = project.to_document(base_dir=path.resolve().parent)
    try:
        text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"The project cannot be saved as JSON: {exc}.") from None
    write_text_atomic(path, text + "\n")
    return path


def load_project(path: str | os.PathLike[str]) -> Project:
    """Read a project file of this or an older version; ConfigError names what is wrong.

    The file is size- and depth-checked before parsing (``core.jsondoc``) and every field
    against ``resources/schema/project.schema.json``'s rules before any work."""
    from core.jsondoc import read_document

    path = Path(path)
    doc = read_document(path)
    return Project.from_document(doc, path.resolve().parent, source=path.name)


def migrate(doc: Any, source: str = "project") -> dict[str, Any]:
    """Bring a document of any known version up to ``VERSION``."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ConfigError(
            f'{source} is not a Veil project file (it lacks "format": "{FORMAT}").',
            hint="Choose a file saved by Veil (*.veil.json).",
        )
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ConfigError(f"{source} has an invalid version {version!r}.")
    if version > VERSION:
        raise ConfigError(
            f"{source} was saved by a newer Veil (project version {version}); this Veil reads "
            f"versions up to {VERSION}.",
            hint="Update Veil to open it.",
        )
    while version < VERSION:
        doc = MIGRATIONS[version](doc, source)
        version = doc["version"]
    return doc


def _v1_to_v2(doc: dict[str, Any], source: str) -> dict[str, Any]:
    """v1 (draft): flat 'qis' list, 'k', 'suppression', single 'sensitive'/'target' columns."""
    known = ("format", "version", "input", "input_sha256", "identifiers", "qis", "sensitive",
             "target", "k", "suppression", "seed")  # fmt: skip
    _check_keys(doc, known, source)
    roles = {c: Role.IDENTIFIER.value for c in _v1_columns(doc, "identifiers", source)}
    roles.update({c: Role.QUASI_IDENTIFIER.value for c in _v1_columns(doc, "qis", source)})
    for key, role in (("sensitive", Role.SENSITIVE), ("target", Role.TARGET)):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise ConfigError(f"'{key}' in {source} must be a column name, not {doc[key]!r}.")
        if doc.get(key):
            roles[doc[key]] = role.value
    protection = {
        "method": methods.DEFAULT,
        "k": doc.get("k", 5),
        "suppression": doc.get("suppression", 0.0),
    }
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": 2,
        "roles": roles,
        "protection": protection,
        "assessment": {"target": doc.get("target"), "sensitive": doc.get("sensitive")},
        "seed": doc.get("seed", 0),
    }
    if doc.get("input") is not None:
        out["input"] = {"path": doc["input"], "sha256": doc.get("input_sha256")}
    return out


def _v1_columns(doc: Mapping[str, Any], key: str, source: str) -> list[str]:
    columns = doc.get(key, [])
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise ConfigError(f"'{key}' in {source} must be a list of column names.")
    return columns


MIGRATIONS: dict[int, Callable[[dict[str, Any], str], dict[str, Any]]] = {1: _v1_to_v2}


def _check_keys(
    doc: Mapping[str, Any], known: tuple[str, ...], source: str, prefix: str = ""
) -> None:
    unknown = [k for k in doc if k not in known]
    if unknown:
        raise ConfigError(
            f"Unknown key '{prefix}{_short(unknown[0], quote=False)}' in {source}.",
            hint=f"Known keys{' of ' + prefix.rstrip('.') if prefix else ''}: {', '.join(known)}.",
        )


def _role(column: object, value: object) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ConfigError(
            f"Unknown role {_short(value)} for column {_short(column)}.",
            hint=f"Choose one of: {', '.join(r.value for r in Role)}.",
        ) from None


def _hierarchies(specs: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for column, spec in specs.items():
        where = f"hierarchies.{_short(column, quote=False)}"
        if not isinstance(spec, Mapping):
            raise ConfigError(
                f"{where} (the hierarchy for column {_short(column)}) must be a JSON object."
            )
        _check_keys(spec, HIERARCHY_KEYS, "the project", prefix=f"{where}.")
        _check_levels(spec.get("levels"), where)
        if not isinstance(spec.get("name", ""), str):
            raise ConfigError(f"{where}.name must be text.")
        if not isinstance(spec.get("builder", {}), Mapping | None):
            raise ConfigError(f"{where}.builder must be a JSON object.")
        version = spec.get("version", 1)
        if isinstance(version, bool) or version != 1:
            raise ConfigError(f"{where}.version must be 1, not {_short(version)}.")
        out[str(column)] = dict(spec)
    return out


def _check_levels(levels: object, where: str) -> None:
    """A hierarchy's levels: a non-empty list of equally long, non-empty lists of labels."""
    shape = "a non-empty list of rows, each a list of labels (text or numbers) of equal length"
    if not isinstance(levels, list) or not levels:
        raise ConfigError(f"{where}.levels must be {shape}, not {_short(levels)}.")
    if not all(isinstance(row, list) and row for row in levels):
        raise ConfigError(f"{where}.levels must be {shape}; a row is not a list of labels.")
    if len({len(row) for row in levels}) > 1:
        raise ConfigError(f"{where}.levels must be {shape}; the rows differ in length.")
    for row in levels:
        for label in row:
            if isinstance(label, bool) or not isinstance(label, str | int | float):
                raise ConfigError(f"{where}.levels holds {_short(label)}, not a label. {shape}.")


def _mapping(doc: Mapping[str, Any], key: str, source: str) -> Mapping[str, Any]:
    value = {} if doc.get(key) is None else doc[key]
    if not isinstance(value, Mapping):
        raise ConfigError(f"'{key}' in {source} must be an object mapping column names.")
    return value


def _settings(cls: type, doc: Mapping[str, Any], key: str, source: str) -> Any:
    value = {} if doc.get(key) is None else doc[key]
    if not isinstance(value, Mapping):
        raise ConfigError(f"'{key}' in {source} must be an object.")
    try:
        return cls.from_dict(value, where=f"{key}.")
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"Invalid '{key}' settings in {source}: {exc}") from None


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not HEX_KEY.fullmatch(key):
        raise ConfigError(
            "pseudonymization_key must be hexadecimal text of 32 to 1,024 digits.",
            hint="Generate one with Veil.",
        )
    try:
        raw = bytes.fromhex(key)
    except (TypeError, ValueError):
        raise ConfigError(
            "pseudonymization_key must be hexadecimal text.", hint="Generate one with Veil."
        ) from None
    if len(raw) < 16:
        raise ConfigError("pseudonymization_key must be at least 16 bytes (32 hex digits).")


def _stored_path(path: Path, base_dir: str | os.PathLike[str] | None) -> str:
    """Relative to ``base_dir`` when both share a folder below the root, else absolute."""
    if base_dir is None:
        return path.as_posix()
    try:
        common = Path(os.path.commonpath([path, base_dir]))
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if common == Path(common.anchor):
        return path.as_posix()
    return Path(os.path.relpath(path, base_dir)).as_posix()


def _resolve(stored: Any, base_dir: str | os.PathLike[str] | None) -> Path:
    if not isinstance(stored, str) or not stored:
        raise ConfigError(f"input.path must be a file path, not {_short(stored)}.")
    if "\0" in stored or len(stored) > limits.MAX_PATH:
        raise ConfigError(
            f"input.path must be a file path of at most {limits.MAX_PATH:,} characters without "
            f"NUL bytes, not {_short(stored)}.",
            hint="Reload the data in Veil and save the project again.",
        )
    path = Path(stored)
    if path.is_absolute() or base_dir is None:
        return path
    return Path(os.path.normpath(Path(base_dir) / path))


def path_warnings(path: Path | None, base_dir: str | os.PathLike[str] | None) -> tuple[str, ...]:
    """A note when the input, links followed, lies outside the project's folder: allowed
    (Veil itself saves such paths, e.g. for a shared data folder), but shown to the user."""
    if path is None or base_dir is None:
        return ()
    real = Path(os.path.realpath(path))
    if real.is_relative_to(os.path.realpath(base_dir)):
        return ()
    link = f" (through the link {path})" if real != Path(os.path.abspath(path)) else ""
    return (
        f"The project reads a file outside its own folder: {real}{link}. Check that this is "
        "the table you meant before sharing the results.",
    )


def _check_sha256(value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or len(value) != 64 or not _is_hex(value):
        raise ConfigError(
            f"input.sha256 must be 64 hexadecimal digits, not {_short(value)}.",
            hint="Reload the data in Veil and save the project again.",
        )


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


def _short(value: object, *, quote: bool = True) -> str:
    """``value`` for a one-line message (``core.bounds.shown``; ``plain`` for a path key)."""
    return limits.shown(value) if quote else limits.plain(value)
