"""Wire copy in: seed parsing, the gazetteer, tagging and the import (seed -> Article + tags)."""
