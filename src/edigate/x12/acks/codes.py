"""The acknowledgment code lists in plain English, and the 997 stand-ins for the 999's implementation codes.

Kept as a small table here (not read from the guides' data) because the acknowledgment layer must describe an
incoming 997 even when no implementation guide is installed. Keys are the X12 data element numbers; the 999's
lists (618, 620, 621) extend the 997's (718, 720, 723) with 'I' codes, so each table here holds both.
"""

from __future__ import annotations

INTERCHANGE_STATUS = {  # TA104, element I17
    "A": "accepted: the interchange header and trailer were received without errors",
    "E": "accepted with errors noted: the sender must not resend this data",
    "R": "rejected because of errors in the interchange envelope",
}

INTERCHANGE_NOTE = {  # TA105, element I18
    "000": "no error",
    "001": "the interchange control numbers in the header and trailer do not match",
    "002": "this standard (control standards identifier) is not supported",
    "003": "this version of the controls is not supported",
    "004": "the segment terminator is invalid",
    "005": "invalid interchange id qualifier for the sender",
    "006": "invalid interchange sender id",
    "007": "invalid interchange id qualifier for the receiver",
    "008": "invalid interchange receiver id",
    "009": "unknown interchange receiver id",
    "010": "invalid authorization information qualifier value",
    "011": "invalid authorization information value",
    "012": "invalid security information qualifier value",
    "013": "invalid security information value",
    "014": "invalid interchange date value",
    "015": "invalid interchange time value",
    "016": "invalid interchange standards identifier value",
    "017": "invalid interchange version id value",
    "018": "invalid interchange control number value",
    "019": "invalid acknowledgment requested value",
    "020": "invalid test indicator value",
    "021": "invalid number of included groups value",
    "022": "invalid control structure",
    "023": "improper (premature) end of file",
    "024": "invalid interchange content (e.g. an invalid GS segment)",
    "025": "duplicate interchange control number",
    "026": "invalid data element separator",
    "027": "invalid component element separator",
    "028": "invalid delivery date in deferred delivery request",
    "029": "invalid delivery time in deferred delivery request",
    "030": "invalid delivery time code in deferred delivery request",
    "031": "invalid grade of service code",
}

GROUP_STATUS = {  # AK901, element 715
    "A": "accepted",
    "E": "accepted, but errors were noted",
    "M": "rejected: message authentication code (MAC) failed",
    "P": "partially accepted: at least one transaction set was rejected",
    "R": "rejected",
    "W": "rejected: assurance failed validity tests",
    "X": "rejected: content after decryption could not be analyzed",
}

GROUP_ERROR = {  # AK905-AK909, element 716
    "1": "functional group not supported",
    "2": "functional group version not supported",
    "3": "functional group trailer missing",
    "4": "group control numbers in the header and trailer do not agree",
    "5": "number of included transaction sets does not match the actual count",
    "6": "group control number violates syntax",
    "10": "authentication key name unknown",
    "11": "encryption key name unknown",
    "12": "requested service (authentication or encryption) not available",
    "13": "unknown security recipient",
    "14": "unknown security originator",
    "15": "syntax error in decrypted text",
    "16": "security not supported",
    "17": "incorrect message length (encryption only)",
    "18": "message authentication code failed",
    "19": "functional group control number not unique within the interchange",
    "23": "S3E security end segment missing for S3S security start segment",
    "24": "S3S security start segment missing for S3E security end segment",
    "25": "S4E security end segment missing for S4S security start segment",
    "26": "S4S security start segment missing for S4E security end segment",
}

SET_STATUS = {  # AK501 / IK501, element 717
    "A": "accepted",
    "E": "accepted, but errors were noted",
    "M": "rejected: message authentication code (MAC) failed",
    "R": "rejected",
    "W": "rejected: assurance failed validity tests",
    "X": "rejected: content after decryption could not be analyzed",
}

SET_ERROR = {  # AK502-AK506 (718), IK502-IK506 (618)
    "1": "transaction set not supported",
    "2": "transaction set trailer missing",
    "3": "transaction set control numbers in the header and trailer do not match",
    "4": "number of included segments does not match the actual count",
    "5": "one or more segments in error",
    "6": "missing or invalid transaction set identifier",
    "7": "missing or invalid transaction set control number",
    "8": "authentication key name unknown",
    "9": "encryption key name unknown",
    "10": "requested service (authentication or encryption) not available",
    "11": "unknown security recipient",
    "12": "incorrect message length (encryption only)",
    "13": "message authentication code failed",
    "15": "unknown security originator",
    "16": "syntax error in decrypted text",
    "17": "security not supported",
    "18": "transaction set not in functional group",
    "19": "invalid transaction set implementation convention reference",
    "23": "transaction set control number not unique within the functional group",
    "24": "S3E security end segment missing for S3S security start segment",
    "25": "S3S security start segment missing for S3E security end segment",
    "26": "S4E security end segment missing for S4S security start segment",
    "27": "S4S security start segment missing for S4E security end segment",
    "I5": "implementation: one or more segments in error",
    "I6": "implementation convention not supported",
}

SEGMENT_ERROR = {  # AK304 (720), IK304 (620)
    "1": "unrecognized segment id",
    "2": "unexpected segment",
    "3": "mandatory segment missing",
    "4": "loop occurs over maximum times",
    "5": "segment exceeds maximum use",
    "6": "segment not in defined transaction set",
    "7": "segment not in proper sequence",
    "8": "segment has data element errors",
    "I4": "implementation 'not used' segment present",
    "I6": "implementation dependent segment missing",
    "I7": "implementation loop occurs under minimum times",
    "I8": "implementation segment below minimum use",
    "I9": "implementation dependent 'not used' segment present",
}

ELEMENT_ERROR = {  # AK403 (723), IK403 (621)
    "1": "mandatory data element missing",
    "2": "conditional required data element missing",
    "3": "too many data elements",
    "4": "data element too short",
    "5": "data element too long",
    "6": "invalid character in data element",
    "7": "invalid code value",
    "8": "invalid date",
    "9": "invalid time",
    "10": "exclusion condition violated",
    "12": "too many repetitions",
    "13": "too many components",
    "I10": "implementation 'not used' data element present",
    "I11": "implementation too few repetitions",
    "I12": "implementation pattern match failure",
    "I13": "implementation dependent 'not used' data element present",
    "I6": "code value not used in implementation",
    "I9": "implementation dependent data element missing",
}

# A 997 reports the standard's syntax only; a finding coded for the 999 is sent as its nearest standard code.
SEGMENT_IN_997 = {"I4": "2", "I9": "2", "I6": "3", "I7": "3", "I8": "3"}
ELEMENT_IN_997 = {"I6": "7", "I9": "2", "I12": "6", "I10": "10", "I13": "10", "I11": "1"}
SET_IN_997 = {"I5": "5", "I6": "1"}
ELEMENT_IN_004010 = {"12": "3", "13": "3"}  # element 723 in 004010 stops at 10: no repetitions, no '13'


def describe(table: dict[str, str], code: str) -> str:
    """A code's meaning, or a plain statement that it is not one we know (partners do invent codes)."""
    return table.get(code, f"code {code!r} (not in the standard list)")
