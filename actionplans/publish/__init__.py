"""What is written beside the pages and the checks on the output: open data and feeds, the search index, headers, links, tracing problems to content, XML checks and the atomic write."""
