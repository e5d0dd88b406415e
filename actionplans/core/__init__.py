"""Typed values and helpers every layer uses: the model, dates, diagnostics, the vocabulary, Markdown, text folding, the worker pool. Imports nothing else from the package."""
