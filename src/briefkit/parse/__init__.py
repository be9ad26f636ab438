"""briefkit."""
