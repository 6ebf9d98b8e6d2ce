"""Reading and writing the document formats other than X12: a hardened XML reader and delimited text.

This layer knows bytes and text only; what the elements and columns mean is the mapping layer's business
(``edigate.mapping.xml``, ``edigate.mapping.csv``).
"""

from .csv_io import CsvInputError, CsvRow, CsvTable, decode, read_table, sniff_delimiter, write_table
from .xml_reader import DEFAULT_LIMITS, XmlInputError, XmlLimits, read_xml

__all__ = [
    "DEFAULT_LIMITS",
    "CsvInputError",
    "CsvRow",
    "CsvTable",
    "XmlInputError",
    "XmlLimits",
    "decode",
    "read_table",
    "read_xml",
    "sniff_delimiter",
    "write_table",
]
