"""The wiki: render an agenda page, parse people's edits back, escape text, talk to MediaWiki."""
