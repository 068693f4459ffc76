"""docs/errors.md is a catalogue: every example message there is reproduced here by a real input."""

import random
import re
import tempfile
from pathlib import Path

import pytest

from indicator_rules import IndicatorRulesError, errors, parse_rule, parse_target, score_row
from indicator_rules.extras import require
from indicator_rules.project import load, loads
from indicator_rules.reader import decode, read_bytes
from indicator_rules.writer import refuse_inputs, write_text

EXAMPLE = Path(__file__).parent.parent / "examples" / "chenggong-medical-insurance-2026.rules"
DOC = (Path(__file__).parent.parent / "docs" / "errors.md").read_text(encoding="utf-8")
ROWS = [
    (line.split("|")[1].strip(" `"), re.findall(r"`([^`]+)`", line.split("|")[3]))
    for line in DOC.splitlines()
    if line.startswith("| `")
]

ITEMS = "猪瘟、猪蓝耳病、口蹄疫分别达到100%各得5分,单项每降1%扣0.5分"
RANKS = "前3名得满分,4-10名扣1分,11名以后不得分"


def _json_cell():
    from indicator_rules.actuals import read_actuals

    return read_actuals('指标名称,实际完成值\n清单,"{""items"": [1"\n'.encode(), format="csv")


def _read_only():
    path = Path(tempfile.mkdtemp()) / "自评表.md"
    path.write_text("旧", encoding="utf-8")
    path.chmod(0o444)
    write_text(path, "新")


def score(rule, actual, target="≥80%", weight=10, **kwargs):
    return score_row(target=target, weight=weight, rule=rule, actual=actual, **kwargs)


TRIGGERS = {
    "评分标准:1:8: 此处不应出现“份”，此处应为“分”": lambda: parse_rule("达标得满分10份"),
    "无法确定“按要求”按什么比例计分": lambda: parse_rule("达标得满分,否则按要求得分"),
    "规则中有两种未达标时的计分方法": lambda: parse_rule(
        "达标得满分10分，否则按完成比例得分，每少10%扣2分"
    ),
    "“达到…以下”自相矛盾": lambda: parse_rule("达到5天以下得满分"),
    "“每天扣分”需写明逾期": lambda: parse_rule("达标得满分,每天扣1分"),
    "不完整，结尾处应为…": lambda: parse_rule("达标得满分10"),
    "暂不支持的评分方式：含加分项（可超过分值）暂不支持": lambda: parse_rule(
        "完成任务得10分，另有创新的加5分"
    ),
    "排名分档没有包括第4名": lambda: parse_rule("前3名得满分,5-10名扣1分,11名以后不得分"),
    "排名分档重叠：第3名同时属于两档": lambda: parse_rule("前3名得满分,3-10名扣1分,11名以后不得分"),
    "排名分档没有写明第11名及以后的得分": lambda: parse_rule("前3名得满分,4-10名扣1分"),
    "名次应为正整数，而不是“2.5名”": lambda: parse_rule("前2.5名得满分,3名以后不得分"),
    "分档中写“扣…分”目前只用于排名分档": lambda: parse_rule("60%以下扣5分"),
    "“分别”前应列出两个以上分项": lambda: parse_rule("猪瘟分别达到100%各得5分"),
    "逐次扣分只写到最后一起，之后每起扣几分未写明": lambda: parse_rule("第一起扣5分、第二起扣6分"),
    "没有写明扣分方法": lambda: parse_rule("应根据超计划时间占计划完成时间百分比扣分"),
    "“每少10%扣分”与反向（越小越好）的目标35方向相反": lambda: score(
        "达标得满分,否则每少10%扣2分", "50", target="≤35"
    ),
    "规则没有给出计分方法：“…”只是条件或说明": lambda: parse_rule("现场实查"),
    "分值前没有写明得分条件": lambda: parse_rule("有方案得1分，计5分"),
    "各项得分合计5分、最高3分，与分值4分都不一致": lambda: score(
        "召开会议得3分,有工作方案得2分", None, weight=4
    ),
    "评分标准中没有条件“设立目标”": lambda: score(
        "设有目标(1分)目标明确(1分)", None, weight=2, conditions="设立目标"
    ),
    "…的得分由评价人在8-9分之间评定，需要提供评定得分": lambda: score(
        "≤1个月 10; >1个月,≤2个月 9-8", "1.5个月", target="≤1个月"
    ),
    "评分标准的满分12分与指标分值10分不一致": lambda: score("达标得满分12分", "90%"),
    "分档重叠：60%同时属于两个分档": lambda: parse_rule("≥60%得10分；60%以下(含)不得分"),
    "“扣完8分为止”与满分10分不一致": lambda: parse_rule("达标得满分10分,每少1%扣1分,扣完8分为止"),
    "指标值“≥90%”中的运算符“≥”与指标性质“<=”不一致": lambda: parse_target("≥90%", operator="<="),
    "数值过大（不能超过15位整数）": lambda: parse_target("1" * 20),
    "实际完成值“见附件”无法识别": lambda: score(None, "见附件"),
    "评分比例85%超出“部分达成…”的区间[60%, 80%)": lambda: score(
        None, {"grade": "部分达成年度指标并具有一定效果", "ratio": "85%"}, target="效果显著"
    ),
    "按排名计分，实际完成值应为名次，如 3 或 第3名": lambda: score(RANKS, "3%", target="第1名"),
    "该指标有3个分项（猪瘟、猪蓝耳病、口蹄疫），给出了2个实际值": lambda: score(
        ITEMS, "100%；99%", target="100%", weight=15
    ),
    "“牛”不是评分标准中的分项": lambda: score(
        ITEMS, "猪瘟100%；牛99%；口蹄疫98%", target="100%", weight=15
    ),
    "评分标准按次数扣分（未及时宣传），需要提供事件次数": lambda: score(
        "达标得满分10分，未及时宣传每次扣1分", "90%"
    ),
    "单位不一致：“31.7万元”是金额，“31.7万人”是人数": lambda: score(
        None, "31.7万元", target="31.7万人"
    ),
    "未知的指标“培训人”": lambda: load(EXAMPLE).evaluate({"培训人": "1"}, partial=True),
    "缺少…个指标的实际完成值": lambda: load(EXAMPLE).evaluate({}),
    "是二进制文件，不是文本（含 NUL 字节）": lambda: decode(b"\x00abc", "a.csv"),
    "是 ZIP 压缩文件（如 .xlsx），不是文本": lambda: decode(b"PK\x03\x04" + bytes(30), "a.csv"),
    "无法确定文件编码：不是 UTF-8（第…行第…字节起）、UTF-16 或 GBK/GB18030": lambda: decode(
        bytes(random.Random(0).choices(range(128, 256), k=2000)), "a.csv"
    ),
    "不是有效的 utf-8 编码（第1行第1字节起）": lambda: decode("中".encode("gbk"), encoding="utf-8"),
    "文件超过大小上限…": lambda: read_bytes(EXAMPLE, limit=10),
    "文件不存在": lambda: read_bytes(EXAMPLE.with_name("none.rules")),
    "是目录，不是文件": lambda: read_bytes(EXAMPLE.parent),
    "…：pip install 'indicator-rules[excel]'": lambda: require("no_such_module_here", "excel"),
    "文件:行:列: 消息": lambda: loads("项目名称：甲\n一级：产出指标\n三级：满意度\n  分值：十\n"),
    "提供了事件次数，但评分标准中没有按次数扣分的内容": lambda: score_row(
        weight=2, rule="有工作方案得2分，没有不得分", actual="有", events=1
    ),
    "提供了评定得分1分，但评分标准中没有由评价人评定的部分": lambda: score_row(
        weight=2, rule="有工作方案得2分，没有不得分", actual="有", judgement=1
    ),
    "实际完成情况“合格”无法对应评分标准的条件“制度健全”": lambda: score_row(
        weight=2, rule="制度健全得2分，不健全不得分", actual="合格"
    ),
    "评分标准中没有条件“80%”": lambda: score_row(
        weight=4, rule="村民自治村计4分,合格村计2分", actual="80%"
    ),
    "部分条件不成立（有实施细则）：可按成立各项之和计分，也可能适用“履责不到位”的酌情计分，无法确定": (
        lambda: score_row(
            weight=5,
            rule="有工作方案,得3分;有实施细则,得2分。履责不到位,酌情给0~5分。",
            conditions=["有工作方案"],
        )
    ),
    "以“{”开头，但不是有效的 JSON": lambda: _json_cell(),
    "无法写入文件：所在的文件夹不存在": lambda: write_text(
        Path(tempfile.mkdtemp()) / "没有" / "自评表.md", ""
    ),
    "文件是只读的，没有覆盖": lambda: _read_only(),
    "输出文件就是输入文件“…”，不能覆盖": lambda: refuse_inputs(EXAMPLE, [EXAMPLE]),
    "“其他(视情况给0.5分)”中写有分数，但读不出它的得分条件或扣分方法": lambda: parse_rule(
        "服务对象是农业(2分),其他(视情况给0.5分)"
    ),
}


def _pattern(example: str) -> str:
    """The example as a pattern: “…” stands for any text; “文件:行:列:” for a position."""
    if example == "文件:行:列: 消息":
        return r":\d+:\d+: "
    return ".*".join(re.escape(part) for part in example.split("…"))


def test_every_documented_example_has_a_trigger():
    documented = {example for _, examples in ROWS for example in examples}
    assert documented == set(TRIGGERS)


@pytest.mark.parametrize(("cls", "example"), [(c, e) for c, es in ROWS for e in es])
def test_documented_message_is_what_the_library_says(cls, example):
    with pytest.raises(IndicatorRulesError) as info:
        TRIGGERS[example]()
    assert isinstance(info.value, getattr(errors, cls))
    assert re.search(_pattern(example), str(info.value)), str(info.value)
