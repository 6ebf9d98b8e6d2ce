"""A hardened XML reader: partner XML is untrusted input, so it may not reach the network, the file system or RAM.

lxml (libxml2) is configured so that nothing outside the bytes given is ever read: no external DTD or entity
is loaded (``load_dtd=False``, ``no_network=True``), no entity is substituted (``resolve_entities=False``), and
libxml2's own limits on text node size and nesting stay on (``huge_tree=False``). On top of that a document
that declares any entity in its DOCTYPE is refused outright: business documents (cXML, UBL) never need one, and
a declared entity is how billion-laughs and XXE attacks start, so refusing says clearly what is wrong instead
of quietly reading a document with holes in it. An external DOCTYPE (cXML's ``<!DOCTYPE cXML SYSTEM "...">``)
is allowed and simply not fetched.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree


@dataclass(frozen=True, slots=True)
class XmlLimits:
    """How much XML one document may cost. The defaults are far above any real order, invoice or ASN."""

    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 64
    max_elements: int = 500_000


DEFAULT_LIMITS = XmlLimits()


class XmlInputError(ValueError):
    """XML that cannot (or may not) be read: ``code`` is the problem's kebab-case name, ``line`` where it is."""

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


def _parser() -> etree.XMLParser:
    """A fresh parser per document (lxml parsers keep state and are not safe to share across threads)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def read_xml(data: bytes, limits: XmlLimits = DEFAULT_LIMITS) -> etree._Element:
    """Parse ``data`` into its root element, or raise XmlInputError saying why it was refused."""
    if len(data) > limits.max_bytes:
        raise XmlInputError("xml-too-large", f"XML of {len(data)} bytes is over the limit of {limits.max_bytes}")
    if not data.strip():
        raise XmlInputError("xml-not-well-formed", "the file is empty", 1)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc) from None
    _refuse_entities(root)
    _check_shape(root, limits)
    return root


def _syntax_error(exc: etree.XMLSyntaxError) -> XmlInputError:
    """libxml2's message, with the line it gives; entity trouble gets its own code so it stands out."""
    message = str(exc.msg or exc)
    lowered = message.lower()
    if "excessive depth" in lowered:
        return XmlInputError("xml-too-deep", f"XML nests too deep: {message}", exc.lineno or None)
    if "entit" in lowered or "amplification" in lowered:
        text = f"XML uses entities, which are refused (XXE / entity expansion): {message}"
        return XmlInputError("xml-entity-refused", text, exc.lineno or None)
    return XmlInputError("xml-not-well-formed", f"XML is not well-formed: {message}", exc.lineno or None)


def _refuse_entities(root: etree._Element) -> None:
    """Refuse any declared or referenced entity: that is where XXE and entity-expansion bombs live."""
    dtd = root.getroottree().docinfo.internalDTD
    declared = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
    if declared:
        names = ", ".join(declared[:5])
        raise XmlInputError(
            "xml-entity-refused",
            f"the DOCTYPE declares entities ({names}); entity declarations are refused (XXE / entity expansion)",
            1,
        )
    for node in root.iter(etree.Entity):
        raise XmlInputError(
            "xml-entity-refused", f"reference to undeclared entity &{node.name}; refused", node.sourceline
        )


def _check_shape(root: etree._Element, limits: XmlLimits) -> None:
    """Bound the element count and depth, so a pathological tree cannot stall the mapping that follows."""
    count = 0
    stack: list[tuple[etree._Element, int]] = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if count > limits.max_elements:
            raise XmlInputError("xml-too-large", f"more than {limits.max_elements} elements", element.sourceline)
        if depth > limits.max_depth:
            raise XmlInputError(
                "xml-too-deep", f"elements nested deeper than {limits.max_depth} levels", element.sourceline
            )
        stack.extend((child, depth + 1) for child in element if isinstance(child.tag, str))
