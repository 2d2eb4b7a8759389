"""Promotion eligibility, talent (nine-box) and succession: rules, set-based recompute into
an atomically swapped snapshot, and the reads the pages use."""
