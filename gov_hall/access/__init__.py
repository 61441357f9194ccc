"""Who may change and read what, on every path a logged-in user can reach (issue 13)."""
