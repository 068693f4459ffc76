"""The written variants of each construct family: the plain form of a rule with slots, and
what each slot may hold (separators, verbs of points, forms of full marks and of nothing, …).
The data behind `strategies.rule_texts` and tests/test_constructs.py: one construct, every way
it is written, as duckling keeps a corpus beside each rule.
"""

from __future__ import annotations

import re

from opencc import OpenCC

__all__ = [
    "CN",
    "CONSTRUCTS",
    "FAMILIES",
    "FULL_WIDTH",
    "NUMBERING",
    "SLOT",
    "SLOTS",
    "TO_TRADITIONAL",
    "VERBS",
]

SLOTS = {
    "sep": ["，", ",", "；", ";", "。", "， "],
    "full": ["得满分", "计满分", "记满分", "给满分", "得该项满分", "得基本分"],
    "bonus_cap": ["最高加2分", "最多加2分", "加分不超过2分", "加分最高2分"],
    "zero": [
        "不得分",
        "不计分",
        "不给分",
        "得0分",
        "计0分",
        "记0分",
        "得零分",
        "该项不得分",
        "此项不得分",
        "本项不计分",
    ],
    "deduct": ["扣", "扣减", "扣除", "减"],
    "cap": [
        "扣完为止",
        "扣完即止",
        "扣满为止",
        "扣完该项分值为止",
        "扣完本项分值为止",
        "直至扣完",
        "直到扣完",
        "直至扣为零分",
        "扣至零分为止",
        "直到扣为零分",
        "直至扣为零",
        "扣到零分为止",
        "扣为0分为止",
        "直至扣完为止",
        "扣完此项分值为止",
        "扣完该项分数为止",
        "扣完该项分值",
        "扣至零分",
        "扣至0分",
        "扣为零分",
    ],
    "de": ["", "的"],
    "score": ["得分", "评分", "计分", "记分", "计算得分"],
    "lsep": ["", "，", ","],  # after 否则: 否则，不得分
    "sp": ["", " "],  # a PDF's space inside a name: 年初有 计划 (segments.join_spaced_words)
    "graded": ["计分为", "计分标准为", "依次计", "分别计", "得分为"],  # 按…5档划分，计分为5分、4分…
    "etc": ["依次类推", "依此类推", "以此类推", "以次类推"],  # a ladder continued (ladders.py)
    # an end marked closed or open ({incl:80%}: the end's own number in place of {n}; intervals.py)
    "incl": ["(含)", "(含{n})", "(包括{n})", "(包含{n})", "(包括 {n})", "(含本数)", "(包括本数)"],
    "excl": ["(不含)", "(不含{n})", "(不包括{n})", "(不包含本数)"],
    # full marks as points: 得10分 · 按10分计 · 按10分计算 (thresholds.lark AT_POINTS)
    "at": ["得{n}分", "按{n}分计", "按{n}分计算", "按 {n} 分计", "按{n} 分计算", "计{n}分"],
    "to": ["-", "至", "到", "~", "～"],  # a range of points: 13-15分 · 13至15分 · (0到1分)
}
VERBS = ["得", "计", "记", "给"]
NUMBERING = [
    "{n}、",
    "{n}.",
    "({n})",
    "（{n}）",
    "({n} )",
    "( {n})",
    "{c}、",
    "({c})",
    "{c}是",
    "{circled}",
]
CN = "一二三四五六七八九十"
TO_TRADITIONAL = OpenCC("s2t")
FULL_WIDTH = str.maketrans("0123456789%()", "０１２３４５６７８９％（）")
SLOT = re.compile(r"\{(\w+)(?::([^}]*))?\}")

# (family, template, row, cases): a template is the plain form with variation slots ({sep}
# {full} {zero} {deduct} {cap} {de} {score} {lsep} {bonus_cap} {graded} {sp} {etc} {to}; {incl:N} {excl:N} an end marked closed or open at N; {at:N} N points as full marks (得N分 · 按N分计); {get:N} N points after a verb;
# {pts:N} N points glued, spaced or after 得; {no:K} the K-th item's number, one style per rule);
# row = (指标值 or None, 分值); cases = [(score_row keywords, the score as its words say)].
CONSTRUCTS = [
    ("thresholds", "满意度达标{full}10分{sep}否则{lsep}{zero}", ("≥90%", 10),
     [({"actual": "95%"}, "10.00"), ({"actual": "89.99%"}, "0.00")]),
    ("thresholds", "满意度达到90%以上{de}{full}{sep}否则{zero}", (None, 10),
     [({"actual": "90%"}, "10.00"), ({"actual": "89%"}, "0.00")]),
    ("ratios", "达标{full}{sep}否则按完成比例{score}", ("≥90%", 10),
     [({"actual": "90%"}, "10.00"), ({"actual": "81%"}, "9.00")]),
    ("ratios", "上报信息4篇以上{de}{get:2}{sep}完不成{de}按比例扣分", (None, 2),
     [({"actual": "4篇"}, "2.00"), ({"actual": "3篇"}, "1.50"), ({"actual": "0篇"}, "0.00")]),
    ("ratios", "达标{full}{sep}否则{lsep}按完成比例扣分", ("≥90%", 10),
     [({"actual": "90%"}, "10.00"), ({"actual": "81%"}, "9.00")]),
    ("steps", "达标{full}10分{sep}否则每少10%{deduct}2分{sep}{cap}", ("≥80%", 10),
     [({"actual": "80%"}, "10.00"), ({"actual": "72%"}, "8.00"), ({"actual": "20%"}, "0.00")]),
    ("events", "未发生安全事故{de}{full}{sep}每发生一起{deduct}2分", (None, 10),
     [({"events": 0}, "10.00"), ({"events": 2}, "6.00"), ({"events": 9}, "0.00")]),
    ("events", "达标{full}{sep}未及时宣传每次{deduct}1分{sep}{cap}", ("≥90%", 10),
     [({"actual": "95%", "events": 3}, "7.00")]),
    ("steps", "{no:1}召开2次以上专题会议研究工作{sep}少一次{deduct}2.5分", (None, 5),
     [({"actual": "2次"}, "5.00"), ({"actual": "1次"}, "2.50"), ({"actual": "0次"}, "0.00")]),
    ("steps", "未完成省下达责任指标的{sep}每低0.1个百分点{deduct}0.3分{sep}{cap}", (None, 3),
     [({"actual": "完成"}, "3.00"), ({"actual": "达到责任指标"}, "3.00"),
      ({"actual": "低于责任指标0.25个百分点"}, "2.10"), ({"actual": "比标准低1个百分点"}, "0.00"),
      ({"actual": "低于责任指标0.1个百分点"}, "2.70")]),
    ("steps", "召开会议达到3次以上{de}{get:6}{sep}每少1次{deduct}2分{sep}{cap}", (None, 6),
     [({"actual": "3次"}, "6.00"), ({"actual": "2次"}, "4.00"), ({"actual": "0次"}, "0.00")]),
    ("steps", "{no:1}全年研究工作不少于6次{sep}{get:1}{sep}查会议记录{sep}少1次{deduct}0.2分{sep}{cap}",
     (None, 1), [({"actual": "6次"}, "1.00"), ({"actual": "4次"}, "0.60"), ({"actual": "0次"}, "0.00")]),
    ("notes", "成立{sep}{get:1}{sep}反之{lsep}{zero}{sep}以文件为依据", (None, 1),
     [({"actual": "是"}, "1.00"), ({"actual": "否"}, "0.00")]),
    ("thresholds", "完成{de}{get:1}{sep}反之{lsep}{zero}{sep}以各级表彰决定为依据", ("至少培育10名以上创业典型。", 1),
     [({"actual": "10名"}, "1.00"), ({"actual": "9名"}, "0.00")]),
    ("ladders", "{no:1}完成年度计划目标{get:10}{sep}完成目标的90%{get:9}{sep}完成80%{get:8}{sep}{etc}",
     (None, 10), [({"actual": "100%"}, "10.00"), ({"actual": "80%"}, "8.00"),
                  ({"actual": "30%"}, "3.00"), ({"actual": "0%"}, "0.00")]),
    ("thresholds", "符合全部3项指标{de}{at:100}{sep}每不符合一项{deduct}40分{sep}{cap}", (None, 100),
     [({"actual": "符合"}, "100.00"), ({"events": 1}, "60.00"), ({"events": 3}, "0.00")]),
    ("bands", "≥90%{at:10}{sep}80%(含)-90%{at:8}{sep}80%以下{zero}", (None, 10),
     [({"actual": "90%"}, "10.00"), ({"actual": "89.99%"}, "8.00"), ({"actual": "79%"}, "0.00")]),
    ("deadlines", "项目按期完成{get:10}{sep}每延期一个月{deduct}2分", ("2026年12月", 10),
     [({"actual": "2026年12月"}, "10.00"), ({"actual": "2027年2月"}, "6.00")]),
    ("bands", "≥90%{get:10}{sep}80%(含)-90%{get:8}{sep}60%(含)-80%{get:6}{sep}60%以下{zero}",
     ("≥90%", 10),
     [({"actual": "90%"}, "10.00"), ({"actual": "89.99%"}, "8.00"),
      ({"actual": "60%"}, "6.00"), ({"actual": "59.99%"}, "0.00")]),
    # ends marked closed or open: 80%(含80%)-90% · 90%(含)以上 · 高于30%(包括30%) · 80%(不含)-90%
    ("bands", "90%{incl:90%}以上{de}{get:10}{sep}80%{incl:80%}-90%{get:8}{sep}低于80%{de}{zero}",
     (None, 10), [({"actual": "90%"}, "10.00"), ({"actual": "89.99%"}, "8.00"),
                  ({"actual": "80%"}, "8.00"), ({"actual": "79.99%"}, "0.00")]),
    ("bands", "高于30%{incl:30%}{de}{get:4}{sep}20%{incl:20%}-30%{get:2}{sep}低于20%{de}{zero}", (None, 4),
     [({"actual": "30%"}, "4.00"), ({"actual": "29.99%"}, "2.00"), ({"actual": "20%"}, "2.00"),
      ({"actual": "19.99%"}, "0.00")]),
    ("bands", "≥90%{get:10}{sep}80%{excl:80%}-90%{get:8}{sep}80%{incl:80%}以下{zero}", (None, 10),
     [({"actual": "90%"}, "10.00"), ({"actual": "80.01%"}, "8.00"), ({"actual": "80%"}, "0.00")]),
    ("bands", "满意度≥90%{get:5}{sep}80%≤满意度<90%{get:3}{sep}满意度<80%{zero}", (None, 5),
     [({"actual": "90%"}, "5.00"), ({"actual": "80%"}, "3.00"), ({"actual": "79%"}, "0.00")]),
    ("bands", "{no:1}每年上报科普信息4篇以上{de}{get:2}{sep}否则{zero}", (None, 2),
     [({"actual": "4篇"}, "2.00"), ({"actual": "3篇"}, "0.00"), ({"actual": "5篇"}, "2.00")]),
    ("thresholds", "达到5%{get:1}{sep}达到10%{de}{get:2}{sep}达到15%以上{de}{get:3}", ("≥15%", 3),
     [({"actual": "15%"}, "3.00"), ({"actual": "14.99%"}, "2.00"), ({"actual": "10%"}, "2.00"),
      ({"actual": "9.99%"}, "1.00"), ({"actual": "5%"}, "1.00"), ({"actual": "4.99%"}, "0.00")]),
    ("conditions", "{no:1}有实施方案{get:1}{sep}{no:2}有会议记录{get:1}{sep}{no:3}有总结报告{get:1}",
     (None, 3), [({"conditions": [1, 3]}, "2.00"), ({"conditions": [1, 2, 3]}, "3.00")]),
    ("conditions", "资料齐全{full}{sep}归档不及时{de}{deduct}2分", (None, 5),
     [({"actual": "资料齐全"}, "5.00"), ({"conditions": [1, 2]}, "3.00")]),
    ("conditions", "记录齐全{get:4}{sep}记录不全{de}酌情给分", (None, 4),
     [({"conditions": ["记录不全"], "judgement": 3}, "3.00")]),
    ("conditions", "年初{sp}有计划{pts:1}{sep}年终有{sp}总结{pts:1}{sep}按时上报{pts:1}", (None, 3),
     [({"conditions": [1, 3]}, "2.00"), ({"conditions": ["按时上报"]}, "1.00")]),
    ("conditions", "资料齐全{get:5}{sep}未按时上报{de}{deduct}1分", (None, 5),
     [({"conditions": [1, 2]}, "4.00"), ({"conditions": [1]}, "5.00")]),
    # a general word says the one standard holds (wording.ONE_GOOD)
    ("conditions", "班子勤政廉政{get:6}{sep}有不廉洁现象{de}{deduct}2分", (None, 6),
     [({"actual": "符合"}, "6.00"), ({"actual": "达到要求"}, "6.00"), ({"conditions": [1, 2]}, "4.00")]),
    # a count against the condition's threshold (counted_words.py)
    ("conditions", "至少2种宣传方式{sep}否则{zero}", (None, 5),
     [({"actual": "2种"}, "5.00"), ({"actual": "1种"}, "0.00"), ({"actual": "两种"}, "5.00")]),
    ("conditions", "专题会议全年少于2次的，{deduct}3分{sep}未制定方案{de}{deduct}1分", (None, 4),
     [({"actual": "2次"}, "4.00"), ({"actual": "1次"}, "1.00"), ({"actual": "全年3次"}, "4.00"),
      ({"conditions": [2]}, "3.00")]),
    # no award: 分值 less the deductions that hold, 0 when a veto (…的，不得分) holds
    ("conditions", "财政专户的开设符合规定{sep}违规私自开设财政专户{de}{lsep}{zero}", (None, 1),
     [({"conditions": ["违规私自开设财政专户"]}, "0.00"), ({"conditions": []}, "1.00")]),
    ("conditions", "{no:1}未成立领导小组{de}{lsep}{deduct}2分{sep}{no:2}未作出工作部署{de}{lsep}"
     "{deduct}3分{sep}{cap}", (None, 5),
     [({"conditions": [1]}, "3.00"), ({"conditions": [1, 2]}, "0.00"), ({"conditions": []}, "5.00")]),
    ("conditions", "成效明显{sep}未开展{zero}{sep}未签订承诺书{deduct}1分{sep}无成效{deduct}1分",
     (None, 3), [({"actual": "未开展"}, "0.00"), ({"conditions": ["未签订承诺书"]}, "2.00"),
                 ({"conditions": []}, "3.00")]),
    ("conditions", "(5分)至少2种宣传方式{sep}否则{lsep}{zero}", (None, 5),
     [({"actual": "是"}, "5.00"), ({"actual": "否"}, "0.00")]),
    # per-item awards: count × points over the items listed (numbered, or one condition each)
    ("conditions", "{no:1}是否建立领导小组{sep}是否履行职责{sep}{no:2}是否成立工作机构{sep}"
     "是否有专门人员{sep}符合以上每项{de}{lsep}{get:2}{sep}否则{zero}", (None, 4),
     [({"conditions": [1]}, "2.00"), ({"conditions": [1, 2]}, "4.00"), ({"conditions": []}, "0.00")]),
    ("conditions", "是否设定了绩效目标{sep}是否符合要求{sep}是否符合实际{sep}是否做到了细化{sep}"
     "符合一项{get:1}{sep}不符合{zero}", (None, 4),
     [({"conditions": [1, 4]}, "2.00"), ({"conditions": [1, 2, 3, 4]}, "4.00"), ({"conditions": []}, "0.00")]),
    ("conditions", "{no:1}毛入学率达到93%以上{sep}{no:2}落实生活费补助{sep}{no:3}不因贫困而辍学{sep}"
     "以上指标{lsep}每项{pts:1}{sep}不达标{zero}", (None, 3),
     [({"conditions": [1, 3]}, "2.00"), ({"conditions": [1, 2, 3]}, "3.00")]),
    ("conditions", "{no:1}有独立的办公场所{sep}{no:2}办公设备齐全{sep}{no:3}有信息员队伍每项各{pts:2.5}",
     (None, 7.5), [({"conditions": [1, 3]}, "5.00"), ({"conditions": [1, 2, 3]}, "7.50")]),
    ("conditions", "建立孵化基地和开发创业项目{de}各{get:2}{sep}反之{lsep}{zero}", (None, 4),
     [({"conditions": [1, 2]}, "4.00"), ({"conditions": [2]}, "2.00"), ({"conditions": []}, "0.00")]),
    ("conditions", "建立基地、开发项目、培训人员各{get:1}", (None, 3),
     [({"conditions": [1, 3]}, "2.00")]),
    ("conditions", "{no:1}未按时间节点完成清理{de}{zero}{sep}本项20分", (None, 20),
     [({"actual": "是"}, "20.00"), ({"actual": "否"}, "0.00")]),
    ("conditions", "该项分值5分{sep}有方案{get:2}{sep}有总结{get:3}", (None, 5),
     [({"conditions": [2]}, "3.00"), ({"conditions": [1, 2]}, "5.00")]),
    ("conditions", "机构健全{pts:1}{sep}有办公场地{pts:1}{sep}有工作人员1人以上{pts:1}", (None, 3),
     [({"conditions": [1, 3]}, "2.00"), ({"conditions": ["有工作人员1人以上"]}, "1.00")]),
    # a count inside a name (年内发展1名以上新党员): one named condition, judged (compose.counted_name)
    ("conditions", "{no:1}年内发展1名以上新党员{get:2}{sep}{no:2}有3个以上示范点{de}{get:2}", (None, 4),
     [({"conditions": [2]}, "2.00"), ({"conditions": [1, 2]}, "4.00"), ({"conditions": []}, "0.00")]),
    # a name opening with 按 · 按照 · 根据 · 依据 (conditions.by_named); 按…比例得分 stays a ratio
    ("conditions", "{no:1}申请材料齐全(2分){sep}{no:2}按要求进行调查核实(2分)", (None, 4),
     [({"conditions": [2]}, "2.00"), ({"conditions": [1, 2]}, "4.00")]),
    ("conditions", "按照规定上报{de}{get:2}{sep}否则{lsep}{zero}", (None, 2),
     [({"actual": "是"}, "2.00"), ({"actual": "否"}, "0.00")]),
    # a heading: points in brackets opening the rule, the full marks of what follows
    ("conditions", "救灾工作(2分):做到及时{sep}准确(1分){sep}台帐完整(0.5分){sep}开展减灾活动(0.5分)",
     (None, 2), [({"conditions": [1, 3]}, "1.50"), ({"conditions": [1, 2, 3]}, "2.00")]),
    ("conditions", "{no:1}加强组织领导(4分)。及时作出部署。未成立领导小组{de}{lsep}{deduct}2分{sep}"
     "未作出部署{de}{lsep}{deduct}2分", (None, 4),
     [({"conditions": []}, "4.00"), ({"conditions": ["未成立领导小组"]}, "2.00")]),
    # a range of points, the evaluator's score inside it: 13-15分 · 13至15分 · 其他(0到1分)
    ("conditions", "A.符合要求{sep}13{to}15分{sep}B.基本符合要求{sep}8{to}12分{sep}C.不符合要求{sep}0分",
     (None, 15), [({"conditions": ["基本符合要求"], "judgement": 9}, "9.00"),
                  ({"conditions": ["符合要求"], "judgement": 15}, "15.00")]),
    ("conditions", "服务对象是农民(2分){sep}其他(0{to}1分)", (None, 2),
     [({"conditions": ["其他"], "judgement": 1}, "1.00"), ({"conditions": [1]}, "2.00")]),
    ("events", "缺 1 次{deduct} 1 分{sep}迟报 1 次{deduct} 0.5 分", (None, 3),
     [({"events": {"1": 1, "2": 2}}, "1.00"), ({"events": {1: 0, 2: 0}}, "3.00")]),
    ("events", "{no:1}按时出席例会{get:2}{sep}每缺席一次{deduct}0.5分{sep}每错漏报数据一例{deduct}0.5分",
     (None, 2), [({"events": 0}, "2.00"), ({"events": 1}, "1.50"), ({"events": 3}, "0.50"),
                 ({"events": 5}, "0.00")]),
    ("events", "责任区内无火灾{de}{get:20}{sep}发生一般森林火灾一次{deduct}5分{sep}"
     "发生较大以上森林火灾一次{deduct}10分", (None, 20),
     [({"actual": "发生一般森林火灾", "events": 1}, "15.00"),
      ({"actual": "发生较大以上森林火灾", "events": 2}, "0.00"),
      ({"actual": "发生较大以上森林火灾", "events": 1}, "10.00")]),
    ("events", "{no:1}未完成1次{deduct}1分{sep}{cap}", (None, 4),
     [({"events": 0}, "4.00"), ({"events": 2}, "2.00"), ({"events": 4}, "0.00"), ({"events": 5}, "0.00")]),
    ("counts", "每完成一项{get:2}{sep}最多得6分", (None, 10),
     [({"actual": "2"}, "4.00"), ({"actual": "5项"}, "6.00"), ({"actual": "0"}, "0.00")]),
    ("counts", "4×实达标数", (None, 10), [({"actual": "2"}, "8.00"), ({"actual": "3"}, "10.00")]),
    ("bonuses", "完成{full}{sep}大于目标值的{lsep}每增加1%加1分{sep}{bonus_cap}{sep}"
     "小于目标值的{lsep}每少1%{deduct}1分{sep}{cap}", ("≥98%", 5),
     [({"actual": "98%"}, "5.00"), ({"actual": "99.5%"}, "5.00"), ({"actual": "95.5%"}, "2.00")]),
    ("grades", "{no:1}群众对禁毒工作的整体评价按满意、较满意、一般、较差、差5档划分{sep}{graded}5分、4分、3分、2分、1分",
     (None, 5), [({"actual": "满意"}, "5.00"), ({"actual": "较满意"}, "4.00"), ({"actual": "差"}, "1.00")]),
    ("ranks", "排名前5名{de}{full}{sep}6-10名{de}{deduct}0.5分{sep}11名以后{deduct}1分", (None, 5),
     [({"actual": "3"}, "5.00"), ({"actual": "7"}, "4.50"), ({"actual": "12"}, "4.00")]),
]  # fmt: skip
FAMILIES = tuple(dict.fromkeys(family for family, *_ in CONSTRUCTS))
