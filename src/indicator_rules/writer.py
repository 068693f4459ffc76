"""The one file writer: every file the library writes (reports, rule files, workbooks, charts,
summary.csv) goes out through `write_atomically`, so that writing never loses data.

- The new content goes to a temporary file in the target's own folder, is flushed to disk
  (fsync) and replaces the target in one step (`os.replace`); the folder is flushed after it
  where the system allows. A failure at any point leaves the old file as it was, and no
  temporary file behind.
- The file keeps the mode of the file it replaces; a new file gets the mode `open()` gives
  (0666 less the umask), not mkstemp's 0600.
- A symbolic link is written through: its target gets the content, the link stays a link.
- A read-only target (not writable by us, or with no write bit at all) is refused, not
  replaced — the rename would otherwise replace it silently, since only its folder is written.
- Every failure is an `OutputFileError` naming the path asked for, never the temporary file:
  a missing folder, a folder that cannot be written, a full disk.
- `refuse_inputs`: a command never writes over one of its own inputs, however the path is
  spelt (another spelling, a symbolic or a hard link: the same file by `os.path.samefile`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile

from .errors import OutputFileError

__all__ = ["refuse_inputs", "write_atomically", "write_bytes", "write_text"]

_REASONS = {
    errno.ENOENT: ("所在的文件夹不存在", "先建好文件夹，或换一个输出路径"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "检查输出路径"),
    errno.EACCES: ("没有写入权限（文件或所在文件夹不可写）", "换一个可写的位置"),
    errno.EPERM: ("没有写入权限（文件或所在文件夹不可写）", "换一个可写的位置"),
    errno.EROFS: ("所在的文件系统是只读的", "换一个可写的位置"),
    errno.ENOSPC: ("磁盘空间不足", "腾出空间后重试"),
    errno.EISDIR: ("是一个文件夹，不能写成文件", "在输出路径中写上文件名"),
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = ("超出磁盘配额", "腾出空间后重试")


def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it (/proc), else by the
    classic set-and-restore."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _failed(asked: str, error: OSError, existed: bool) -> OutputFileError:
    """`error` as ours, naming the path asked for (the temporary file's name is left out)."""
    reason, hint = _REASONS.get(error.errno, (f"无法写入：{error.strerror or error}", None))
    if existed:
        hint = f"{hint}；原文件未改动" if hint else "原文件未改动"
    return OutputFileError(f"无法写入文件：{reason}", source=asked, hint=hint)


def _existing(asked: str, target: str) -> os.stat_result | None:
    """The target's status, None when there is none yet; a read-only one or a folder is refused."""
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _failed(asked, error, False) from error
    if stat.S_ISDIR(status.st_mode):
        raise _failed(asked, IsADirectoryError(errno.EISDIR, "is a directory"), False)
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise OutputFileError(
            "文件是只读的，没有覆盖", source=asked, hint="去掉只读属性，或换一个输出文件名"
        )
    return status


def _sync(path: str) -> None:
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_folder(folder: str) -> None:
    """Flush the rename itself to disk (POSIX; Windows cannot open a folder to flush it). The new
    file is in place by now: a file system that refuses (EINVAL) leaves nothing to undo."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def write_atomically(path, write) -> None:
    """Call `write(tmp_path)`, then put the finished file in place of `path` (see the module's
    docstring); `write` writes the whole file at the path it is given."""
    asked = os.fspath(path)
    target = os.path.realpath(asked)  # through a symbolic link: its target is replaced
    status = _existing(asked, target)
    folder = os.path.dirname(target)
    try:
        handle, tmp = tempfile.mkstemp(
            prefix=".indicator-rules-", suffix=os.path.splitext(target)[1], dir=folder
        )
    except OSError as error:
        raise _failed(asked, error, status is not None) from error
    os.close(handle)
    try:
        write(tmp)
        _sync(tmp)
        os.chmod(tmp, status.st_mode & 0o7777 if status else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise _failed(asked, error, status is not None) from error
        raise
    _sync_folder(folder)


def write_bytes(path, data: bytes) -> None:
    def write(tmp):
        with open(tmp, "wb") as handle:
            handle.write(data)

    write_atomically(path, write)


def write_text(path, text: str) -> None:
    """`text` in UTF-8, as `open(path, "w", encoding="utf-8")` writes it."""

    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)

    write_atomically(path, write)


def _same_file(a, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # either is missing (the output not written yet), or unnamed
        return False


def refuse_inputs(output, inputs, *, what: str = "输入文件") -> None:
    """Refuse to write `output` when it is one of `inputs` (None entries are skipped)."""
    if output is None:
        return
    for source in inputs:
        if source is not None and _same_file(output, source):
            raise OutputFileError(
                f"输出文件就是{what}“{os.fspath(source)}”，不能覆盖",
                source=os.fspath(output),
                hint="用 -o 指定另一个文件",
            )
