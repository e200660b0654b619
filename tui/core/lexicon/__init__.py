"""What words mean: the dictionary, the glossary, HSK bands, senses, character breakdowns, lookups."""
