"""Words and formats: the strings table in English and 中文, messages, errors, number formats, exports."""
