"""Model-free helpers shared by every app: request context, validators, pinyin, Excel, generic views."""
