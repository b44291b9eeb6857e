"""Documented limits of a scenario, checked by the parser before anything runs.

A scenario beyond these is not a bank branch's day and would make a run explode (a billion
customers, a million staff, a service time of a year): it is refused with one line naming the
field and the limit. The JSON schema (``lobbysim/schema/scenario.schema.json``) states the same
numbers. The largest branches lobbysim is meant for (a 3,000 m² flagship) see about 1,500
customers a day with 40 staff, far inside them.
"""

from __future__ import annotations

#: customers a day (per_day x day factor x date factor, for every day)
MAX_PER_DAY = 20_000
#: day factors and the date factor
MAX_FACTOR = 10.0
#: coefficient of variation of the day's level
MAX_DAY_CV = 2.0
#: arrivals listed one by one in a trace
MAX_TRACE = 50_000
#: kinds of business in the mix
MAX_BUSINESS = 100
#: staff on the roster
MAX_STAFF = 500
#: shifts, and breaks, of one staff member
MAX_SPANS = 12
#: minutes the staff may run on after closing to finish the queue
MAX_AFTER_CLOSE_MIN = 1440
#: mean service time of a business, minutes (a whole working day)
MAX_SERVICE_MIN = 480
#: mean patience before giving up, minutes
MAX_PATIENCE_MIN = 1440
#: mean balking threshold, tickets ahead
MAX_BALK_THRESHOLD = 10_000
#: seconds lost per call of an absent number
MAX_NO_SHOW_CALL_S = 600
#: walking speeds, m/s (mean at most, lowest possible draw at least)
MAX_WALK_SPEED = 5.0
MIN_WALK_SPEED = 0.2
#: minutes of short staff actions (greeting, authorising, a marketing contact, a call)
MAX_ACTION_MIN = 120
#: steps of one transaction
MAX_STEPS = 20
#: cover rules, micro-salons and the VP's daily tasks
MAX_RULES = 200
#: minutes of one VP task
MAX_TASK_MIN = 600
