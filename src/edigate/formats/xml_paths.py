"""Writing XML along the simple paths the XML maps use, so one path serves reading (as XPath) and writing.

A map path is a '/'-separated list of steps. A step is an element name with an optional namespace prefix and
optional attribute predicates (``Credential[@domain='SCAC']``); the last step may be an attribute (``@orderID``)
or '.' (the context element itself); '..' steps up to the parent (a UBL DespatchLine read from its order).
That subset is valid XPath for reading and is enough to build the element again for writing: predicates become
attributes of the created element.
"""

from __future__ import annotations

import re

from lxml import etree

_STEP = re.compile(r"^(?P<name>[\w.:-]+)(?P<preds>(\[@[\w:.-]+='[^']*'\])*)$")
_PRED = re.compile(r"\[@(?P<attr>[\w:.-]+)='(?P<value>[^']*)'\]")


class PathError(ValueError):
    """A map path outside the writable subset (a map bug, found when the map is compiled)."""


def clark(name: str, namespaces: dict[str, str]) -> str:
    """'cbc:ID' -> '{urn:...}ID' using the map's prefixes; a name without prefix stays in no namespace."""
    if ":" not in name:
        return name
    prefix, local = name.split(":", 1)
    if prefix == "xml":
        return f"{{http://www.w3.org/XML/1998/namespace}}{local}"
    if prefix not in namespaces:
        raise PathError(f"unknown namespace prefix {prefix!r} in {name!r}")
    return f"{{{namespaces[prefix]}}}{local}"


def split_step(step: str, namespaces: dict[str, str]) -> tuple[str, dict[str, str]]:
    """One element step -> (Clark name, attributes its predicates require)."""
    match = _STEP.match(step)
    if not match:
        raise PathError(f"path step {step!r} is not name or name[@attr='value']")
    attrs = {clark(m["attr"], namespaces): m["value"] for m in _PRED.finditer(match["preds"])}
    return clark(match["name"], namespaces), attrs


def check_path(path: str, namespaces: dict[str, str]) -> None:
    """Raise PathError unless ``path`` is in the writable subset."""
    if "//" in path:
        raise PathError(f"path step '//' in {path!r}: any-depth paths cannot be written; spell the path out")
    steps = [s for s in path.split("/") if s]
    for step in steps[:-1]:
        if step != "..":
            split_step(step, namespaces)
    last = steps[-1] if steps else "."
    if last in (".", ".."):
        return
    if last.startswith("@"):
        clark(last[1:], namespaces)
    else:
        split_step(last, namespaces)


def _find_child(parent: etree._Element, tag: str, attrs: dict[str, str]) -> etree._Element | None:
    for child in parent.iterchildren(tag):
        if all(child.get(key) == value for key, value in attrs.items()):
            return child
    return None


def _step(parent: etree._Element, step: str, namespaces: dict[str, str], new: bool) -> etree._Element:
    tag, attrs = split_step(step, namespaces)
    found = None if new else _find_child(parent, tag, attrs)
    if found is not None:
        return found
    child = etree.SubElement(parent, tag)
    for key, value in attrs.items():
        child.set(key, value)
    return child


def ensure(context: etree._Element, path: str, namespaces: dict[str, str], new_last: bool = False) -> etree._Element:
    """The element at ``path`` below ``context`` (an attribute step excluded), created where missing.

    With ``new_last`` the last element step is always created afresh: one element per item of a list.
    """
    steps = [s for s in path.split("/") if s and s != "."]
    if steps and steps[-1].startswith("@"):
        steps = steps[:-1]
    element = context
    for index, step in enumerate(steps):
        if step == "..":
            element = element.getparent()
            continue
        element = _step(element, step, namespaces, new_last and index == len(steps) - 1)
    return element


def put(context: etree._Element, path: str, text: str, namespaces: dict[str, str]) -> None:
    """Write ``text`` at ``path``: an attribute when the path ends in '@name', else the element's text."""
    element = ensure(context, path, namespaces)
    last = path.rsplit("/", 1)[-1]
    if last.startswith("@"):
        element.set(clark(last[1:], namespaces), text)
    else:
        element.text = text
