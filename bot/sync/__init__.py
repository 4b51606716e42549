"""Two-way sync: the three-way merge (pure), the state store, plan then apply, the retry queue."""
