"""The package version (from the installed metadata), importable without the public API."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("boligflyt")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+local"
