"""The settings of the complaint maps, read from ``params/maps.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import mapclassify
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..params import parse_model
from ..tariff import PARAMS_DIR

DEFAULT_MAP_PARAMS = PARAMS_DIR / "maps.yaml"


class Tiles(BaseModel):
    """A tile service (e.g. 天地图 with the bureau's key); off by default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    key: str | None = None
    attribution: str = "天地图"
    datum: Literal["wgs84", "gcj02"] = "wgs84"

    @property
    def template(self) -> str:
        """The URL with the key filled in; ``{x}``, ``{y}``, ``{z}`` stay."""
        return self.url.replace("{key}", self.key or "")

    @property
    def origin(self) -> str:
        """Scheme and host, the one network address a page may then keep."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


class Classification(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scheme: str = "FisherJenks"
    k: int = Field(default=5, ge=2, le=9)

    @field_validator("scheme")
    @classmethod
    def _known(cls, value: str) -> str:
        if not hasattr(mapclassify, value):
            raise ValueError(f"not a mapclassify classifier: {value}")
        return value


class HotspotSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    permutations: int = Field(default=999, ge=99)
    seed: int = 20240531
    alpha: float = Field(default=0.05, gt=0, lt=1)


class HeatSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    radius: int = Field(default=18, ge=1)
    blur: int = Field(default=15, ge=1)


class MapParams(BaseModel):
    """Everything ``params/maps.yaml`` may set; defaults draw offline maps."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tiles: Tiles | None = None
    # the bureau's township boundaries; relative paths from the params folder
    official_boundaries: str | None = None
    classification: Classification = Classification()
    hotspots: HotspotSettings = HotspotSettings()
    heat: HeatSettings = HeatSettings()


def load_map_params(path: str | Path | None = None) -> MapParams:
    """Read and check ``params/maps.yaml`` (or ``path``).

    Raises
    ------
    ParameterError
        The file is missing, or a key is unknown or out of range.
    """
    path = Path(path) if path else DEFAULT_MAP_PARAMS
    params = parse_model(MapParams, path)
    official = params.official_boundaries
    if official and not Path(official).is_absolute():
        # a relative boundary file is found next to the parameter file
        params = params.model_copy(
            update={"official_boundaries": str(path.parent / official)})
    return params
