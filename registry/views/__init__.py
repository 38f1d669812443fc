"""Portal views, one module per area: pages (entry, claim, paper, benchmark, home)."""
