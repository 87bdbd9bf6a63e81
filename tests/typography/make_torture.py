#!/usr/bin/python3
"""Writes torture.yaml and rows.csv (committed): the torture document of the typesetting tests.

Body text is 14 pt in a 436.5 pt column: 31.18 cells a line, 29.18 on a first line (2-em indent),
so a mark written after 29 characters falls where a naive breaker would start a line with it: it
does not fit even in half width, and the engine must push a character down or squeeze it in.
"""
FLOAT_BEFORE = 9  # paragraphs between the heading and the chart: it does not fit under them
han = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜"


def filler(n, start=0):
    return "".join(han[(start + i) % len(han)] for i in range(n))


marks = list("，。、；：？！）》〉」』】〕〗”’～·")
pairs = {"）": "（", "》": "《", "〉": "〈", "」": "「", "』": "『", "】": "【", "〕": "〔", "〗": "〖",
         "”": "“", "’": "‘"}
paras = []
for i, m in enumerate(marks):
    if m in pairs:
        text = filler(25, i) + pairs[m] + filler(3, i + 7) + m + filler(20, i + 3) + "。"
    else:
        text = filler(29, i) + m + filler(24, i + 5) + "。"
    paras.append(text)
# The same marks where the line can make room for them: an earlier pause mark or bracket gives
# up its blank half and the mark is squeezed in (B4) rather than its character pushed out.
for i, m in enumerate("，。、；：？！"):
    paras.append(filler(10, i) + "、" + filler(18, i + 2) + m + filler(20, i + 4) + "。")
for i, (o, m) in enumerate([("（", "）"), ("《", "》"), ("“", "”")]):
    paras.append(filler(10, i) + "，" + filler(14, i + 2) + o + filler(3, i + 5) + m +
                 filler(20, i + 4) + "。")
paras += [
    filler(25) + "（" + filler(30, 3) + "）结束。",                      # an opener at a line end
    filler(28) + "——" + filler(30, 2) + "。",                           # —— across the edge
    filler(28) + "……" + filler(30, 4) + "。",                           # …… across the edge
    filler(27) + "13500.55亿元" + filler(20, 6) + "。",                 # a long number
    filler(26) + "增长5.0%，" + filler(24, 8) + "。",                   # a number with its %
    filler(27) + "1—10月累计" + filler(24, 9) + "。",                   # a range with its dash
    filler(27) + "（见图2）" + filler(26, 10) + "。",                    # a label and its number
    filler(27) + "第3季度" + filler(26, 11) + "。",                      # an ordinal and its word
    filler(20) + "GDP、CPI和PMI等指标以及Typst与XeLaTeX排版系统" + filler(18, 12) + "。",
    filler(20) + "他说：“报告指出‘新质生产力’的内涵。”" + filler(30, 13) + "。",  # nested quotes
    filler(24) + "“" + filler(10) + "”，“" + filler(10, 2) + "”。" + filler(26, 14),  # W2 pairs
    filler(29) + "。”" + filler(29, 15) + "。",                          # 。” pushed out
    filler(10) + "，" + filler(18, 3) + "。”" + filler(29, 15) + "。",   # 。” squeezed in
    filler(10) + "、" + filler(18, 5) + "？”" + filler(29, 16) + "。",   # ？” squeezed in
    filler(30) + "——" + filler(28, 16) + "。",
    filler(12) + "真的吗？！" + filler(10, 3) + "怎么会这样？？" + filler(28, 17) + "！！",  # one cell
]
# Mixed scripts: ASCII marks typed in Chinese text (set full-width, a warning each), the
# full-width space, the minus sign and full-width digits, words a reader searches for (第4章,
# 5.4%的), a long web address and an e-mail address with a hyphen (broken only where an address
# may break), long English words (hyphenated rather than spread), and chains of marks (（“《 —“
# 》”）) in the body and in a 楷体 quotation.
mixed = [
    filler(8) + "增长5.4%, 比上月提高0.3个百分点 . 其中 : 制造业( 含建筑业 )增长6.1%; 是否回落?没有!"
    + filler(12, 3) + "。",
    filler(6) + "项目名称　宁波统计年鉴　编制说明" + filler(20, 4) + "。",
    filler(10) + "最低气温−5℃，环比−0.3个百分点，全角数字５月增长１２％" + filler(16, 5) + "。",
    filler(9) + "见第4章，同比增长5.4%的企业有1,234家，GDP (nominal) 另计" + filler(18, 6) + "。",
    filler(13) + "详见https://www.stats.gov.cn/sj/zxfb/202501/t20250117_1958332.html?from=timeline&a=1的说明"
    + filler(20, 7) + "。",
    filler(14) + "意见请发送至zhang-san.statistics@ningbo-stats.gov.cn邮箱" + filler(24, 8) + "。",
    filler(17) + "这一进程称为internationalization，与telecommunications和institutionalization等概念相关，"
    "又见electroencephalography研究" + filler(14, 9) + "。",
    filler(14) + "他引用了（“《国民经济和社会发展统计公报》”）的说法——“创新驱动”，" + filler(16, 10) + "。",
]
out = ["# Torture document for the typesetting checker (tests/typography): lines that would naturally",
       "# start with each forbidden mark, —— and …… at the edge, long numbers, Latin words, nested",
       "# quotes, a table longer than a page, headings near a page foot. Made by make_torture.py.",
       "document:", "  title: 版式压力测试文档：禁则、标点挤压与跨页表格", "  issuer: jianbao 测试",
       "  date: 2026-01-12", "  output: torture.pdf", "", "data:", "  rows: rows.csv", "", "body:"]


def scalar(t):
    """The text as a YAML scalar: plain, or double-quoted when YAML would read it otherwise."""
    return '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"' if ": " in t or " #" in t else t


def para(t):
    out.append("  - paragraph: " + scalar(t))


out.append("  - heading: 行首行尾禁则")
for p in paras:
    para(p)
out.append("  - heading: 中西文混排")
for p in mixed:
    para(p)
out.append("  - quote: " + scalar(filler(6, 2) + "“推动‘江海联运’发展”，（“《宁波市综合交通规划》”）指出——“要加快建设”。" +
           filler(20, 5) + "。"))
out += ["  - heading: 跨页表格", "  - table:", "      data: rows",
        "      caption: 各地区主要指标（一个超过一页的表格）", "      columns:",
        "        - {header: 地区, column: name}", "        - {header: 说明, column: note}",
        "        - {header: 总值（亿元）, column: value, align: right}",
        "        - {header: 增速（%）, column: growth, align: right}",
        "      note: 注：“—”表示暂无数据；数值按小数点对齐。"]
# Headings near the foot: paragraphs of growing length, each after a heading.
for k in range(1, 16):
    out.append(f"  - heading: 页脚附近的标题{k}")
    out.append("    level: " + str(1 + (k % 4)))
    para(filler(20 + 23 * k, k) + "。")
# Floats: a chart that does not fit under the text before it waits for the next page's top
# while the paragraphs after it fill this one; a captioned table later does the same.
out.append("  - heading: 浮动图表")
for k in range(FLOAT_BEFORE):
    para(filler(60, k) + "。")
out += ["  - chart:", "      type: bar", "      data: rows", "      x: name",
        "      rows: [地区1, 地区2, 地区3, 地区5, 地区6]",
        "      series: [{column: value, name: 总值, unit: 亿元}]",
        "      caption: 各地区总值（浮动的图）", "      note: 注：图在放不下时移到下页页首。",
        "      height_mm: 80"]
for k in range(6):
    para(filler(50, k + 2) + "。")
out += ["  - table:", "      data: rows", "      rows: [地区1, 地区2, 地区3, 地区5, 地区6, 地区7]",
        "      caption: 部分地区主要指标（浮动的表）", "      columns:",
        "        - {header: 地区, column: name}",
        "        - {header: 总值（亿元）, column: value, align: right}",
        "        - {header: 增速（%）, column: growth, align: right}"]
for k in range(8):
    para(filler(45, k + 4) + "。")
out.append("  - list:")
for k in range(3):
    out.append("      - " + filler(40 + 5 * k, k) + "。")
out.append("  - quote: " + filler(70, 3) + "。")
open("torture.yaml", "w").write("\n".join(out) + "\n")

rows = ["name,note,value,growth"]
for k in range(60):
    v = ["1234.5", "98765.43", "12", "", "5.25", "300.125"][k % 6]
    g = ["5.0", "-2.1", "", "12.34", "0.5", "8"][k % 6]
    rows.append(f"地区{k + 1},{filler(3 + (k * 7) % 24, k)},{v},{g}")
open("rows.csv", "w").write("\n".join(rows) + "\n")
