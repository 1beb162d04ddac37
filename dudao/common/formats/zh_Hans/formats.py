"""Simplified Chinese: ISO first for what forms render (native date inputs); the rest is Django's."""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2016-09-05' (what <input type="date"> sends and shows)
    "%Y/%m/%d",  # '2016/09/05'
    "%Y年%m月%d日",  # '2016年9月5日'
]

DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",  # <input type="datetime-local">
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
]
