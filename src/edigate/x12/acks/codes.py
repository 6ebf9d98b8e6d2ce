"""The acknowledgment code lists in plain English, and the 997 stand-ins for the 999's implementation codes.

The standard lists come from the guides' shared code lists (`guides/data/codes.toml`, by data element
reference), so there is one copy of them in the project. The 999's lists (618, 620, 621) are the 997's (718,
720, 723) plus 'I' codes for implementation-guide rules; those few live here, beside the table that turns them
into standard codes when the acknowledgment is a 997.
"""

from __future__ import annotations

from ..guides.loader import code_lists

INTERCHANGE_STATUS = "I17"  # TA104
INTERCHANGE_NOTE = "I18"  # TA105
GROUP_STATUS = "715"  # AK901
GROUP_ERROR = "716"  # AK905-AK909
SET_STATUS = "717"  # AK501 / IK501
SET_ERROR = "718"  # AK502-AK506; the 999's IK502 list 618 adds the I codes below
SEGMENT_ERROR = "720"  # AK304; the 999's IK304 list 620 adds the I codes below
ELEMENT_ERROR = "723"  # AK403; the 999's IK403 list 621 adds the I codes below

IMPLEMENTATION_CODES = {
    SET_ERROR: {
        "I5": "Implementation One or More Segments in Error",
        "I6": "Implementation Convention Not Supported",
    },
    SEGMENT_ERROR: {
        "I4": 'Implementation "Not Used" Segment Present',
        "I6": "Implementation Dependent Segment Missing",
        "I7": "Implementation Loop Occurs Under Minimum Times",
        "I8": "Implementation Segment Below Minimum Use",
        "I9": 'Implementation Dependent "Not Used" Segment Present',
    },
    ELEMENT_ERROR: {
        "I10": 'Implementation "Not Used" Data Element Present',
        "I11": "Implementation Too Few Repetitions",
        "I12": "Implementation Pattern Match Failure",
        "I13": 'Implementation Dependent "Not Used" Data Element Present',
        "I6": "Code Value Not Used in Implementation",
        "I9": "Implementation Dependent Data Element Missing",
    },
}

# A 997 reports the standard's syntax only; a finding coded for the 999 is sent as its nearest standard code.
SEGMENT_IN_997 = {"I4": "2", "I9": "2", "I6": "3", "I7": "3", "I8": "3"}
ELEMENT_IN_997 = {"I6": "7", "I9": "2", "I12": "6", "I10": "10", "I13": "10", "I11": "1"}
SET_IN_997 = {"I5": "5", "I6": "1"}
ELEMENT_IN_004010 = {"12": "3", "13": "3"}  # element 723 in 004010 stops at 10: no repetitions, no '13'


def describe(element_ref: str, code: str) -> str:
    """A code's meaning from its element's list, or a plain statement that it is not one we know (partners do
    invent codes)."""
    known = code_lists().get(element_ref)
    text = known.codes.get(code) if known is not None else None
    text = text or IMPLEMENTATION_CODES.get(element_ref, {}).get(code)
    return text or f"code {code!r} (not in the standard list)"
