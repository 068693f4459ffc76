"""score DIR: many projects paired by name, scored in parallel, a progress bar on a terminal,
one summary, and a broken project reported without stopping the rest."""

import csv
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from indicator_rules.cli import main
from indicator_rules.errors import InputFileError
from indicator_rules.many import find_jobs, score_many
from indicator_rules.project import load

EXAMPLES = Path(__file__).parent.parent / "examples"
RULES = (EXAMPLES / "chenggong-medical-insurance-2026.rules").read_text(encoding="utf-8")
ACTUALS = (EXAMPLES / "chenggong-medical-insurance-2026-actuals.csv").read_text(encoding="utf-8")
BROKEN = 137  # the planted broken project


def _generate(folder: Path, count: int, broken: int | None = None) -> None:
    """`count` projects: the bundled example renamed, with actuals that vary per project."""
    folder.mkdir(exist_ok=True)
    for number in range(count):
        name = f"项目{number:03d}"
        rules = RULES.replace("医疗保险专项经费项目", f"医疗保险专项经费项目{number}")
        if number == broken:
            rules = rules.replace("得满分10分，否则每少10%扣2分", "得满分10份，否则每少10%扣2分")
        actuals = ACTUALS.replace("72%", f"{50 + number % 40}%").replace(
            "145000元", f"{140000 + number * 50}元"
        )
        (folder / f"{name}.rules").write_text(rules, encoding="utf-8")
        suffix, encoding = (".tsv", "gbk") if number % 3 == 0 else (".csv", "utf-8")
        if suffix == ".tsv":
            actuals = actuals.replace(",", "\t")
        (folder / f"{name}-actuals{suffix}").write_text(actuals, encoding=encoding)


def _run_in_pty(args, cwd):
    """Run the CLI with stdout and stderr on a pseudo-terminal; return (status, output)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = dict(os.environ, COLUMNS="100", PYTHONIOENCODING="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "indicator_rules.cli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


class TestPairing:
    """X.rules ↔ X-actuals.csv|.tsv|.txt|.json|.xlsx beside it."""

    def test_pairs_and_problems(self, tmp_path):
        """One actuals file pairs; none or two are that project's problem."""
        (tmp_path / "A.rules").write_text(RULES, encoding="utf-8")
        (tmp_path / "A-actuals.tsv").write_text(ACTUALS, encoding="utf-8")
        (tmp_path / "B.rules").write_text(RULES, encoding="utf-8")
        (tmp_path / "C.rules").write_text(RULES, encoding="utf-8")
        (tmp_path / "C-actuals.csv").write_text(ACTUALS, encoding="utf-8")
        (tmp_path / "C-actuals.json").write_text("{}", encoding="utf-8")
        a, b, c = find_jobs([tmp_path])
        assert a.actuals == str(tmp_path / "A-actuals.tsv") and not a.problem
        assert b.actuals is None and "找不到" in b.problem
        assert "不止一个" in c.problem and "C-actuals.json" in c.problem
        with pytest.raises(InputFileError, match="不是规则文件"):
            find_jobs([tmp_path / "A-actuals.tsv"])

    def test_parallel_equals_sequential(self, tmp_path, monkeypatch):
        """Worker processes give the outcomes one process gives, in the same order."""
        monkeypatch.setattr("indicator_rules.many.PARALLEL_FROM", 2)
        _generate(tmp_path / "p", 20, broken=7)
        one = score_many([tmp_path / "p"], workers=1)
        two = score_many([tmp_path / "p"], workers=2)
        assert one == two and [o.ok for o in one].count(False) == 1


class TestManyProjects:
    """The acceptance run: 200 projects under a pseudo-terminal."""

    def test_200_projects_in_a_pty(self, tmp_path):
        """A progress bar, a summary, the broken project reported, the other 199 scored."""
        folder, out = tmp_path / "projects", tmp_path / "out"
        _generate(folder, 200, broken=BROKEN)
        status, output = _run_in_pty(["score", str(folder), "-o", str(out)], tmp_path)
        assert status == 1  # one project failed
        assert "200/200" in output and "\r" in output  # the bar, redrawn in place
        assert "共200个项目：成功199个，失败1个" in output
        broken = f"项目{BROKEN:03d}"
        assert f"失败：{broken}：" in output and "“分”" in output
        with open(out / "summary.csv", encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == 200
        for row in rows[::23]:  # the summary agrees with scoring the pair alone
            if row["项目"] == broken:
                continue
            folder_rules = folder / f"{row['项目']}.rules"
            actuals = next(folder.glob(f"{row['项目']}-actuals.*"))
            evaluation = load(folder_rules).evaluate(str(actuals))
            assert (row["总分"], row["等级"]) == (str(evaluation.total), evaluation.grade)
            assert (
                (out / f"{row['项目']}-自评表.txt")
                .read_text(encoding="utf-8")
                .startswith("项目支出绩效自评表")
            )
        failed = next(r for r in rows if r["项目"] == broken)
        assert failed["总分"] == "" and failed["未评分"] == "1" and ":" in failed["说明"]

    def test_quiet_and_not_a_terminal(self, tmp_path, capsys):
        """--quiet under a terminal, and any run off a terminal, draw no bar."""
        _generate(tmp_path / "p", 3)
        status, output = _run_in_pty(["score", str(tmp_path / "p"), "--quiet"], tmp_path)
        assert status == 0 and "3/3" not in output and "共3个项目：成功3个" in output
        assert main(["score", str(tmp_path / "p")]) == 0
        captured = capsys.readouterr()
        assert "3/3" not in captured.err and "共3个项目" in captured.out


class TestFormats:
    """-o OUTDIR writes each project's 自评表 in every --format `score` knows."""

    @pytest.mark.parametrize(
        ("fmt", "name", "start"),
        [
            ("text", "自评表.txt", "项目支出绩效自评表".encode()),
            ("json", "自评表.json", b"{"),
            ("markdown", "自评表.md", "# 项目支出绩效自评表".encode()),
            ("xlsx", "自评表.xlsx", b"PK\x03\x04"),
            ("report", "自评报告.md", b"# "),
            ("html", "自评表.html", b"<!DOCTYPE html>"),
            ("report-html", "自评报告.html", b"<!DOCTYPE html>"),
            ("png", "自评表.png", b"\x89PNG"),
            ("svg", "自评表.svg", b"<?xml"),
        ],
    )
    def test_each_format(self, tmp_path, capsys, fmt, name, start):
        """Every project's file in the format asked for; the summary as always (no traceback)."""
        pytest.importorskip(
            {"png": "matplotlib", "svg": "matplotlib", "xlsx": "openpyxl"}.get(fmt, "csv")
        )
        _generate(tmp_path / "p", 2)
        out = tmp_path / "out"
        assert main(["score", str(tmp_path / "p"), "--format", fmt, "-o", str(out)]) == 0
        for number in range(2):
            assert (out / f"项目{number:03d}-{name}").read_bytes().startswith(start), number
        assert "共2个项目：成功2个" in capsys.readouterr().out
