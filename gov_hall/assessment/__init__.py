"""Quarterly assessment (季度考核): schemes, the facts of a quarter, and the assessment run."""
