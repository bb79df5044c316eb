"""Direct identifiers: removed, or replaced by keyed pseudonyms (HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.errors import ConfigError
from core.schema import Role

if TYPE_CHECKING:
    import pandas as pd

PSEUDONYM_LENGTH = 16


def new_key() -> bytes:
    """A fresh random pseudonymization key; the user keeps it with the project."""
    return secrets.token_bytes(32)


def pseudonymize(values: pd.Series, key: bytes) -> pd.Series:
    """Same value + same key → same pseudonym; without the key the mapping cannot be rebuilt.

    Hashes each distinct value once (not each row); missing values stay missing.
    """
    codes, uniques = values.factorize(use_na_sentinel=True)
    digests = [
        hmac.new(key, str(u).encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]
        for u in uniques
    ]
    import numpy as np
    import pandas as pd

    table = np.array([*digests, None], dtype=object)
    return pd.Series(table[codes], index=values.index, name=values.name, dtype="string")


def left_out(roles: Mapping[str, Role | str]) -> list[str]:
    """The columns the user chose to leave out of the release."""
    return [c for c, r in roles.items() if r == Role.LEAVE_OUT]


def drop_left_out(frame: pd.DataFrame, roles: Mapping[str, Role | str]) -> pd.DataFrame:
    """``frame`` without the left-out columns (the same frame when there are none)."""
    gone = [c for c in left_out(roles) if c in frame.columns]
    return frame.drop(columns=gone) if gone else frame


def handle_identifiers(
    frame: pd.DataFrame, roles: Mapping[str, Role], how: str, *, key: bytes | None = None
) -> pd.DataFrame:
    """Drop the identifier columns (``how='remove'``) or pseudonymize them; returns a new frame."""
    ids = [c for c, r in roles.items() if r == Role.IDENTIFIER and c in frame.columns]
    if not ids:
        return frame
    if how == "remove":
        return frame.drop(columns=ids)
    if how == "pseudonymize":
        if not key:
            raise ConfigError(
                "Pseudonymization needs a key.",
                hint="Create one in the project (it is kept with the project, never exported).",
            )
        out = frame.copy(deep=False)
        for col in ids:
            out[col] = pseudonymize(frame[col], key)
        return out
    raise ConfigError(f"Unknown identifier handling '{how}'.", hint="Use remove or pseudonymize.")
