"""Minutes: meeting logs and notes in, decisions and action items by person out."""
