"""Character normalisation applied before parsing: one character in, one character out.

Real tables mix full-width digits (１２), odd operator glyphs (≧ ≦ ﹦ ═ ‹), and traditional
characters (評分, 扣完為止: every character of OpenCC's table, and a few variants of our own).
Each is mapped to the one form the grammars read. The mapping is
strictly one-to-one, so line and column numbers in errors still point into the text the user
wrote, and the text itself is kept as written for display.
"""

from __future__ import annotations

__all__ = ["normalize"]

# Full-width ASCII block U+FF01..U+FF5E maps onto U+0021..U+007E; the ideographic space to a space.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20

_GLYPHS = {
    "≧": "≥",
    "≦": "≤",
    "﹦": "=",
    "═": "=",
    "‹": "<",
    "›": ">",
    "﹤": "<",
    "﹥": ">",
    "〜": "-",
    "～": "-",
    "~": "-",
    "—": "-",
    "–": "-",
    "﹪": "%",
    "ˉ": "-",
}

# Traditional → simplified, for the characters that occur in scoring rules and targets. The
# financial numerals (壹貳肆…) read as digits — but not 參, which in a rule is 参 (參與, 參加,
# 參照) far more often than 三; OpenCC maps it to 参.
_TRADITIONAL = (
    "評价價標準優滿達滿時規範術發現項條數據經費質產指內務總額預算執資監測還無處個們會議計劃點"
    "為門開關應當實際對與於後從過這裡說問題隊區縣鄉鎮農業醫療險員戶單報覆蓋營運環邊記錄檔"
    "齊嚴歸續較該導確設備辦範圍綫線類別證據況進準績效職責護衛養殖鵝雞豬牠貧濟級順體認識據結"
    "餘轉變動賬帳臺獎懲罰條規劃統計調查訪問滿意響級幣兩萬億壹貳肆陸柒捌玖拾佰仟"
    "則視長邊項圍據務檢驗樣優務勞動災險謝關聯繫絡網頁價値值維護標識牌廁積蓄傳貨減負員額"
    "細針復臨乾淨潔請構歷壓審權態雙舊舉層鄰轄撥補貼稅"
)
_SIMPLIFIED = (
    "评价价标准优满达满时规范术发现项条数据经费质产指内务总额预算执资监测还无处个们会议计划点"
    "为门开关应当实际对与于后从过这里说问题队区县乡镇农业医疗险员户单报覆盖营运环边记录档"
    "齐严归续较该导确设备办范围线线类别证据况进准绩效职责护卫养殖鹅鸡猪它贫济级顺体认识据结"
    "余转变动账帐台奖惩罚条规划统计调查访问满意响级币两万亿一二四六七八九十百千"
    "则视长边项围据务检验样优务劳动灾险谢关联系络网页价值值维护标识牌厕积蓄传货减负员额"
    "细针复临干净洁请构历压审权态双旧举层邻辖拨补贴税"
)
assert len(_TRADITIONAL) == len(_SIMPLIFIED)


def _opencc_characters() -> dict[int, int]:
    """Traditional → simplified for every character OpenCC's TSCharacters table lists (the
    first simplified form of each; Apache-2.0 data of opencc-python-reimplemented)."""
    from importlib import resources

    try:
        table = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
        lines = table.read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # the table above still applies
        return {}
    pairs = {}
    for line in lines:
        traditional, _, simplified = line.partition("\t")
        first = simplified.split(" ")[0]
        if len(traditional) == 1 and len(first) == 1:
            pairs[ord(traditional)] = ord(first)
    return pairs


_TABLE = dict(_FULL_WIDTH)
_TABLE.update(_opencc_characters())
_TABLE.update({ord(a): ord(b) for a, b in _GLYPHS.items()})
_TABLE.update({ord(a): ord(b) for a, b in zip(_TRADITIONAL, _SIMPLIFIED, strict=True)})


def normalize(text: str) -> str:
    """Map every character to the form the grammars read, keeping the length unchanged."""
    return text.translate(_TABLE)
