"""GD Dashboard's domain and metrics package: everything that is not a page."""
