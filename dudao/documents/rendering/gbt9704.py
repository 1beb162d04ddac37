"""GB/T 9704-2012 numbers (standards §8) in one place, in the units python-docx uses."""

from docx.shared import Mm, Pt

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT = Mm(37), Mm(28)  # 天头, 订口
TEXT_WIDTH, TEXT_HEIGHT = Mm(156), Mm(225)  # 版心
RIGHT = PAGE_WIDTH - LEFT - TEXT_WIDTH  # 26 mm
BOTTOM = PAGE_HEIGHT - TOP - TEXT_HEIGHT  # 35 mm
# 页码: the dashes of "— n —" 7 mm below the 版心. The footer is one exact 18 pt line whose bottom
# is FOOTER_DISTANCE above the page edge; 宋体 (Noto Serif CJK in the PDF) draws the dash 2.7 mm
# above that line's bottom, so 297 − 25.3 − 2.7 = 269 mm = 262 + 7 (measured in the PDF by
# tests/test_gbt9704_positions.py).
PAGE_NUMBER_DASH = Mm(7)
FOOTER_DISTANCE = Mm(25.3)

# 发文机关标志: the top edge of its characters (their em box) 35 mm below the 版心's top edge, for
# 下行文 and 上行文 alike: GB/T 9704-2012 §7.2.4 has one distance; the 80 mm for 上报 documents was
# GB/T 9704-1999's and is not in the 2012 text. The mark is one exact line of 1.25 em; in it the
# em box's top lies 0.144 em below the line's top (measured in the LibreOffice PDF).
MARK_TOP = Mm(35)
MARK_TOP_UPWARD = MARK_TOP
MARK_LINE = 1.25  # line height of the mark, in em
MARK_EM_INSET = 0.144  # em box top below the top of that line, in em

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# Fixed line pitch: 22 lines fill the 225 mm 版心 (225 mm / 22 = 28.99 pt; 28.95 pt keeps all 22).
LINE_PITCH = Pt(28.95)
LINE_PITCH_TWIPS = 579  # w:docGrid/@w:linePitch in twentieths of a point

SIZE_2 = Pt(22)  # 二号 (title)
SIZE_3 = Pt(16)  # 三号 (body)
SIZE_4 = Pt(14)  # 四号 (版记, page numbers)
CHAR = SIZE_3  # one 字 of body text
# 28 characters in 156 mm → each may be 15.79 pt wide; 3号 text is condensed by 0.25 pt
# (w:spacing -5 twentieths) so 28 fit on a line in Word and LibreOffice alike. (A linesAndChars
# docGrid does the same in Word, but LibreOffice lays it out differently.)
BODY_CONDENSE_TWIPS = -5

# Font names as Chinese government offices' Word installations know them, with the fallback Word
# uses when the GB2312 font is missing (fontTable altName) and the fonts the PDF path maps them to.
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
FONT_FALLBACKS = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "宋体", HEITI: "SimHei", SONGTI: "SimSun"}

RED = "FF0000"  # 发文机关标志 and separator (print red is Y80 M80)
RED_LINE_SZ = 12  # 1.5 pt red separator (eighths of a point)
THICK_SZ = 8  # 版记 first/last lines: 1 pt ≈ 0.35 mm
THIN_SZ = 6  # 版记 middle lines: 0.75 pt ≈ 0.26 mm
