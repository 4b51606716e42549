"""What kind of process this is: one command that runs and exits, or a bot that stays up.

`bot.cli` sets `one_shot` for every command but `serve` and `chat`. Readers of big inputs use it
to spend less on the cyclic garbage collector (`bot.agenda.yamltree.collector_paused`), which a
process that exits in a second does not need to keep tidy, and a bot that stays up does.
"""

one_shot = False
