"""The one version of c2q: ``c2q.__version__``, ``c2q --version``, the package metadata and every result."""

__version__ = "0.1.0"
