"""One extractor per format: `extract(document) -> Extracted`, raising a DocumentError."""
