"""Makes NotoSansSC-Regular-GBK.otf, the font quotes are printed to PDF with.

Noto Sans CJK SC Regular (Debian's fonts-noto-cjk, SIL OFL 1.1, see OFL.txt) cut down to
what Chinese and English business documents use: ASCII, Latin-1 and Latin Extended-A,
general punctuation, currency and letter-like symbols, arrows and mathematical operators
(the minus sign of a discount), circled numbers, geometric shapes, CJK punctuation, full-width forms,
and every character of GBK (GB2312's 6,763 hanzi plus the rest of the 21,886 — rare name
characters such as 喆 and 堃, and traditional ones). The PDF embeds only the glyphs a quote
uses, so the size here is the binary's, not the document's.

    apt-get install fonts-noto-cjk && pip install fonttools
    python3 subset.py
"""

import os

from fontTools import subset, ttLib

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC = 2  # the collection's simplified-Chinese face
TARGET = os.path.join(os.path.dirname(__file__), "NotoSansSC-Regular-GBK.otf")


def gbk() -> set[int]:
    chars = set()
    for high in range(0x81, 0xFF):
        for low in range(0x40, 0xFF):
            try:
                chars.add(ord(bytes([high, low]).decode("gbk")))
            except UnicodeDecodeError:
                pass
    return chars


def wanted() -> set[int]:
    ranges = [(0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x20A0, 0x20C0),
              (0x2100, 0x2300), (0x2460, 0x2500), (0x25A0, 0x2600), (0x3000, 0x3040),
              (0xFF00, 0xFFF0)]
    return {c for lo, hi in ranges for c in range(lo, hi)} | gbk()


def main() -> None:
    font = ttLib.TTFont(SOURCE, fontNumber=SC)
    options = subset.Options()
    options.layout_features = ["kern", "palt", "liga"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=wanted())
    cutter.subset(font)
    font.save(TARGET)
    print(TARGET, os.path.getsize(TARGET), "bytes")


if __name__ == "__main__":
    main()
