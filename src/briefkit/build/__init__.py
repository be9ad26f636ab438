"""Build stage: runs load -> resolve -> render for each briefing and writes the outputs
atomically, with manifests for incremental builds; batches, shards and `watch`."""
