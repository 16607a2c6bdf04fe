"""One module per pipeline stage; `classifier.pipeline` orders them."""
