"""edigate: an open-source EDI and file-transfer B2B gateway."""

__version__ = "0.1.0"
