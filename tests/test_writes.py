"""Writing files (writer.py): atomic with fsync, the old file intact after any failure, modes
kept, symbolic links written through, read-only targets refused, errors naming the path asked
for, and no command writing over its own input."""

import errno
import os
from pathlib import Path

import pytest

from indicator_rules import OutputFileError, load
from indicator_rules import writer as writer_module
from indicator_rules.cli import main
from indicator_rules.report import write_evaluation
from indicator_rules.writer import write_atomically, write_text

EXAMPLES = Path(__file__).parent.parent / "examples"
RULES = EXAMPLES / "chenggong-medical-insurance-2026.rules"
ACTUALS = EXAMPLES / "chenggong-medical-insurance-2026-actuals.csv"
OLD = "旧的自评表\n".encode()


@pytest.fixture
def old(tmp_path) -> Path:
    path = tmp_path / "自评表.json"
    path.write_bytes(OLD)
    return path


def _left(folder: Path) -> list[str]:
    """Temporary files left in `folder`."""
    return [name for name in os.listdir(folder) if name.startswith(".indicator-rules-")]


def _half_then(error: BaseException):
    def write(tmp):
        with open(tmp, "wb") as handle:
            handle.write(b'{"total": ')  # half a report
        raise error

    return write


class TestFailureMidWrite:
    def test_a_full_disk_halfway_leaves_the_old_file(self, old):
        """ENOSPC while writing: the old bytes are intact, no temporary file is left, and the
        error names the report (not the temporary file) and the disk."""
        with pytest.raises(OutputFileError) as info:
            write_atomically(old, _half_then(OSError(errno.ENOSPC, "No space left on device")))
        assert old.read_bytes() == OLD and _left(old.parent) == []
        text = str(info.value)
        assert str(old) in text and "磁盘空间不足" in text and "原文件未改动" in text
        assert ".indicator-rules-" not in text

    def test_any_other_exception_halfway_leaves_the_old_file(self, old):
        """Not an OSError (an interrupt, a bug): raised as it is, the old file intact."""
        with pytest.raises(KeyboardInterrupt):
            write_atomically(old, _half_then(KeyboardInterrupt()))
        assert old.read_bytes() == OLD and _left(old.parent) == []

    @pytest.mark.parametrize("failing", ["fsync", "replace", "chmod"])
    def test_a_failing_step_leaves_the_old_file(self, old, monkeypatch, failing):
        """fsync, chmod or os.replace failing: old file intact, nothing left behind."""

        def fail(*args, **kwargs):
            raise OSError(errno.EIO, "Input/output error")

        monkeypatch.setattr(writer_module.os, failing, fail)
        with pytest.raises(OutputFileError) as info:
            write_text(old, "新的自评表")
        monkeypatch.undo()
        assert old.read_bytes() == OLD and _left(old.parent) == []
        assert str(info.value).startswith(f"{old}: ")

    @pytest.mark.parametrize("fmt", ["json", "markdown", "xlsx"])
    def test_a_report_that_cannot_be_flushed_leaves_the_old_one(self, old, monkeypatch, fmt):
        """The real writers of each format, with the disk failing at the flush."""
        if fmt == "xlsx":
            pytest.importorskip("openpyxl")
        evaluation = load(RULES).evaluate(ACTUALS)

        def fail(handle):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(writer_module.os, "fsync", fail)
        with pytest.raises(OutputFileError):
            write_evaluation(evaluation, old, fmt)
        assert old.read_bytes() == OLD and _left(old.parent) == []

    def test_the_file_is_flushed_before_it_replaces_the_old_one(self, old, monkeypatch):
        """fsync of the new file, then the rename, then fsync of the folder."""
        steps = []
        fsync, replace = os.fsync, os.replace

        def flushed(handle):
            steps.append("folder" if os.path.isdir(f"/proc/self/fd/{handle}") else "file")
            fsync(handle)

        def replaced(*args):
            steps.append("replace")
            replace(*args)

        monkeypatch.setattr(writer_module.os, "fsync", flushed)
        monkeypatch.setattr(writer_module.os, "replace", replaced)
        write_text(old, "新")
        if os.path.isdir("/proc/self/fd"):
            assert steps == ["file", "replace", "folder"]
        else:
            assert steps[:2] == ["file", "replace"]
        assert old.read_text(encoding="utf-8") == "新"


class TestTarget:
    def test_an_existing_file_keeps_its_mode(self, old):
        os.chmod(old, 0o604)
        write_text(old, "新")
        assert os.stat(old).st_mode & 0o777 == 0o604

    def test_a_symbolic_link_is_written_through(self, tmp_path):
        """The link's target gets the content; the link stays a link; nothing is left in
        either folder."""
        (tmp_path / "real").mkdir()
        target = tmp_path / "real" / "自评表.md"
        target.write_bytes(OLD)
        os.chmod(target, 0o640)
        link = tmp_path / "link.md"
        link.symlink_to(target)
        write_text(link, "新")
        assert link.is_symlink() and os.readlink(link) == str(target)
        assert target.read_text(encoding="utf-8") == "新"
        assert os.stat(target).st_mode & 0o777 == 0o640
        assert _left(tmp_path) == [] and _left(target.parent) == []

    def test_a_dangling_link_gets_its_target_made(self, tmp_path):
        link = tmp_path / "link.md"
        link.symlink_to(tmp_path / "new.md")
        write_text(link, "新")
        assert link.is_symlink() and (tmp_path / "new.md").read_text(encoding="utf-8") == "新"

    def test_a_read_only_file_is_refused(self, old):
        """Mode 0444: refused (even for root, who could replace it), the file as it was."""
        os.chmod(old, 0o444)
        with pytest.raises(OutputFileError) as info:
            write_text(old, "新")
        assert old.read_bytes() == OLD and "只读" in str(info.value) and str(old) in str(info.value)
        assert _left(old.parent) == []

    def test_a_folder_is_refused(self, tmp_path):
        with pytest.raises(OutputFileError) as info:
            write_text(tmp_path, "新")
        assert "文件夹" in str(info.value) and str(tmp_path) in str(info.value)


class TestFolder:
    def test_a_missing_folder_is_named(self, tmp_path):
        path = tmp_path / "没有" / "自评表.md"
        with pytest.raises(OutputFileError) as info:
            write_text(path, "新")
        text = str(info.value)
        assert text.startswith(f"{path}: ") and "文件夹不存在" in text
        assert ".indicator-rules-" not in text

    def test_a_folder_that_cannot_be_written_is_named(self, tmp_path, monkeypatch):
        """EACCES making the temporary file (as a folder without write permission gives;
        simulated, since root may write anywhere): the path asked for, never the temp file."""

        def refuse(*args, **kwargs):
            name = os.path.join(tmp_path, ".indicator-rules-abc.md")
            raise PermissionError(errno.EACCES, "Permission denied", name)

        monkeypatch.setattr(writer_module.tempfile, "mkstemp", refuse)
        with pytest.raises(OutputFileError) as info:
            write_text(tmp_path / "自评表.md", "新")
        text = str(info.value)
        assert str(tmp_path / "自评表.md") in text and "没有写入权限" in text
        assert ".indicator-rules-" not in text

    @pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
    def test_a_read_only_folder_is_named(self, tmp_path):
        folder = tmp_path / "只读"
        folder.mkdir()
        os.chmod(folder, 0o555)
        try:
            with pytest.raises(OutputFileError) as info:
                write_text(folder / "自评表.md", "新")
        finally:
            os.chmod(folder, 0o755)
        assert str(folder / "自评表.md") in str(info.value)


def _spellings(tmp_path: Path, source: Path) -> dict[str, Path]:
    """The same file as another path: itself, another spelling, a symbolic and a hard link."""
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    (tmp_path / "sub").mkdir()
    symbolic = tmp_path / "link"
    symbolic.symlink_to(copy)
    hard = tmp_path / "hard"
    os.link(copy, hard)
    return {
        "same": copy,
        "spelling": tmp_path / "sub" / ".." / f"./{source.name}",
        "symlink": symbolic,
        "hardlink": hard,
    }


class TestOwnInputs:
    @pytest.mark.parametrize("how", ["same", "spelling", "symlink", "hardlink"])
    @pytest.mark.parametrize("which", ["rules", "actuals"])
    def test_score_never_writes_over_its_input(self, tmp_path, capsys, how, which):
        source = RULES if which == "rules" else ACTUALS
        output = _spellings(tmp_path, source)[how]
        inputs = {"rules": RULES, "actuals": ACTUALS}
        inputs[which] = tmp_path / source.name
        before = source.read_bytes()
        code = main(["score", str(inputs["rules"]), str(inputs["actuals"]), "-o", str(output)])
        err = capsys.readouterr().err
        assert code == 2 and "输出文件就是输入文件" in err and str(output) in err
        assert (tmp_path / source.name).read_bytes() == before

    @pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
    def test_convert_never_writes_over_its_input(self, tmp_path, capsys, how):
        output = _spellings(tmp_path, RULES)[how]
        source = tmp_path / RULES.name
        before = source.read_bytes()
        code = main(["convert", str(source), "-o", str(output)])
        err = capsys.readouterr().err
        assert code == 2 and "输出文件就是输入文件" in err
        assert source.read_bytes() == before

    def test_another_output_is_written(self, tmp_path):
        assert main(["score", str(RULES), str(ACTUALS), "-o", str(tmp_path / "r.md")]) == 0
        assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# ")
