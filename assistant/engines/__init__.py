"""The engines: the steps where the offline and the LLM engine differ (extract, narrate)."""
