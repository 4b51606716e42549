"""Chat: commands as pure functions (text in, reply and agenda changes out), and the Slack adapter."""
