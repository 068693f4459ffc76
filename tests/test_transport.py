"""Transport: every model, compiled row, result and error pickles and unpickles equal; compiled
scorers are rebuilt where they are used, never sent; a process pool takes a project and gives
back an evaluation."""

import inspect
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import indicator_rules
from indicator_rules import (
    IndicatorRulesError,
    RuleFileError,
    TargetError,
    compile_indicator,
    load,
    loads,
    parse_rule,
    parse_target,
    score_row,
)
from indicator_rules import errors as errors_module
from tests.test_properties import band_rules, grade_limit_rules, rank_rules, threshold_rules

EXAMPLES = Path(__file__).parent.parent / "examples"
STEMS = ["chenggong-medical-insurance-2026", "project-evaluation-framework-2026"]


def _copy(value):
    return pickle.loads(pickle.dumps(value))


@pytest.fixture(scope="module", params=STEMS)
def example(request):
    """(project, actuals path, its evaluation) of a bundled example."""
    project = load(EXAMPLES / f"{request.param}.rules")
    actuals = EXAMPLES / f"{request.param}-actuals.csv"
    return project, actuals, project.evaluate(actuals)


def _written(evaluation) -> list:
    """What an evaluation writes when read: each row's exact score, explanation, warnings."""
    return [
        (row.result.exact, row.result.explanation, row.result.warnings)
        for row in evaluation.rows
        if row.result is not None
    ]


class TestExamples:
    def test_projects_and_their_indicators_pickle_equal(self, example):
        """A loaded project, each indicator, rule and target come back equal."""
        project, _, _ = example
        assert _copy(project) == project
        for indicator in project.indicators:
            assert _copy(indicator) == indicator
            assert _copy(indicator.target) == indicator.target
            if indicator.rule is not None:
                assert _copy(indicator.rule) == indicator.rule

    def test_an_unpickled_project_scores_as_the_original(self, example):
        """The scorers rebuilt after unpickling give the same evaluation, word for word."""
        project, actuals, evaluation = example
        again = _copy(project).evaluate(actuals)
        assert again == evaluation and _written(again) == _written(evaluation)

    def test_evaluations_pickle_equal_with_what_they_write(self, example):
        """An evaluation, its rows and results come back equal, explanations included."""
        _, _, evaluation = example
        copy = _copy(evaluation)
        assert copy == evaluation and _written(copy) == _written(evaluation)
        assert copy.to_json() == evaluation.to_json()
        for row in evaluation.rows:
            assert _copy(row) == row
        assert _copy(evaluation.execution) == evaluation.execution

    def test_compiled_rows_pickle_equal_and_score_the_same(self, example):
        """compile_indicator of each row: equal after unpickling, same score and explanation."""
        project, _, evaluation = example
        for indicator, row in zip(project.indicators, evaluation.rows, strict=True):
            compiled = compile_indicator(
                target=indicator.target, weight=indicator.weight, rule=indicator.rule
            )
            copy = _copy(compiled)
            assert copy == compiled
            if row.result is None:
                continue
            try:  # the actual alone (a row of events or conditions refuses it: equally)
                mine = compiled.result(row.actual)
            except IndicatorRulesError as error:
                with pytest.raises(type(error)) as info:
                    copy.result(row.actual)
                assert info.value == error
                continue
            theirs = copy.result(row.actual)
            assert (theirs.score, theirs.explanation) == (mine.score, mine.explanation)

    def test_what_is_sent_holds_no_compiled_scorer(self, example):
        """Pickling sends the source of a row (rule, target, weight), not its closures; they
        are built again on first use."""
        project, _, _ = example
        indicator = project.indicators[0]
        assert indicator.compiled is not None  # built here: still not sent
        payload = pickle.dumps(indicator)
        assert b"scorer" not in payload and b"fastpath" not in payload
        copy = pickle.loads(payload)
        assert callable(copy.scorer) and copy.compiled == indicator.compiled


class TestOptions:
    TEXT = (
        "项目名称：示例\n全年预算数：100万元\n一级：产出指标\n二级：数量指标\n三级：知晓率\n"
        "  指标值：≥80%\n  分值：10\n  评分标准：达80%得满分10分，否则每少10%扣2分\n"
    )
    ACTUALS: ClassVar[dict] = {"知晓率": "72%", "全年执行数": "100万元"}

    def test_a_project_scores_by_the_options_it_was_loaded_with(self):
        """steps=floor: 8 points short of 80% is no whole step of 10%, nothing off (the compiled
        path scored by the default options, 8.00, and explained 扣0分)."""
        project = loads(self.TEXT, options={"steps": "floor"})
        result = project.evaluate(self.ACTUALS).rows[0].result
        assert result.score == Decimal("10.00") and "扣0分" in result.explanation

    def test_options_travel_with_a_pickled_project(self):
        project = _copy(loads(self.TEXT, options={"steps": "floor"}))
        assert project.evaluate(self.ACTUALS).rows[0].result.score == Decimal("10.00")
        assert loads(self.TEXT).evaluate(self.ACTUALS).rows[0].result.score == Decimal("8.00")


TEMPLATES = [
    "达标得满分{w}分，否则不得分",
    "达标得满分{w}分，否则按完成比例得分",
    "达标得满分{w}分，否则每少10%扣2分",
    "≥90%得{w}分；80%(含)-90%得{h}分；60%(含)-80%得{l}分；60%以下不得分",
    "达标得满分{w}分，发现一次问题扣1分",
]


@st.composite
def rows(draw):
    """(compile_indicator keywords, an actual) of a generated row."""
    weight = draw(st.sampled_from([5, 10, 20]))
    rule = draw(st.sampled_from(TEMPLATES)).format(w=weight, h=weight * 0.8, l=weight * 0.6)
    target = f"≥{draw(st.decimals(min_value=1, max_value=100, places=1))}%"
    actual = f"{draw(st.decimals(min_value=0, max_value=150, places=2))}%"
    return {"target": target, "weight": weight, "rule": rule}, actual


class TestGenerated:
    @given(rows())
    def test_generated_rows_and_results_pickle_equal(self, generated):
        """Any row of the generated ones, its compiled form and a result of it come back equal,
        and the unpickled row scores as the original."""
        keywords, actual = generated
        compiled = compile_indicator(**keywords)
        copy = _copy(compiled)
        assert copy == compiled and _copy(compiled.rule) == compiled.rule
        events = 1 if "发现" in keywords["rule"] else None
        result = compiled.result(actual, events=events)
        sent = _copy(result)
        assert sent == result
        assert (sent.exact, sent.explanation, sent.warnings) == (
            result.exact,
            result.explanation,
            result.warnings,
        )
        assert copy.result(actual, events=events).explanation == result.explanation

    @given(st.one_of(threshold_rules(), band_rules(), grade_limit_rules(), rank_rules()))
    def test_generated_rule_models_pickle_equal(self, rule):
        """The rule models test_properties draws (thresholds, bands, grades, ranks)."""
        assert _copy(rule) == rule


def _error_classes() -> list[type]:
    classes = [
        value
        for value in vars(errors_module).values()
        if inspect.isclass(value) and issubclass(value, IndicatorRulesError)
    ]
    from indicator_rules.plot import PlotError

    return [*classes, PlotError]


class TestErrors:
    @pytest.mark.parametrize("cls", _error_classes(), ids=lambda cls: cls.__name__)
    def test_every_error_pickles_equal(self, cls):
        """Each error class comes back equal: class, fields, text."""
        if cls is RuleFileError:
            error = cls([TargetError("一", source="a:1:1"), TargetError("二")], source="a")
        else:
            error = cls("消息", text="达标得满分", line=1, column=3, hint="提示", source="r")
        error.__notes__ = ["附注"]
        copy = _copy(error)
        assert type(copy) is cls and copy == error and str(copy) == str(error)
        assert hash(copy) == hash(error)

    def test_errors_differ_by_their_fields(self):
        assert TargetError("一") != TargetError("二")
        assert TargetError("一") != RuleFileError([TargetError("一")])
        assert TargetError("一", line=1, column=1) != TargetError("一", line=1, column=2)

    def test_a_raised_error_pickles_equal(self):
        """A real error of a rule file, with its problems and carets."""
        with pytest.raises(RuleFileError) as info:
            loads(
                "项目名称：x\n一级：产出\n二级：数量\n三级：a\n  分值：十\n  评分标准：达标得满分10份\n"
            )
        assert _copy(info.value) == info.value and str(_copy(info.value)) == str(info.value)


class TestErrorsWithTheirContext:
    """tblib (which Dask's workers install) pickles an error with its context and cause: an
    error made from a parse error must not carry lark's exception, which holds the parser's
    state and does not pickle (Dask then sent back `Exception(repr(error))`)."""

    TRIGGERS: ClassVar[dict] = {
        "rule": lambda: parse_rule("达标得满分10份"),
        "target": lambda: parse_target("≥80%%"),
        "rule file": lambda: loads(
            "项目名称：x\n一级：产出\n三级：a\n  分值：十\n  评分标准：达标得满分10份\n"
        ),
        "rule file syntax": lambda: loads("项目名称：x\n不是键值\n"),
    }

    @pytest.mark.parametrize("which", TRIGGERS)
    def test_a_raised_error_pickles_with_its_context(self, which):
        pickling_support = pytest.importorskip("tblib.pickling_support")
        with pytest.raises(IndicatorRulesError) as info:
            self.TRIGGERS[which]()
        error = info.value
        pickling_support.install(error)
        copy = _copy(error)
        assert copy == error and str(copy) == str(error)


def test_every_public_class_is_covered():
    """Each class of `indicator_rules.__all__` pickles (a new public class needs a case)."""
    samples = {
        "CompiledIndicator": compile_indicator(target="≥80%", weight=10),
        "Indicator": load(EXAMPLES / f"{STEMS[0]}.rules").indicators[0],
        "IndicatorResult": score_row(target="≥80%", weight=10, actual="70%"),
        "Project": load(EXAMPLES / f"{STEMS[0]}.rules"),
        "Rule": parse_rule("达标得满分10分，否则不得分"),
        "ScoringOptions": indicator_rules.ScoringOptions(steps="floor"),
        "Target": parse_target("≥80%"),
    }
    for name in indicator_rules.__all__:
        value = getattr(indicator_rules, name)
        if inspect.isclass(value) and not issubclass(value, Exception):
            assert attrs.has(value) and name in samples, name
            assert _copy(samples[name]) == samples[name], name


class TestProcesses:
    def test_a_process_pool_takes_projects_and_gives_evaluations_back(self):
        """Fresh processes (spawn: nothing inherited) score each example as this one does, and
        an error raised there arrives here equal."""
        projects = {stem: load(EXAMPLES / f"{stem}.rules") for stem in STEMS}
        paths = {stem: str(EXAMPLES / f"{stem}-actuals.csv") for stem in STEMS}
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
            sent = {stem: pool.submit(projects[stem].evaluate, paths[stem]) for stem in STEMS}
            refused = pool.submit(projects[STEMS[0]].evaluate, {})
            for stem, future in sent.items():
                local = projects[stem].evaluate(paths[stem])
                remote = future.result(timeout=120)
                assert remote == local and _written(remote) == _written(local)
            with pytest.raises(RuleFileError) as info:
                refused.result(timeout=120)
        with pytest.raises(RuleFileError) as here:
            projects[STEMS[0]].evaluate({})
        assert info.value == here.value

    def test_dask_in_processes(self):
        """Dask's process scheduler (the project pickled to its workers: forked here, the spawned
        case is the pool's above) scores as the local path."""
        dd = pytest.importorskip("dask.dataframe")
        dask = pytest.importorskip("dask")
        pd = pytest.importorskip("pandas")
        from indicator_rules.distributed import score_dask

        project = load(EXAMPLES / f"{STEMS[0]}.rules")
        numeric = {
            "医保系统网络覆盖率": [100, 96, 0, 99],
            "医保政策宣传内容知晓率": [72, 85, 0, 90],
        }
        project = attrs.evolve(
            project, indicators=tuple(i for i in project.indicators if i.name in numeric)
        )
        frame = pd.DataFrame(numeric)
        expected = project.evaluate_many(frame).to_frame()
        config = {"scheduler": "processes", "num_workers": 2, "multiprocessing.context": "fork"}
        with dask.config.set(config):
            result = score_dask(project, dd.from_pandas(frame, npartitions=2)).compute()
        assert result["总分"].tolist() == expected["总分"].tolist()


def test_a_row_is_explained_by_its_own_target_as_written():
    """Equal targets written differently (≥80% and ≥80.0%) are each shown as written, whichever
    was compiled first — as a row unpickled and compiled again shows it (the compiled scorer
    was cached by the target's value alone: 80.0% was explained as 80%)."""
    rule = "达标得满分10分，否则不得分"
    first = compile_indicator(target="≥80%", weight=10, rule=rule).result("0.00%")
    second = compile_indicator(target="≥80.0%", weight=10, rule=rule)
    assert "目标80%" in first.explanation
    assert "目标80.0%" in second.result("0.00%").explanation
    assert _copy(second).result("0.00%").explanation == second.result("0.00%").explanation
