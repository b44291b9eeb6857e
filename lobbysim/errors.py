"""Errors a user can act on.

Every problem caused by input (a file, a scenario, a command-line option) is raised
as a :class:`LobbysimError` carrying one readable sentence that names the file, the
element and the problem. The command line prints that sentence and exits with the
error's ``exit_code``; the editor shows it in a dialog. Anything else is a bug.
"""

from __future__ import annotations


class LobbysimError(Exception):
    """A problem with the user's input, explained in one line."""

    #: exit code of the command line: 1 = the input is invalid, 2 = it cannot be read / wrong call
    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, element: str | None = None):
        self.path = path
        self.element = element
        self.message = message
        parts = []
        if path:
            parts.append(str(path))
        if element:
            parts.append(f"element '{element}'")
        prefix = ": ".join(parts)
        super().__init__(one_line(f"{prefix}: {message}" if prefix else message))


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes (``\\n``), so that
    a name taken from a file (a key, an id, a file name) cannot break the message over lines."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class FileReadError(LobbysimError):
    """The file is missing, unreadable, not JSON, or not a file of the expected kind."""

    exit_code = 2


class FormatError(LobbysimError):
    """The file was read but its content is not a valid document of its format."""

    exit_code = 1


class UsageError(LobbysimError):
    """The command line was called wrongly (unknown option value, missing argument)."""

    exit_code = 2


class ScenarioError(LobbysimError):
    """The scenario cannot run on this layout (impossible demand, unknown counter ...)."""

    exit_code = 1
