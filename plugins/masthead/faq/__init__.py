"""The `masthead/faq` plugin: FAQ sections as collapsible blocks, plus JSON-LD."""
