"""The commented skeleton of ``SECTIONS.toml`` that ``enforcement law-report --template`` writes.

It holds every part with a placeholder the agency replaces; read back as it is,
it gives a report (so the round trip is tested), with the 行政执法 sub-section
written from the records.
"""

from __future__ import annotations

TEMPLATE = '''\
# 法治政府建设情况报告: the agency's own words (enforcement law-report --input THIS_FILE).
# Five parts, all required, in the order the report gives them (督察规定; published by 1 April).
# Text is plain text or Markdown: a blank line starts a new paragraph, "- " a list item.
# Write the text as you would in the report; the figures of the 行政执法 sub-section come
# from the records. A number you type that the records contradict (行政处罚决定N件,
# 持证执法人员N人, 按期公示N件, 法制审核N件 ...) is marked in the report and fails the run.

# title = "某某镇2020年法治政府建设情况报告"   # default: the agency's name, the year, 法治政府建设情况报告
# agency = "某某镇人民政府"                    # default: the agency's name in the records
# date = 2021-03-31                           # the date under the signature (no quotes)

preamble = """
（开头语：本年度法治政府建设工作的总体情况。）
"""

# closing = """（结束语）"""

[measures]   # 一、主要举措和成效
# heading = "2020年主要工作和成效"   # replaces the standard heading; the number 一、 stays
text = """
（本部分的概述，可省略。）
"""

[[measures.sections]]   # （一）
title = "加强组织领导，切实履行工作责任"
text = """
（本项工作的举措和成效。）
"""

[[measures.sections]]   # （二）: the 行政执法 sub-section
title = "严格规范公正文明执法"
text = """
（生成段落之前的文字，可省略。）
"""
# The paragraph written from the records goes here. Add "disclosure_requests" to place the
# 政府信息公开申请 figures of the disclosure plugin, when it is installed.
records = ["enforcement"]
after = """
（生成段落之后的文字，可省略。）
"""

[shortcomings]   # 二、存在的不足和原因
text = """
（存在的不足及其原因。）
"""

[leadership]   # 三、党政主要负责人履行推进法治建设第一责任人职责情况
text = """
（党政主要负责人履行第一责任人职责的情况。）
"""

[plans]   # 四、下一年度主要安排
text = """
（下一年度的主要工作安排。）
"""

[other]   # 五、其他需要报告的情况
text = """
无。
"""
'''
"""The skeleton's text."""

__all__ = ["TEMPLATE"]
