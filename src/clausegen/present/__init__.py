"""present: computed results worded for people and tools: the template context, text, JSON, CSV."""
