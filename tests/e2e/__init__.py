"""End-to-end tests: the packages generated from specs/ against Prism and a scripted local server."""
