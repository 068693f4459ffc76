"""The indicator-rules command line."""

import json

import pytest

from indicator_rules.cli import main


def test_explain_prints_score_and_reason(capsys):
    code = main(
        [
            "explain",
            "--target",
            ">=80%",
            "--weight",
            "10",
            "--actual",
            "72%",
            "--rule",
            "医保政策知晓率达80%得满分10分，否则每少10%扣2分",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "得分：8.00 / 10" in out and "每少10%扣2分" in out


def test_explain_json(capsys):
    assert (
        main(
            [
                "explain",
                "--target",
                "效果显著",
                "--weight",
                "10",
                "--grade",
                "部分达成年度指标并具有一定效果",
                "--ratio",
                "75%",
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["score"] == "7.50"


def test_parse_prints_canonical(capsys):
    assert main(["parse", "按时补助得20分，未按时补助不得分"]) == 0
    assert capsys.readouterr().out.strip() == "按时补助得满分20分，否则不得分"


def test_errors_go_to_stderr_with_status_2(capsys):
    assert main(["parse", "达标得满分10份"]) == 2
    captured = capsys.readouterr()
    assert (
        captured.out == "" and "评分标准:1:8:" in captured.err and "Traceback" not in captured.err
    )


EXAMPLE_RULES = "examples/chenggong-medical-insurance-2026.rules"
EXAMPLE_ACTUALS = "examples/chenggong-medical-insurance-2026-actuals.csv"


def _example(name):
    from pathlib import Path

    return str(Path(__file__).parent.parent / name)


class TestOutputFormat:
    def _score(self, *args):
        return main(["score", _example(EXAMPLE_RULES), _example(EXAMPLE_ACTUALS), *args])

    def test_the_extension_picks_the_format(self, tmp_path, capsys):
        """-o FILE without --format writes what the extension says."""
        pytest.importorskip("openpyxl")
        for name in ("t.xlsx", "t.json", "t.md", "t.html"):
            assert self._score("-o", str(tmp_path / name)) == 0
        assert (tmp_path / "t.xlsx").read_bytes()[:2] == b"PK"  # a zip: the workbook
        assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["grade"] == "优"
        assert (tmp_path / "t.md").read_text(encoding="utf-8").startswith("# 项目支出绩效自评表")
        assert "<html" in (tmp_path / "t.html").read_text(encoding="utf-8").lower()
        assert "已写入" in capsys.readouterr().out

    def test_svg_from_the_extension(self, tmp_path):
        pytest.importorskip("matplotlib")
        assert self._score("-o", str(tmp_path / "t.svg")) == 0
        assert "<svg" in (tmp_path / "t.svg").read_text(encoding="utf-8")

    def test_format_given_wins_when_the_extension_holds_it(self, tmp_path):
        """--format report -o X.md writes the 自评报告 (Markdown), not the 自评表."""
        assert self._score("--format", "report", "-o", str(tmp_path / "r.md")) == 0
        text = (tmp_path / "r.md").read_text(encoding="utf-8")
        assert not text.startswith("# 项目支出绩效自评表") and "自评" in text

    def test_an_unknown_extension_is_text(self, tmp_path):
        assert self._score("-o", str(tmp_path / "t.out")) == 0
        assert (tmp_path / "t.out").read_text(encoding="utf-8").startswith("项目支出绩效自评表")

    def test_conflict_names_both(self, tmp_path, capsys):
        """--format json with -o X.xlsx is an error naming the format and the extension."""
        code = self._score("--format", "json", "-o", str(tmp_path / "t.xlsx"))
        err = capsys.readouterr().err
        assert code == 2 and "--format json" in err and "t.xlsx" in err and ".xlsx" in err
        assert not (tmp_path / "t.xlsx").exists()


class TestWrittenFiles:
    @pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
    def test_mode_follows_the_umask(self, tmp_path, umask):
        """A written report has the mode open() would give (0o666 less the umask), not 0600."""
        import os

        from indicator_rules.report import write_text

        old = os.umask(umask)
        try:
            write_text(tmp_path / "a.txt", "x")
            main(
                [
                    "score",
                    _example(EXAMPLE_RULES),
                    _example(EXAMPLE_ACTUALS),
                    "-o",
                    str(tmp_path / "b.md"),
                ]
            )
        finally:
            os.umask(old)
        for name in ("a.txt", "b.md"):
            assert os.stat(tmp_path / name).st_mode & 0o777 == 0o666 & ~umask

    def test_an_existing_file_keeps_its_mode(self, tmp_path):
        import os

        from indicator_rules.report import write_text

        path = tmp_path / "a.txt"
        path.write_text("old", encoding="utf-8")
        os.chmod(path, 0o640)
        write_text(path, "new")
        assert os.stat(path).st_mode & 0o777 == 0o640 and path.read_text(encoding="utf-8") == "new"


class TestParser:
    def test_version(self, capsys):
        """--version prints the installed package's version."""
        from importlib.metadata import version

        with pytest.raises(SystemExit) as info:
            main(["--version"])
        assert info.value.code == 0
        assert capsys.readouterr().out.strip() == f"indicator-rules {version('indicator-rules')}"

    def test_every_option_of_every_command_has_help(self):
        """Walk the parser and each subcommand: no argument without a help text."""
        import argparse

        from indicator_rules.cli import build_parser

        missing, seen = [], 0
        pending = [("indicator-rules", build_parser())]
        while pending:
            name, parser = pending.pop()
            for action in parser._actions:
                if isinstance(action, argparse._SubParsersAction):
                    pending += [(f"{name} {n}", p) for n, p in action.choices.items()]
                seen += 1
                if not (action.help or "").strip():
                    missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
        assert seen > 40 and missing == []


class TestCheckOutput:
    def test_the_file_is_named_once(self, tmp_path, capsys):
        """A file with several problems: its path is printed once, each finding by line:col."""
        path = tmp_path / "bad.rules"
        path.write_text(
            "项目名称：测试\n全年预算数：100万元\n一级：产出\n二级：数量\n三级：甲\n"
            "  指标值：≥90%\n  分值：十\n三级：乙\n  指标值：≥90份\n  分值：10\n"
            "  评分标准：达标得满分10份\n",
            encoding="utf-8",
        )
        assert main(["check", str(path)]) == 1
        out = capsys.readouterr().out
        assert out.count(str(path)) == 1 and out.startswith(f"{path}\n")
        assert "  7:6: 错误：分值“十”无法读取" in out
        assert "  11:15: 错误：评分标准：此处不应出现“份”" in out
        assert "  警告：缺少一级指标“满意度指标”" in out
        assert "2 条" in out.splitlines()[-1] or "其中错误 2 条" in out

    def test_findings_keep_their_place_for_the_api(self):
        """lint_text's findings still say file:line:col once (the service shows `where`)."""
        from indicator_rules.lint import lint_text

        (error, *_) = lint_text(
            "项目名称：x\n一级：产出指标\n二级：数量指标\n三级：a\n指标值：≥9O%\n分值：10\n",
            "x.rules",
        )
        assert error.where == f"x.rules:5:{error.column}" and str(error).count("x.rules") == 1


class TestPartial:
    def test_an_incomplete_total_is_not_graded(self, tmp_path, capsys):
        """score --partial with actuals missing prints the total and says it is not graded."""
        from pathlib import Path

        full = Path(_example(EXAMPLE_ACTUALS)).read_text(encoding="utf-8").splitlines()
        partial = tmp_path / "a.csv"
        partial.write_text("\n".join([*full[:3], full[-1]]) + "\n", encoding="utf-8")
        assert main(["score", _example(EXAMPLE_RULES), str(partial), "--partial"]) == 0
        out = capsys.readouterr().out
        assert "评价等级：未定级（缺少" in out
        assert not any(f"评价等级：{g}" in out for g in "优良中差")
        assert main(["score", _example(EXAMPLE_RULES), str(partial), "--partial", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["grade"] == ""


class TestExplainInTheRuleWords:
    """explain takes rows without a target, answers in words, structured actuals, conditions,
    judgement and events by name — as score_row does."""

    def _run(self, capsys, *argv):
        code = main(["explain", *argv])
        out = capsys.readouterr()
        return code, out.out + out.err

    def test_an_answer_in_words_without_a_target(self, capsys):
        code, out = self._run(
            capsys, "--weight", "2", "--rule", "制度健全得2分，不健全不得分", "--actual", "不健全"
        )
        assert code == 0 and "得分：0.00 / 2" in out

    def test_a_checklist_by_numbers(self, capsys):
        rule = "设有目标(1分)目标明确(1分)目标细化(1分)"
        code, out = self._run(
            capsys, "--weight", "3", "--rule", rule, "--actual", '{"items": [1, 3]}'
        )
        assert code == 0 and "得分：2.00 / 3" in out

    def test_conditions_and_judgement(self, capsys):
        rule = "记录齐全得5分，记录不全酌情给分"
        code, out = self._run(
            capsys, "--weight", "5", "--rule", rule, "--conditions", "记录不全", "--judgement", "3"
        )
        assert code == 0 and "得分：3.00 / 5" in out

    def test_events_by_name(self, capsys):
        rule = "未及时宣传每次扣1分，资料不全每项扣2分"
        code, out = self._run(
            capsys, "--weight", "10", "--rule", rule, "--events", '{"未及时宣传": 2, "2": 1}'
        )
        assert code == 0 and "得分：6.00 / 10" in out

    def test_bad_json_is_a_clear_error(self, capsys):
        code, out = self._run(
            capsys, "--weight", "2", "--rule", "有方案得2分", "--actual", '{"items": [1'
        )
        assert code == 2 and "不是有效的 JSON" in out and "Traceback" not in out


def test_a_json_cell_in_an_actuals_file(tmp_path):
    from indicator_rules.actuals import read_actuals
    from indicator_rules.errors import IndicatorRulesError

    path = tmp_path / "a.csv"
    path.write_text(
        '指标名称,实际完成值\n清单,"{""items"": [1, 3]}"\n人数,250人\n', encoding="utf-8"
    )
    actuals = read_actuals(path)
    assert actuals.entries["清单"].actual == {"items": [1, 3]}
    assert actuals.entries["人数"].actual == "250人"
    path.write_text('指标名称,实际完成值\n清单,"{""items"": [1"\n', encoding="utf-8")
    with pytest.raises(IndicatorRulesError, match="不是有效的 JSON"):
        read_actuals(path)


def test_file_formats_need_a_matching_output(tmp_path, capsys):
    """--format xlsx/png/svg: refused without -o or with -o of another type, nothing written."""
    from pathlib import Path

    examples = Path(__file__).parent.parent / "examples"
    base = ["score", str(examples / "chenggong-medical-insurance-2026.rules"),
            str(examples / "chenggong-medical-insurance-2026-actuals.csv")]  # fmt: skip
    for fmt, output in (("xlsx", None), ("png", None), ("svg", "a.png"), ("xlsx", "a.csv")):
        args = [*base, "--format", fmt] + (["-o", str(tmp_path / output)] if output else [])
        assert main(args) == 2
        assert f".{fmt}" in capsys.readouterr().err  # names the extension the format needs
    assert not list(tmp_path.iterdir())
