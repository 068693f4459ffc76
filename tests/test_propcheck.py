"""`indicator-rules test` and propcheck.check_properties: each planted fault is found with a
counterexample where the fault is; the bundled examples have none."""

import importlib
import json
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from indicator_rules import (
    MissingExtraError,
    RuleConflictError,
    RuleFileError,
    load,
    parse_rule,
    parse_target,
)
from indicator_rules.cli import main
from indicator_rules.model import Quantity
from indicator_rules.outcome import Outcome
from indicator_rules.project import Indicator, Project
from indicator_rules.propcheck import KINDS, check_properties, load_overlapping
from indicator_rules.rules import parse_rule_overlapping

ROOT = Path(__file__).parent.parent
PLANTED = ROOT / "tests" / "data" / "kit" / "planted.rules"
EXAMPLES = sorted((ROOT / "examples").glob("*.rules"))
FEW = 10  # examples per property: the boundary values find the planted faults, quickly


def _amount(shown: str) -> Decimal:
    return Decimal(shown.removesuffix("%"))


@pytest.fixture(scope="module")
def planted():
    findings = check_properties(PLANTED, max_examples=FEW)
    by_name: dict = {}
    for finding in findings:
        by_name.setdefault(finding.indicator, {})[finding.kind] = finding
    return by_name


class TestPlanted:
    """tests/data/kit/planted.rules: a gap, an overlap, a rule scoring a better result lower."""

    def test_the_gap_between_60_and_80(self, planted):
        """≥90 / 80–90 / <60: the counterexample lies strictly between 60% and 80%."""
        finding = planted["验收合格率"]["gap"]
        assert finding.line == 10 and finding.where == f"{PLANTED}:10"
        (record,) = finding.counterexample
        assert 60 < _amount(record["actual"]) < 80
        assert record["score"] is None  # the row refuses a value in the gap

    def test_the_overlap_of_two_bands(self, planted):
        """≥90% beside 80%-95%: the counterexample is in [90%, 95%), and both bands are named."""
        finding = planted["设备完好率"]["overlap"]
        (record,) = finding.counterexample
        assert 90 <= _amount(record["actual"]) < 95
        assert "≥90%" in finding.message and "≥80%且<95%" in finding.message

    def test_the_better_result_scoring_lower(self, planted):
        """≥90%得8分 above 80%-90%得10分: the better value is ≥90%, the worse in [80%, 90%)."""
        finding = planted["任务完成率"]["monotone"]
        better, worse = finding.counterexample
        assert _amount(better["actual"]) >= 90 and 80 <= _amount(worse["actual"]) < 90
        assert Decimal(better["score"]) < Decimal(worse["score"])

    def test_full_marks_below_the_target_is_found_too(self, planted):
        """The same rule gives full marks at 80%–90%, below the target ≥90%."""
        (record,) = planted["任务完成率"]["unmet"].counterexample
        assert 80 <= _amount(record["actual"]) < 90 and record["score"] == "10.00"

    def test_the_normal_indicator_has_no_finding(self, planted):
        assert "培训人数" not in planted
        assert set(planted) == {"验收合格率", "设备完好率", "任务完成率"}

    def test_the_same_seed_finds_the_same(self, planted):
        """Seeded, without a database: a second run agrees, finding for finding."""
        first = [f for kinds in planted.values() for f in kinds.values()]
        again = check_properties(load_overlapping(PLANTED), max_examples=FEW)
        assert sorted(map(str, again)) == sorted(map(str, first))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem[:20])
def test_the_bundled_examples_have_no_finding(path):
    assert check_properties(path, max_examples=FEW) == []


class TestOverlappingBands:
    """`load` and `check` refuse overlapping bands; `test` reads them to show the value."""

    RULE = "≥90%得10分；80%-95%得8分；80%以下不得分"

    def test_parse_rule_refuses_and_the_overlapping_parse_keeps_both(self):
        rule = parse_rule_overlapping(self.RULE)
        value = Quantity(amount=92, unit=rule.bands[0].lower.value.unit)
        assert sum(band.holds(value) for band in rule.bands) == 2
        with pytest.raises(RuleConflictError, match="分档重叠"):
            parse_rule(self.RULE)  # the overlapping parse leaves the cache alone

    def test_an_end_claimed_twice_is_kept_by_both(self):
        """80%(含)-90%(含) beside ≥90%: 90% lies in both (refused by parse_rule)."""
        rule = parse_rule_overlapping("≥90%得10分；80%(含)-90%(含)得8分；80%以下不得分")
        value = Quantity(amount=90, unit=rule.bands[0].lower.value.unit)
        assert sum(band.holds(value) for band in rule.bands) == 2

    def test_load_refuses_the_planted_file_and_test_reads_it(self):
        with pytest.raises(RuleFileError, match="分档重叠"):
            load(PLANTED)
        assert len(load_overlapping(PLANTED).indicators) == 4


def _broken_row():
    """A row whose scorer (not the library's) scores 12 of 10 and explains 得5分."""

    def scorer(value, events=None, facts=None):
        return Outcome(Decimal(12), True, (), lambda outcome: "得5分", False, value, events)

    indicator = Indicator(
        level1="产出指标",
        level2="质量指标",
        name="坏指标",
        target=parse_target("效果显著"),
        weight=Decimal(10),
        line=7,
        scorer=scorer,
    )
    return Project(name="示例", indicators=(indicator,), source="broken.rules")


def test_a_score_outside_the_weight_and_a_wrong_explanation_are_found():
    findings = {f.kind: f for f in check_properties(_broken_row(), max_examples=10)}
    assert set(findings) == {"range", "explanation", "unreachable"}
    assert str(findings["range"]).startswith("broken.rules:7: 得分超出[0, 分值]：坏指标：得分12")
    assert findings["explanation"].counterexample[0]["score"] == "12.00"


def test_an_exception_not_the_librarys_is_a_finding_not_a_crash():
    """A scorer raising TypeError: the search goes on, and the finding names the exception."""

    def scorer(value, events=None, facts=None):
        raise TypeError("unhashable")

    indicator = attrs.evolve(_broken_row().indicators[0], scorer=scorer)
    project = Project(name="示例", indicators=(indicator,), source="broken.rules")
    findings = {f.kind: f for f in check_properties(project, max_examples=5)}
    assert findings["crash"].message == "TypeError: unhashable"
    assert findings["crash"].counterexample[0]["score"] is None


def test_without_hypothesis_the_command_names_the_extra(monkeypatch, capsys):
    for name in [m for m in sys.modules if m == "hypothesis" or m.startswith("hypothesis.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "indicator_rules.propcheck", raising=False)
    monkeypatch.delitem(sys.modules, "indicator_rules.strategies", raising=False)
    assert main(["test", str(PLANTED)]) == 2
    assert "pip install 'indicator-rules[testing]'" in capsys.readouterr().err
    with pytest.raises(MissingExtraError):
        importlib.import_module("indicator_rules.propcheck")


class TestCommand:
    """indicator-rules test FILE…: text or --json, a progress line per file, exit status."""

    def test_findings_exit_1_with_each_counterexample(self, capsys):
        assert main(["test", str(PLANTED), "--max-examples", str(FEW)]) == 1
        out, err = capsys.readouterr()
        assert out.startswith(f"{PLANTED}\n")
        assert "  10: 分档之间的空档：验收合格率：" in out and "（反例：实际" in out
        assert "4个指标，4条结果" in out
        assert f"[1/1] {PLANTED}：4个指标，4条结果，用时" in err

    def test_nothing_found_exits_0(self, capsys):
        assert main(["test", *map(str, EXAMPLES), "--max-examples", "5"]) == 0
        out, err = capsys.readouterr()
        assert out.count("0条结果") == len(EXAMPLES) and err.count("用时") == len(EXAMPLES)

    def test_a_file_that_does_not_load_exits_2_and_the_others_are_tested(self, tmp_path, capsys):
        bad = tmp_path / "bad.rules"
        bad.write_text(
            "项目名称：坏\n一级：产出指标\n二级：数量指标\n三级：甲\n  分值：十分\n", "utf-8"
        )
        assert main(["test", str(bad), str(PLANTED), "--max-examples", "5"]) == 2
        out, err = capsys.readouterr()
        assert "bad.rules:5" in err and "Traceback" not in err
        assert f"{PLANTED}\n" in out

    @pytest.mark.parametrize("flag", [["--max-examples", "0"], ["--deadline", "-1"]])
    def test_a_count_or_time_that_is_not_positive_is_refused(self, flag, capsys):
        with pytest.raises(SystemExit) as caught:
            main(["test", str(PLANTED), *flag])
        assert caught.value.code == 2 and "应为正数" in capsys.readouterr().err

    def test_json(self, capsys):
        assert (
            main(["test", str(PLANTED), "--json", "--max-examples", str(FEW), "--seed", "3"]) == 1
        )
        document = json.loads(capsys.readouterr().out)
        assert document["seed"] == 3 and document["max_examples"] == FEW
        assert document["findings"] == len(document["files"][0]["findings"]) >= 4
        (entry,) = document["files"]
        assert entry["path"] == str(PLANTED) and entry["error"] is None
        assert entry["indicators"] == 4
        for finding in entry["findings"]:
            assert set(finding) == {
                "kind", "indicator", "source", "line", "message", "counterexample",
            }  # fmt: skip
            assert finding["kind"] in KINDS and finding["counterexample"]
            assert set(finding["counterexample"][0]) == {"actual", "events", "score"}
