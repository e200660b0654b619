"""Text itself: cleaning, characters, scripts, tokens, pinyin, layout and the cached analysis."""
