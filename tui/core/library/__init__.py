"""The user's articles: reading them in, the search index, search and the outline."""
