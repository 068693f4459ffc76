"""Make the CJK font the charts ship with: Noto Sans CJK SC Regular, subset to GB 2312.

    apt-get install fonts-noto-cjk
    python tools/subset_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

Keeps ASCII, Latin-1, general and CJK punctuation, full-width forms, every character of
GB 2312 (its 6763 hanzi and 682 symbols) and the characters of `EXTRA`; renames the family
to "IndicatorRules Sans SC" (a Modified Version under the SIL Open Font License 1.1, whose
text sits beside the font as OFL.txt). Fonts missing from the subset fall back to the
system's CJK fonts at plot time (plot.FONT_FAMILIES).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FAMILY = "IndicatorRules Sans SC"
OUT = Path(__file__).resolve().parent.parent / "src/indicator_rules/fonts/IndicatorRulesSansSC.otf"
EXTRA = "≥≤≧≦﹦×÷±‰℃㎡…—·“”‘’〇"


def gb2312() -> set[int]:
    characters = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                characters.add(ord(bytes([high, low]).decode("gb2312")))
    return characters


def main(path: str) -> None:
    collection = TTCollection(path)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    codes = gb2312() | set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    codes |= set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    codes |= {ord(c) for c in EXTRA}
    options = subset.Options()
    options.layout_features = []  # matplotlib does not shape CJK text: no alternates needed
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codes))
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = f"{FAMILY} Regular"
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + "-Regular"
    font["CFF "].cff.fontNames = [FAMILY.replace(" ", "") + "-Regular"]
    font.save(OUT)
    print(f"{OUT}: {OUT.stat().st_size} bytes, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    main(sys.argv[1])
