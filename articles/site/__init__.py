"""What readers get: views, feeds, sitemaps, search, page metadata and the page cache, all from published()."""
