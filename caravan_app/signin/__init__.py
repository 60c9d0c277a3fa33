"""The laptop's phone sign-in web page: a tiny HTTP server over the sign-in services."""
