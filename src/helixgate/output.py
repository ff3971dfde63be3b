"""Writing the report to a file (`--output`): all of it or none of it, and
never over one of the files being checked."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable

from .errors import HelixgateError, InputError
from .sources import discover

_TEMP_ATTEMPTS = 16


class OutputError(HelixgateError):
    """The report could not be written where --output says."""


def input_at(output: str, inputs: Iterable[str]) -> str | None:
    """The name of the input that `output` is, the same file once links are
    followed (a hard link included), looking inside folders as a run does;
    None if the output is none of them."""
    real = os.path.realpath(output)
    try:
        identity: tuple[int, int] | None = _identity(os.stat(output))
    except OSError:
        identity = None
    for found in discover(inputs):
        if isinstance(found, InputError) or found.path is None:
            continue
        if os.path.realpath(found.path) == real:
            return found.name
        with contextlib.suppress(OSError):
            if identity is not None and _identity(os.stat(found.path)) == identity:
                return found.name
    return None


def _identity(status: os.stat_result) -> tuple[int, int]:
    return (status.st_dev, status.st_ino)


def write_report(output: str, text: str) -> None:
    """Write `text` as UTF-8 to `output`, as `write_file` does."""
    write_file(output, text.encode("utf-8"), "the report")


def write_file(output: str, data: bytes, what: str) -> None:
    """Write `data` to `output`. A file (or a link's target) is replaced
    whole: the data go to a temporary file beside it, which is then renamed
    over it, so a failure leaves the old file as it was. What is not a file
    (a terminal, a pipe, /dev/null, /dev/stdout) is written to as a stream.
    OutputError, naming `what`, when it cannot be written."""
    target = os.path.realpath(output)
    try:
        status: os.stat_result | None = os.stat(output)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise OutputError(_cannot(output, what, error)) from error
    try:
        if status is None:
            _replace(target, data, None)
        elif stat.S_ISREG(status.st_mode) and _is_file(target, status):
            _replace(target, data, status.st_mode)
        else:
            with open(output, "wb") as stream:
                stream.write(data)
    except OSError as error:
        raise OutputError(_cannot(output, what, error)) from error


def _is_file(target: str, status: os.stat_result) -> bool:
    """Whether `target` is the file `status` describes: not so for a link of
    /proc (/dev/stdout), whose target is no path."""
    try:
        return _identity(os.stat(target)) == _identity(status)
    except OSError:
        return False


def _replace(target: str, data: bytes, mode: int | None) -> None:
    folder, name = os.path.split(target)
    descriptor, temp = _temporary(folder, name)
    try:
        with open(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, stat.S_IMODE(mode))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _temporary(folder: str, name: str) -> tuple[int, str]:
    """A new hidden file beside the target, created with the permissions a
    new file gets (0666 less the umask), and its name."""
    for _ in range(_TEMP_ATTEMPTS):
        temp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", folder)


def _cannot(output: str, what: str, error: OSError) -> str:
    reason = error.strerror or str(error)
    if error.errno == errno.ENOENT and not os.path.isdir(os.path.dirname(output) or "."):
        reason = "its folder does not exist"
    return f"cannot write {what} to {output!r}: {reason}"
