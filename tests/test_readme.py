"""README.md's Python examples are a doctest, run from the repository root."""

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)


def test_the_public_api_has_load():
    """The README's first import works: `load` is exported beside `score_row`."""
    import indicator_rules
    from indicator_rules import load, score_row

    assert {"load", "score_row"} <= set(indicator_rules.__all__)
    assert load.__module__ == "indicator_rules.project" and callable(score_row)


def test_readme_python_examples_pass(monkeypatch):
    """Every ```python block is a doctest (>>> lines with their output) and every one passes;
    the blocks share one namespace, as a reader's session would."""
    monkeypatch.chdir(ROOT)
    names: dict = {}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    examples = 0
    for number, block in enumerate(BLOCKS, start=1):
        test = parser.get_doctest(block, names, f"README.md block {number}", "README.md", 0)
        assert test.examples, f"README.md block {number} has no >>> example"
        examples += len(test.examples)
        runner.run(test, clear_globs=False)
        names.update(test.globs)
    assert examples >= 5
    assert runner.failures == 0, f"{runner.failures} README example(s) failed (output above)"


def test_a_wrong_readme_example_fails():
    """The check can fail: an example whose printed output is wrong is counted as a failure."""
    test = doctest.DocTestParser().get_doctest(
        ">>> from indicator_rules import score_row\n"
        ">>> score_row(weight=2, rule='制度健全得2分，不健全不得分', actual='健全').score\n"
        "Decimal('0.00')\n",
        {},
        "wrong",
        "wrong",
        0,
    )
    runner = doctest.DocTestRunner()
    runner.run(test, out=lambda _: None)
    assert runner.failures == 1
