"""Preview: the loopback web server of `briefkit watch --serve`, and its pages."""
