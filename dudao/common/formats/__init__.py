"""Locale formats that differ from Django's (``FORMAT_MODULE_PATH``).

A native date input (``type="date"``) takes and shows only ISO dates (2026-12-07): Django's
simplified-Chinese formats render a form's dates as 2026/12/07 first, which the browser drops,
so a pre-filled date (the visit's 督导日期) showed empty. ISO comes first here; the other
spellings are still read."""
