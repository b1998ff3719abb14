"""Yubei District gas-service supervision suite (渝北区燃气服务质量分析)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("yubei-gas")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
