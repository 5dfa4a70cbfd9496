"""odpay: an Open Dental-compatible Payments API server.

`__version__` is the installed package's version; pyproject.toml is its only source.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("odpay")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
