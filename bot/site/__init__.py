"""The static schedule site: an agenda as HTML pages (a grid per day by room and time, a list for
phones), pure except for `bot.site.write`, which puts the pages and feeds into a folder."""
